//! Fluent catalogues (`locales/<lang>/*.ftl`): lookup with fallback to French, and the
//! [`Lexicon`] of words people use, built from the same files.
//!
//! Every user-facing word lives in the catalogues; this module only finds and formats them.
//! May use `domain` and `engine` (for the lexicon type).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use include_dir::{Dir, include_dir};
use unic_langid::LanguageIdentifier;

use crate::domain::text::fold;
use crate::engine::understand::{Global, LangLexicon, Lexicon};

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/locales");

/// The reference language: every id must exist here first.
pub const REFERENCE: &str = "fr";

/// A catalogue that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocaleError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LocaleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Every language's catalogue.
pub struct Locales {
    bundles: BTreeMap<String, FluentBundle<FluentResource>>,
    /// Where each id is defined: (lang, id) → file.
    ids: BTreeMap<String, BTreeMap<String, String>>,
    /// The line each id starts on: (lang, id) → line.
    lines: BTreeMap<(String, String), usize>,
    lexicon: Lexicon,
}

impl std::fmt::Debug for Locales {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locales")
            .field("languages", &self.languages())
            .finish()
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

impl Locales {
    /// The catalogues compiled into the binary.
    pub fn embedded() -> Result<Self, Vec<LocaleError>> {
        let mut files = Vec::new();
        for dir in EMBEDDED.dirs() {
            let lang = dir.path().to_string_lossy().to_string();
            for f in dir.files() {
                if f.path().extension().is_some_and(|e| e == "ftl") {
                    files.push((
                        lang.clone(),
                        f.path().to_string_lossy().to_string(),
                        f.contents_utf8().unwrap_or_default().to_string(),
                    ));
                }
            }
        }
        Self::from_sources(files)
    }

    /// The catalogues of a folder holding one subfolder per language.
    pub fn from_dir(dir: &Path) -> Result<Self, Vec<LocaleError>> {
        let err = |file: &Path, e: std::io::Error| {
            vec![LocaleError {
                file: file.display().to_string(),
                line: 0,
                message: format!("cannot read: {e}"),
            }]
        };
        let mut files = Vec::new();
        for lang_dir in std::fs::read_dir(dir).map_err(|e| err(dir, e))?.flatten() {
            let path = lang_dir.path();
            if !path.is_dir() {
                continue;
            }
            let lang = lang_dir.file_name().to_string_lossy().to_string();
            for f in std::fs::read_dir(&path)
                .map_err(|e| err(&path, e))?
                .flatten()
            {
                let fp = f.path();
                if fp.extension().is_some_and(|e| e == "ftl") {
                    let text = std::fs::read_to_string(&fp).map_err(|e| err(&fp, e))?;
                    files.push((
                        lang.clone(),
                        format!("{lang}/{}", f.file_name().to_string_lossy()),
                        text,
                    ));
                }
            }
        }
        Self::from_sources(files)
    }

    /// Builds catalogues from `(lang, file name, text)`.
    pub fn from_sources(
        mut files: Vec<(String, String, String)>,
    ) -> Result<Self, Vec<LocaleError>> {
        files.sort();
        let mut errors = Vec::new();
        let mut bundles: BTreeMap<String, FluentBundle<FluentResource>> = BTreeMap::new();
        let mut ids: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let mut lines: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (lang, file, text) in files {
            let langid: LanguageIdentifier = match lang.parse() {
                Ok(l) => l,
                Err(_) => {
                    errors.push(LocaleError {
                        file,
                        line: 0,
                        message: format!("\"{lang}\" is not a language code"),
                    });
                    continue;
                }
            };
            let resource = match FluentResource::try_new(text.clone()) {
                Ok(r) => r,
                Err((r, errs)) => {
                    for e in errs {
                        errors.push(LocaleError {
                            file: file.clone(),
                            line: line_of(&text, e.pos.start),
                            message: format!("{:?}", e.kind),
                        });
                    }
                    r
                }
            };
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    let id = m.id.name.to_string();
                    let known = ids.entry(lang.clone()).or_default();
                    if let Some(other) = known.get(&id) {
                        errors.push(LocaleError {
                            file: file.clone(),
                            line: 0,
                            message: format!("\"{id}\" is already defined in {other}"),
                        });
                    }
                    let at = text
                        .find(&format!("\n{id} ="))
                        .map_or(1, |o| line_of(&text, o + 1));
                    lines.insert((lang.clone(), id.clone()), at);
                    known.insert(id, file.clone());
                }
            }
            let bundle = bundles.entry(lang.clone()).or_insert_with(|| {
                let mut b = FluentBundle::new_concurrent(vec![langid]);
                // Isolation marks would turn every SMS into UCS-2.
                b.set_use_isolating(false);
                b
            });
            if let Err(errs) = bundle.add_resource(resource) {
                for e in errs {
                    errors.push(LocaleError {
                        file: file.clone(),
                        line: 0,
                        message: e.to_string(),
                    });
                }
            }
        }
        if !bundles.contains_key(REFERENCE) {
            errors.push(LocaleError {
                file: format!("{REFERENCE}/"),
                line: 0,
                message: "the reference language is missing".into(),
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut locales = Self {
            bundles,
            ids,
            lines,
            lexicon: Lexicon::default(),
        };
        locales.lexicon = locales.build_lexicon();
        Ok(locales)
    }

    /// Language codes, the reference first.
    pub fn languages(&self) -> Vec<String> {
        let mut langs: Vec<String> = self.bundles.keys().cloned().collect();
        langs.sort_by_key(|l| (l != REFERENCE, l.clone()));
        langs
    }

    /// True when `lang` defines `id` itself (no fallback).
    pub fn has(&self, lang: &str, id: &str) -> bool {
        self.bundles.get(lang).is_some_and(|b| b.has_message(id))
    }

    /// Every id a language defines.
    pub fn ids(&self, lang: &str) -> Vec<String> {
        self.ids
            .get(lang)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// `file:line` where an id is defined in a language.
    pub fn place_of(&self, lang: &str, id: &str) -> Option<(String, usize)> {
        let file = self.file_of(lang, id)?.to_string();
        let line = self
            .lines
            .get(&(lang.to_string(), id.to_string()))
            .copied()
            .unwrap_or(1);
        Some((file, line))
    }

    /// The file defining an id in a language.
    pub fn file_of(&self, lang: &str, id: &str) -> Option<&str> {
        self.ids.get(lang)?.get(id).map(String::as_str)
    }

    /// The words of every language, for understanding replies.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    fn bundle_for(&self, lang: &str, id: &str) -> Option<&FluentBundle<FluentResource>> {
        self.bundles
            .get(lang)
            .filter(|b| b.has_message(id))
            .or_else(|| self.bundles.get(REFERENCE).filter(|b| b.has_message(id)))
    }

    /// Formats a message (or one of its attributes: `.voice`, `.sms`) in a language, falling
    /// back to French, then to the id itself so nothing is ever blank.
    pub fn format(
        &self,
        lang: &str,
        id: &str,
        attribute: Option<&str>,
        args: Option<&FluentArgs<'_>>,
    ) -> String {
        let Some(bundle) = self.bundle_for(lang, id) else {
            tracing::warn!(id, lang, "missing message");
            return id.to_string();
        };
        let Some(msg) = bundle.get_message(id) else {
            return id.to_string();
        };
        let pattern = attribute
            .and_then(|a| msg.get_attribute(a))
            .map(|a| a.value())
            .or_else(|| msg.value());
        let Some(pattern) = pattern else {
            return id.to_string();
        };
        let mut errors = Vec::new();
        let out = bundle
            .format_pattern(pattern, args, &mut errors)
            .to_string();
        if !errors.is_empty() {
            tracing::warn!(id, lang, errors = ?errors, "message formatted with errors");
        }
        out
    }

    /// True when a message has this attribute in the language that would be used.
    pub fn has_attribute(&self, lang: &str, id: &str, attribute: &str) -> bool {
        self.bundle_for(lang, id)
            .and_then(|b| b.get_message(id))
            .is_some_and(|m| m.get_attribute(attribute).is_some())
    }

    /// A comma-separated word list of one language (not falling back).
    fn words(&self, lang: &str, id: &str) -> Vec<String> {
        if !self.has(lang, id) {
            return Vec::new();
        }
        self.format(lang, id, None, None)
            .split(',')
            .map(fold)
            .filter(|w| !w.is_empty())
            .collect()
    }

    fn build_lexicon(&self) -> Lexicon {
        let mut langs = BTreeMap::new();
        for lang in self.bundles.keys() {
            let mut lex = LangLexicon {
                yes: self.words(lang, "words-yes"),
                no: self.words(lang, "words-no"),
                filler: self.words(lang, "words-filler"),
                skip: self.words(lang, "words-skip"),
                more: self.words(lang, "words-more"),
                emergency: self.words(lang, "words-emergency"),
                emergency_not: self.words(lang, "words-emergency-not"),
                emergency_past: self.words(lang, "words-emergency-past"),
                emergency_now: self.words(lang, "words-emergency-now"),
                ..Default::default()
            };
            // Longest filler first, so "merci beaucoup" goes before "merci".
            lex.filler.sort_by_key(|w| std::cmp::Reverse(w.len()));
            for id in self.ids(lang) {
                if id.starts_with("words-") {
                    let list = self.words(lang, &id);
                    lex.lists.insert(id, list);
                }
            }
            for n in 1..=31 {
                for w in self.words(lang, &format!("words-number-{n}")) {
                    lex.numbers.push((w, n));
                }
            }
            for g in Global::ALL {
                lex.globals.insert(g, self.words(lang, g.words_id()));
            }
            for key in ["follow", "cancel"] {
                lex.keywords
                    .insert(key.into(), self.words(lang, &format!("words-{key}")));
            }
            for w in self.words(lang, "words-language") {
                lex.languages.push((w, lang.clone()));
            }
            let mut labels: HashMap<String, Vec<String>> = HashMap::new();
            if let Some(bundle) = self.bundles.get(lang) {
                for id in self.ids(lang) {
                    if id.starts_with("words-") {
                        continue;
                    }
                    let Some(msg) = bundle.get_message(&id) else {
                        continue;
                    };
                    let mut phrases = Vec::new();
                    if let Some(v) = msg.value() {
                        let mut errs = Vec::new();
                        let text = bundle.format_pattern(v, None, &mut errs);
                        if errs.is_empty() && !text.contains('\n') && text.len() < 60 {
                            phrases.push(fold(&text));
                        }
                    }
                    if let Some(syn) = msg.get_attribute("synonyms") {
                        let mut errs = Vec::new();
                        let text = bundle.format_pattern(syn.value(), None, &mut errs);
                        phrases.extend(text.split(',').map(fold).filter(|w| !w.is_empty()));
                    }
                    if !phrases.is_empty() {
                        labels.insert(id, phrases);
                    }
                }
            }
            lex.labels = labels;
            langs.insert(lang.clone(), lex);
        }
        Lexicon {
            langs,
            reference: REFERENCE.to_string(),
            known: Default::default(),
        }
        .index()
    }
}

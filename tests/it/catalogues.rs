//! The texts: every id used exists in every language, and the French reference is plain
//! (ACCESSIBILITY.md, "Plain French"): short sentences, one per line, digits, no
//! abbreviations, dates in words, one word for one thing.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use passerelle::domain::Communes;
use passerelle::i18n::Locales;

const LOCALES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");

/// Every message of a language: id → (file, [(attribute or "", text with `X` for placeables)]).
fn catalogue(lang: &str) -> BTreeMap<String, (String, Vec<(String, String)>)> {
    let mut out = BTreeMap::new();
    let dir = std::path::Path::new(LOCALES).join(lang);
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let res = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, e)| panic!("{file}: {e:?}"));
        for e in res.body {
            if let Entry::Message(m) = e {
                let mut parts = Vec::new();
                if let Some(v) = &m.value {
                    parts.push((String::new(), flatten(v)));
                }
                for a in &m.attributes {
                    parts.push((a.id.name.to_string(), flatten(&a.value)));
                }
                out.insert(m.id.name.to_string(), (file.clone(), parts));
            }
        }
    }
    out
}

fn flatten(p: &Pattern<&str>) -> String {
    let mut s = String::new();
    for el in &p.elements {
        match el {
            PatternElement::TextElement { value } => s.push_str(value),
            PatternElement::Placeable { expression } => match expression {
                // A select: lint its default variant's text.
                Expression::Select { variants, .. } => {
                    if let Some(v) = variants.iter().find(|v| v.default) {
                        s.push_str(&flatten(&v.value));
                    }
                }
                Expression::Inline(InlineExpression::MessageReference { .. }) => {
                    s.push_str("appelez le X")
                }
                Expression::Inline(_) => s.push('X'),
            },
        }
    }
    s
}

fn variables(p: &str) -> BTreeSet<String> {
    p.split("{ $")
        .skip(1)
        .filter_map(|rest| rest.split([' ', '}']).next())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_language_has_every_message_of_the_reference() {
    let fr = catalogue("fr");
    for lang in ["en", "ar"] {
        let other = catalogue(lang);
        let missing: Vec<&String> = fr.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<&String> = other.keys().filter(|k| !fr.contains_key(*k)).collect();
        assert!(missing.is_empty(), "locales/{lang} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "locales/{lang} has ids French does not: {extra:?}"
        );
    }
}

#[test]
fn translations_use_the_same_variables() {
    let raw = |lang: &str| -> BTreeMap<String, BTreeSet<String>> {
        let mut out = BTreeMap::new();
        let dir = std::path::Path::new(LOCALES).join(lang);
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let mut current = String::new();
            for line in text.lines() {
                if let Some((id, _)) = line.split_once(" =")
                    && !line.starts_with(' ')
                    && !line.starts_with('#')
                {
                    current = id.trim().to_string();
                }
                out.entry(current.clone())
                    .or_insert_with(BTreeSet::new)
                    .extend(variables(line));
            }
        }
        out
    };
    let fr = raw("fr");
    for lang in ["en", "ar"] {
        for (id, vars) in raw(lang) {
            if let Some(fv) = fr.get(&id) {
                assert_eq!(&vars, fv, "{lang}: {id} uses other variables than French");
            }
        }
    }
}

#[test]
fn every_id_used_by_flows_and_code_exists_in_every_language() {
    let flows = passerelle::engine::load_embedded().unwrap();
    let locales = Locales::embedded().unwrap();
    let communes = Communes::embedded().unwrap();
    let problems = passerelle::flowcheck::check(&flows, &locales, &communes);
    assert!(problems.is_empty(), "{problems:#?}");
    for lang in ["fr", "en", "ar"] {
        for id in passerelle::flowcheck::code_message_ids() {
            assert!(locales.has(lang, &id), "{lang}: {id}");
        }
    }
}

/// Words of the command vocabulary the texts teach, allowed in capitals.
const COMMAND_WORDS: [&str; 11] = [
    "STOP", "START", "INFO", "SUIVI", "SUITE", "MENU", "OUI", "NON", "SMS", "SAMU", "ANNULER",
];
const ABBREVIATIONS: [&str; 9] = ["etc", "ex", "n°", "rdv", "tél", "tel", "svp", "cf", "càd"];
const NUMBER_WORDS: [&str; 14] = [
    "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
    "quinze", "vingt", "cent",
];
/// One word for one thing: the glossary's words, not these.
const OFF_GLOSSARY: [(&str, &str); 6] = [
    ("requête", "demande"),
    ("sollicitation", "demande"),
    ("volontaire", "bénévole"),
    ("référence", "code"),
    ("numéro de suivi", "code"),
    ("identifiant", "code"),
];

fn words(sentence: &str) -> Vec<&str> {
    sentence
        .split(|c: char| {
            c.is_whitespace() || c == '\'' || c == ',' || c == ':' || c == '(' || c == ')'
        })
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .collect()
}

fn sentences(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in line.chars() {
        cur.push(c);
        if matches!(c, '.' | '?' | '!') {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out.into_iter().filter(|s| !words(s).is_empty()).collect()
}

#[test]
fn the_french_reference_is_plain_french() {
    let mut failures = Vec::new();
    let mut warnings = Vec::new();
    for (id, (file, parts)) in catalogue("fr") {
        if file == "words.ftl" {
            continue;
        }
        for (attr, text) in parts {
            if attr == "synonyms" {
                continue;
            }
            let at = format!(
                "fr/{file}: {id}{}",
                if attr.is_empty() {
                    String::new()
                } else {
                    format!(".{attr}")
                }
            );
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            for line in &lines {
                let ss = sentences(line);
                if lines.len() > 1 && ss.len() > 1 {
                    failures.push(format!("{at}: one sentence per line: \"{line}\""));
                }
                for s in &ss {
                    let n = words(s).len();
                    if n > 15 {
                        failures.push(format!("{at}: {n} words (15 at most): \"{s}\""));
                    } else if n > 12 {
                        warnings.push(format!("{at}: {n} words (12 or fewer is better): \"{s}\""));
                    }
                }
                for w in words(line) {
                    let lower = w.to_lowercase();
                    let bare = lower.trim_end_matches('.');
                    if ABBREVIATIONS.contains(&bare) || w.ends_with("°") {
                        failures.push(format!("{at}: abbreviation \"{w}\""));
                    }
                    if w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                        && w.chars()
                            .filter(|c| c.is_alphabetic())
                            .all(char::is_uppercase)
                        && !COMMAND_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
                    {
                        failures.push(format!(
                            "{at}: capitals \"{w}\" (only the command words taught)"
                        ));
                    }
                    if NUMBER_WORDS.contains(&bare) {
                        failures.push(format!("{at}: write numbers as digits, not \"{w}\""));
                    }
                }
                if line.contains('%') || line.contains("pour cent") {
                    failures.push(format!("{at}: no percentages"));
                }
                let digits_date = line.split_whitespace().any(|w| {
                    let parts: Vec<&str> = w
                        .trim_matches(|c: char| !c.is_ascii_digit())
                        .split('/')
                        .collect();
                    parts.len() >= 2
                        && parts
                            .iter()
                            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
                });
                if digits_date {
                    failures.push(format!(
                        "{at}: dates are written out (\"samedi 6 décembre\")"
                    ));
                }
                for (off, word) in OFF_GLOSSARY {
                    if line.to_lowercase().contains(off) {
                        failures.push(format!("{at}: say \"{word}\", not \"{off}\""));
                    }
                }
            }
        }
    }
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_lint_catches_what_it_says() {
    assert_eq!(sentences("Bonjour. Ça va ?").len(), 2);
    assert_eq!(words("C'est l'heure, vraiment : oui (15).").len(), 7);
    assert_eq!(
        variables("a { $x } b { $y }"),
        BTreeSet::from(["x".to_string(), "y".to_string()])
    );
}

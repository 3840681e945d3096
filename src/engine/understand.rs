//! Understanding what a person replied: digits, labels and their synonyms, number words,
//! yes and no, command words, emergencies.
//!
//! Generous on purpose: accents may be missing, one typo is forgiven in a word of 5 letters
//! or more, polite filler ("bonjour", "merci") is ignored. Labels and synonyms are matched
//! before number words, so "une visite" is the visit, not choice 1. Every word list comes
//! from the locales (a [`Lexicon`]), never from this code.

use std::collections::{BTreeMap, HashMap};

use crate::domain::text::{fold, within_one_edit};

pub mod day;
pub mod intent;
mod message;
pub mod place;

pub use message::{Understood, read_message};

/// Words that mean something wherever the conversation stands, when they are the whole message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Global {
    Menu,
    Info,
    Back,
    Human,
    Stop,
    Start,
}

impl Global {
    pub const ALL: [Global; 6] = [
        Global::Menu,
        Global::Info,
        Global::Back,
        Global::Human,
        Global::Stop,
        Global::Start,
    ];

    /// The Fluent id of its word list in `words.ftl`.
    pub fn words_id(self) -> &'static str {
        match self {
            Global::Menu => "words-menu",
            Global::Info => "words-info",
            Global::Back => "words-back",
            Global::Human => "words-human",
            Global::Stop => "words-stop",
            Global::Start => "words-start",
        }
    }
}

/// The words of one language, folded.
#[derive(Clone, Debug, Default)]
pub struct LangLexicon {
    pub yes: Vec<String>,
    pub no: Vec<String>,
    pub filler: Vec<String>,
    pub skip: Vec<String>,
    pub more: Vec<String>,
    pub emergency: Vec<String>,
    /// Phrases holding an emergency word that are not one ("pas d'urgence", "Secours
    /// populaire", "en cas d'urgence" in an auto-reply).
    pub emergency_not: Vec<String>,
    /// Words placing it in the past, over now ("la semaine dernière", "maintenant ça va").
    pub emergency_past: Vec<String>,
    /// Words saying it is happening now, which the past does not cancel ("je n'arrive pas à
    /// me relever").
    pub emergency_now: Vec<String>,
    /// Number words and ordinals with their value ("une" → 1, "deuxieme" → 2).
    pub numbers: Vec<(String, usize)>,
    pub globals: BTreeMap<Global, Vec<String>>,
    /// Command words that open a flow (lexicon key → words).
    pub keywords: BTreeMap<String, Vec<String>>,
    /// Language names → language code.
    pub languages: Vec<(String, String)>,
    /// Fluent id of a label → its text and synonyms, folded.
    pub labels: HashMap<String, Vec<String>>,
    /// Every `words-*` list by its id, folded (days, intents, places…: read by the
    /// understanding of whole messages in `understand/`).
    pub lists: BTreeMap<String, Vec<String>>,
}

impl LangLexicon {
    /// A `words-*` list (empty when this language has none).
    pub fn list(&self, id: &str) -> &[String] {
        self.lists.get(id).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Every language's words; matching tries the person's language, then French.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    pub langs: BTreeMap<String, LangLexicon>,
    pub reference: String,
    /// Every single word of every list and label (department names aside), for
    /// [`Lexicon::is_known_word`]; built by [`Lexicon::index`].
    pub known: std::collections::HashSet<String>,
}

impl Lexicon {
    pub(crate) fn order<'a>(&'a self, lang: &str) -> impl Iterator<Item = &'a LangLexicon> {
        let first = self.langs.get(lang);
        let second = (lang != self.reference)
            .then(|| self.langs.get(&self.reference))
            .flatten();
        first.into_iter().chain(second)
    }

    /// The words of a message that are not filler. French filler is stripped too, except
    /// words that mean yes or no in the person's language (arabizi "la" is no, not "the").
    pub fn content_words(&self, lang: &str, text: &str) -> Vec<String> {
        let folded = fold(text);
        let mut words: Vec<String> = folded
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let own = self.langs.get(lang);
        for lex in self.order(lang) {
            let filler: Vec<String> = match own {
                Some(own) if !std::ptr::eq(own, lex) => lex
                    .filler
                    .iter()
                    .filter(|w| !own.yes.contains(w) && !own.no.contains(w))
                    .cloned()
                    .collect(),
                _ => lex.filler.clone(),
            };
            words = strip_phrases(&words, &filler);
        }
        words
    }

    /// A command word alone (`MENU`, `STOP`…). Opting out and asking for a person are also
    /// understood inside a short sentence ("Stop merci", "je ne veux plus recevoir de SMS",
    /// "rappelez-moi s'il vous plaît"), from the `words-stop-phrase` and `words-human-phrase`
    /// lists.
    pub fn global(&self, lang: &str, text: &str) -> Option<Global> {
        let folded = fold(text);
        let words = self.content_words(lang, text);
        let joined = words.join(" ");
        for lex in self.order(lang) {
            for (g, list) in &lex.globals {
                // Opt-out and opt-in words count only as the whole message, politeness aside.
                let candidate = match g {
                    Global::Stop if list.contains(&folded) => return Some(*g),
                    Global::Start => &folded,
                    _ => &joined,
                };
                if list.iter().any(|w| w == candidate) {
                    return Some(*g);
                }
            }
        }
        let all: Vec<String> = folded.split(' ').map(str::to_string).collect();
        let short = all.len() <= 8;
        for (g, id) in [
            (Global::Stop, "words-stop-phrase"),
            (Global::Human, "words-human-phrase"),
        ] {
            if short
                && self
                    .langs
                    .values()
                    .any(|l| l.list(id).iter().any(|p| contains_phrase(&all, p)))
            {
                return Some(g);
            }
        }
        None
    }

    /// True when a word belongs to a word list or a label of some language: such a word is
    /// never read as a commune's name with a typo.
    pub fn is_known_word(&self, word: &str) -> bool {
        self.known.contains(word)
    }

    /// Builds the index of known words once the lists are read.
    pub fn index(mut self) -> Self {
        let mut known = std::collections::HashSet::new();
        for l in self.langs.values() {
            let lists = l
                .lists
                .iter()
                .filter(|(id, _)| !id.starts_with("words-dept-"))
                .map(|(_, list)| list);
            for phrase in lists.chain(l.labels.values()).flatten() {
                known.extend(phrase.split(' ').map(str::to_string));
            }
        }
        self.known = known;
        self
    }

    /// A language name alone: the language code.
    pub fn language(&self, lang: &str, text: &str) -> Option<String> {
        let joined = self.content_words(lang, text).join(" ");
        for lex in self.langs.values() {
            for (name, code) in &lex.languages {
                if *name == joined {
                    return Some(code.clone());
                }
            }
        }
        None
    }

    /// A command word that opens a flow, maybe followed by a code: `SUIVI 482915`.
    pub fn keyword(&self, lang: &str, key: &str, text: &str) -> Option<Option<String>> {
        let words = self.content_words(lang, text);
        let first = words.first()?;
        for lex in self.order(lang) {
            if lex.keywords.get(key).is_some_and(|l| l.contains(first)) {
                let rest = words[1..].join(" ");
                return Some((!rest.is_empty()).then_some(rest));
            }
        }
        None
    }

    /// True when the message tells of an emergency, in any language: an emergency word
    /// anywhere (one typo forgiven), unless it is negated or quoted ("ce n'est pas urgent",
    /// "Secours populaire") or told as past and over ("je suis tombée la semaine dernière,
    /// maintenant ça va") without a sign that it is happening now.
    pub fn is_emergency(&self, text: &str) -> bool {
        let words: Vec<String> = fold(text)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let mut kept = words.clone();
        for lex in self.langs.values() {
            kept = strip_phrases(&kept, &lex.emergency_not);
        }
        let said = |pick: fn(&LangLexicon) -> &Vec<String>, words: &[String]| {
            self.langs
                .values()
                .any(|lex| pick(lex).iter().any(|p| phrase_score(words, p) > 0))
        };
        if !said(|l| &l.emergency, &kept) {
            return false;
        }
        let exact = |pick: fn(&LangLexicon) -> &Vec<String>| {
            self.langs
                .values()
                .any(|lex| pick(lex).iter().any(|p| contains_phrase(&words, p)))
        };
        !exact(|l| &l.emergency_past) || said(|l| &l.emergency_now, &kept)
    }

    /// `SUITE`: show more.
    pub fn is_more(&self, lang: &str, text: &str) -> bool {
        let joined = self.content_words(lang, text).join(" ");
        self.order(lang).any(|lex| lex.more.contains(&joined))
    }

    /// A word meaning "nothing to add".
    pub fn is_skip(&self, lang: &str, text: &str) -> bool {
        let joined = self.content_words(lang, text).join(" ");
        joined.is_empty()
            || self
                .order(lang)
                .any(|lex| lex.skip.contains(&joined) || lex.no.contains(&joined))
    }

    /// Yes (`Some(true)`), no (`Some(false)`) or not understood. The longest phrase found
    /// decides, so "pas d'accord" is no although it holds "d'accord", and "no problem" is yes
    /// although it holds "no".
    pub fn yes_no(&self, lang: &str, text: &str) -> Option<bool> {
        let words = self.content_words(lang, text);
        let joined = words.join(" ");
        match joined.as_str() {
            "1" => return Some(true),
            "2" => return Some(false),
            _ => {}
        }
        for lex in self.order(lang) {
            let longest = |list: &[String]| {
                list.iter()
                    .filter(|p| phrase_score(&words, p) > 0)
                    .map(|p| p.split(' ').count())
                    .max()
                    .unwrap_or(0)
            };
            let (yes, no) = (longest(&lex.yes), longest(&lex.no));
            if yes > no {
                return Some(true);
            }
            if no > yes {
                return Some(false);
            }
        }
        None
    }

    /// Which of these labels (Fluent ids) the words name, by its text or a synonym, when one
    /// scores clearly best. Returns its index.
    pub fn best_label(&self, lang: &str, words: &[String], labels: &[&str]) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        let mut tie = false;
        for lex in self.order(lang) {
            for (i, id) in labels.iter().enumerate() {
                let Some(phrases) = lex.labels.get(*id) else {
                    continue;
                };
                let score = phrases
                    .iter()
                    .map(|p| phrase_score(words, p))
                    .max()
                    .unwrap_or(0);
                if score == 0 {
                    continue;
                }
                match best {
                    Some((_, s)) if s > score => {}
                    Some((j, s)) if s == score && j != i => tie = true,
                    Some((j, s)) if s == score && j == i => {}
                    _ => {
                        best = Some((i, score));
                        tie = false;
                    }
                }
            }
            if best.is_some() {
                break;
            }
        }
        match (best, tie) {
            (Some((i, _)), false) => Some(i),
            _ => None,
        }
    }

    /// Which of `count` numbered choices, whose labels are these Fluent ids, the person meant.
    /// Returns a 0-based index.
    pub fn choice(
        &self,
        lang: &str,
        text: &str,
        labels: &[&str],
        first_number: usize,
        count: usize,
    ) -> Option<usize> {
        let words = self.content_words(lang, text);
        if words.is_empty() {
            return None;
        }
        let in_range = |n: usize| {
            (first_number..first_number + count)
                .contains(&n)
                .then(|| n - first_number)
        };
        if words.len() == 1
            && let Ok(n) = words[0].parse::<usize>()
        {
            return in_range(n);
        }
        // Labels and synonyms first.
        if let Some(i) = self.best_label(lang, &words, labels) {
            return Some(i);
        }
        // Then number words, alone.
        if words.len() == 1 {
            for lex in self.order(lang) {
                if let Some((_, n)) = lex.numbers.iter().find(|(w, _)| *w == words[0]) {
                    return in_range(*n);
                }
            }
        }
        // Then a single number among other words ("le 2 svp").
        let digits: Vec<usize> = words.iter().filter_map(|w| w.parse().ok()).collect();
        if digits.len() == 1 {
            return in_range(digits[0]);
        }
        None
    }
}

/// Removes every occurrence of the given phrases from a list of words.
pub(crate) fn strip_phrases(words: &[String], phrases: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'outer: while i < words.len() {
        for p in phrases {
            // Compared word by word without splitting into a vector: this runs for every
            // word of every message against every list.
            let n = p.split(' ').count();
            if n <= words.len() - i && p.split(' ').zip(&words[i..]).all(|(a, b)| a == b) {
                i += n;
                continue 'outer;
            }
        }
        out.push(words[i].clone());
        i += 1;
    }
    out
}

pub(crate) fn word_matches(typed: &str, expected: &str) -> bool {
    if typed == expected {
        return true;
    }
    // One edit changes the length by one character, at most four bytes.
    typed.len().abs_diff(expected.len()) <= 4
        && expected.chars().count() >= 5
        && within_one_edit(typed, expected)
}

/// How well the words hold a phrase: 0 when they don't; more words matched score higher,
/// exact matches higher than forgiven typos.
pub(crate) fn phrase_score(words: &[String], phrase: &str) -> usize {
    let parts = || phrase.split(' ').filter(|w| !w.is_empty());
    let n = parts().count();
    if n == 0 {
        return 0;
    }
    let mut best = 0;
    // "aujourdhui" for "aujourd'hui", "daccord" for "d'accord": the words glued together.
    if n > 1 {
        let glued_len = phrase.len() + 1 - n;
        for w in words {
            if w.len().abs_diff(glued_len) > 4 {
                continue;
            }
            let glued: String = parts().collect();
            if word_matches(w, &glued) {
                best = n * 4 + usize::from(*w == glued) * 2 + usize::from(words.len() == 1);
            }
        }
    }
    if words.len() < n {
        return best;
    }
    for start in 0..=words.len() - n {
        let window = &words[start..start + n];
        let mut exact = true;
        let all = parts().zip(window).all(|(p, w)| {
            if p == w {
                return true;
            }
            exact = false;
            word_matches(w, p)
        });
        if all {
            let score = n * 4 + usize::from(exact) * 2 + usize::from(n == words.len());
            best = best.max(score);
        }
    }
    best
}

/// True when the words hold the phrase exactly, as consecutive words.
pub(crate) fn contains_phrase(words: &[String], phrase: &str) -> bool {
    let pw: Vec<&str> = phrase.split(' ').filter(|w| !w.is_empty()).collect();
    !pw.is_empty()
        && words
            .windows(pw.len())
            .any(|w| w.iter().zip(&pw).all(|(a, b)| a == b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        let fr = LangLexicon {
            yes: vec!["oui".into(), "ouais".into(), "o".into(), "d accord".into()],
            no: vec!["non".into(), "n".into()],
            filler: vec![
                "bonjour".into(),
                "merci".into(),
                "svp".into(),
                "s il vous plait".into(),
            ],
            numbers: vec![
                ("un".into(), 1),
                ("une".into(), 1),
                ("premier".into(), 1),
                ("deux".into(), 2),
            ],
            emergency: vec![
                "urgence".into(),
                "au secours".into(),
                "je suis tombe".into(),
                "je suis tombee".into(),
            ],
            emergency_not: vec![
                "pas urgent".into(),
                "pas d urgence".into(),
                "secours populaire".into(),
            ],
            emergency_past: vec!["la semaine derniere".into(), "hier".into()],
            emergency_now: vec!["n arrive pas a me relever".into()],
            labels: HashMap::from([
                (
                    "cat-courses".to_string(),
                    vec![
                        "faire les courses".into(),
                        "courses".into(),
                        "commissions".into(),
                    ],
                ),
                (
                    "cat-visite".to_string(),
                    vec!["une visite parler un peu".into(), "visite".into()],
                ),
                ("cat-jardin".to_string(), vec!["jardin".into()]),
            ]),
            globals: BTreeMap::from([
                (Global::Menu, vec!["menu".into()]),
                (Global::Stop, vec!["stop".into(), "arret".into()]),
            ]),
            ..Default::default()
        };
        Lexicon {
            langs: BTreeMap::from([("fr".to_string(), fr)]),
            reference: "fr".into(),
            known: Default::default(),
        }
        .index()
    }

    const LABELS: [&str; 3] = ["cat-courses", "cat-visite", "cat-jardin"];

    #[test]
    fn digits_with_polite_filler() {
        assert_eq!(
            lex().choice("fr", "bonjour 2 merci", &LABELS, 1, 3),
            Some(1)
        );
        assert_eq!(lex().choice("fr", "3", &LABELS, 1, 3), Some(2));
        assert_eq!(lex().choice("fr", "4", &LABELS, 1, 3), None);
    }

    #[test]
    fn labels_win_over_number_words() {
        assert_eq!(lex().choice("fr", "une visite", &LABELS, 1, 3), Some(1));
        assert_eq!(lex().choice("fr", "une", &LABELS, 1, 3), Some(0));
        assert_eq!(lex().choice("fr", "le premier", &LABELS, 1, 3), None);
    }

    #[test]
    fn synonyms_typos_and_accents() {
        assert_eq!(lex().choice("fr", "Commissions", &LABELS, 1, 3), Some(0));
        assert_eq!(lex().choice("fr", "coursses", &LABELS, 1, 3), Some(0));
        assert_eq!(lex().choice("fr", "le jardin svp", &LABELS, 1, 3), Some(2));
        assert_eq!(
            lex().choice("fr", "jardn", &LABELS, 1, 3),
            Some(2),
            "jardin has 6 letters: one typo is forgiven"
        );
        assert_eq!(
            lex().choice("fr", "jrdn", &LABELS, 1, 3),
            None,
            "two typos are not"
        );
    }

    #[test]
    fn yes_and_no() {
        let l = lex();
        assert_eq!(l.yes_no("fr", "Oui merci"), Some(true));
        assert_eq!(l.yes_no("fr", "ouais"), Some(true));
        assert_eq!(l.yes_no("fr", "D'accord"), Some(true));
        assert_eq!(l.yes_no("fr", "non"), Some(false));
        assert_eq!(l.yes_no("fr", "2"), Some(false));
        assert_eq!(l.yes_no("fr", "peut-être"), None);
    }

    #[test]
    fn global_words_only_alone() {
        let l = lex();
        assert_eq!(l.global("fr", "MENU"), Some(Global::Menu));
        assert_eq!(l.global("fr", "Arrêt"), Some(Global::Stop));
        assert_eq!(l.global("fr", "menu du jour"), None);
        // Opting out with a polite word still opts out.
        assert_eq!(l.global("fr", "stop merci"), Some(Global::Stop));
    }

    #[test]
    fn emergencies_anywhere() {
        let l = lex();
        assert!(l.is_emergency("Je suis tombé dans la cuisine"));
        assert!(l.is_emergency("AU SECOURS"));
        assert!(l.is_emergency("urgense"), "one typo is forgiven");
        assert!(!l.is_emergency("je voudrais des tomates"));
    }

    #[test]
    fn negated_quoted_or_past_emergencies_are_not_emergencies() {
        let l = lex();
        assert!(!l.is_emergency("ce n'est pas urgent"));
        assert!(!l.is_emergency("Le Secours populaire m'a donné votre numéro"));
        assert!(!l.is_emergency(
            "je suis tombée la semaine dernière, maintenant ça va, j'ai besoin d'aide pour les courses"
        ));
        assert!(
            l.is_emergency("je suis tombée hier et je n'arrive pas à me relever"),
            "the past does not cancel what is happening now"
        );
        assert!(l.is_emergency("urgence, pas le temps"));
    }
}

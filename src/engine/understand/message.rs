//! A whole message read at once: what it is for, the kind of help, where, when, a reference
//! code, and the language it is written in. The engine fills every question this answers
//! and asks only for what is missing.

use jiff::civil::Date;

use super::day::{self, Day};
use super::intent::{self, Intent};
use super::place::{self, Place};
use super::{LangLexicon, Lexicon, phrase_score};
use crate::domain::Communes;
use crate::domain::text::fold;

/// Everything understood in one message.
#[derive(Clone, Debug, PartialEq)]
pub struct Understood<'c> {
    pub intent: Option<Intent>,
    /// The language the message is written in, when its words say so clearly.
    pub lang: Option<String>,
    /// The kind of help: the index of a category label given to [`read_message`].
    pub category: Option<usize>,
    pub place: Option<Place<'c>>,
    pub day: Option<Day>,
    pub code: Option<u32>,
    /// The message asks to be written to in this language ("sorry I don't speak French").
    pub switch: Option<String>,
    /// How many words are not politeness: a long message carries its own details.
    pub content_words: usize,
}

/// The language of a message: Arabic script, or the language whose `words-lang-marker` list
/// holds the most of its words (French, English, arabizi), when one clearly leads.
pub fn language(lex: &Lexicon, text: &str, words: &[String]) -> Option<String> {
    if text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
        return Some("ar".into());
    }
    let mut scores: Vec<(usize, &String)> = lex
        .langs
        .iter()
        .map(|(code, l)| {
            let markers = l.list("words-lang-marker");
            (words.iter().filter(|w| markers.contains(w)).count(), code)
        })
        .collect();
    scores.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scores.as_slice() {
        [(best, code), (second, _), ..] if *best >= 1 && best > second => Some((*code).clone()),
        [(best, code)] if *best >= 1 => Some((*code).clone()),
        _ => None,
    }
}

/// The kind of help the words name: a category's label or synonyms, or its `words-cat-<key>`
/// list, in the person's language first. `None` when two score the same.
fn category(
    lex: &Lexicon,
    lang: &str,
    words: &[String],
    categories: &[(&str, &str)],
) -> Option<usize> {
    let first: Vec<&LangLexicon> = lex.order(lang).collect();
    let rest = lex
        .langs
        .values()
        .filter(|l| !first.iter().any(|k| std::ptr::eq(*k, *l)));
    let langs: Vec<&LangLexicon> = first.iter().copied().chain(rest).collect();
    for l in langs {
        let mut best: Option<(usize, usize)> = None;
        let mut tie = false;
        for (i, (key, label)) in categories.iter().enumerate() {
            let list = l.list(&format!("words-cat-{key}"));
            let synonyms = l.labels.get(*label).map(Vec::as_slice).unwrap_or(&[]);
            let score = list
                .iter()
                .chain(synonyms)
                .map(|p| phrase_score(words, p))
                .max()
                .unwrap_or(0);
            match best {
                _ if score == 0 => {}
                Some((_, s)) if s > score => {}
                Some((j, s)) if s == score && j != i => tie = true,
                Some((j, s)) if s == score && j == i => {}
                _ => {
                    best = Some((i, score));
                    tie = false;
                }
            }
        }
        match (best, tie) {
            (Some((i, _)), false) => return Some(i),
            (Some(_), true) => return None,
            _ => {}
        }
    }
    None
}

/// Reads a message. `categories` are the kinds of help (key and label's Fluent id, from the
/// question whose slot is the category); `lang` the conversation's language; `today` the
/// person's local date.
pub fn read_message<'c>(
    lex: &Lexicon,
    communes: &'c Communes,
    lang: &str,
    text: &str,
    today: Date,
    categories: &[(&str, &str)],
) -> Understood<'c> {
    let words: Vec<String> = fold(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let written_in = language(lex, text, &words);
    let lang = written_in.as_deref().unwrap_or(lang);
    let content = lex.content_words(lang, text);
    let category = category(lex, lang, &words, categories);
    let place = place::find(lex, communes, &words);
    let day = day::find(lex, &words, today);
    let mut intent = intent::find(lex, &words, &content);
    if matches!(intent, None | Some(Intent::Language(_)))
        && (category.is_some() || (place.is_some() && day.is_some()))
    {
        intent = Some(Intent::Help);
    }
    Understood {
        intent,
        lang: written_in,
        category,
        place,
        day,
        code: intent::code(&words),
        switch: intent::switch(lex, &words),
        content_words: content.len(),
    }
}

//! What a person wants, from a whole message: to be helped, to help (volunteer), to follow a
//! request, to ask a question, to change language, or only to say hello.
//!
//! Every phrase comes from the `words-intent-*` and `words-switch` lists of the locales; the
//! order below settles messages that hold several ("je peux aider pour les courses" offers,
//! although "courses" names a kind of help).

use super::{Lexicon, contains_phrase, phrase_score, strip_phrases};

/// What a message is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Asks for help.
    Help,
    /// Offers help: volunteering, missions.
    Offer,
    /// Asks about a request already made.
    Follow,
    /// A question the flows cannot answer ("c'est gratuit ?").
    Question,
    /// Asks to be written to in this language.
    Language(String),
    /// Asks to change language, without saying which.
    LanguageMenu,
    /// Only greetings and politeness.
    Greeting,
}

/// True when any language's list `id` holds one of its phrases in these words (a typo
/// forgiven in long words).
fn said(lex: &Lexicon, id: &str, words: &[String]) -> bool {
    lex.langs
        .values()
        .any(|l| l.list(id).iter().any(|p| phrase_score(words, p) > 0))
}

/// The language a message asks to be answered in ("sorry I don't speak French",
/// "عربي من فضلك", "3arbiya"), from each language's `words-switch` list.
pub fn switch(lex: &Lexicon, words: &[String]) -> Option<String> {
    lex.langs.iter().find_map(|(code, l)| {
        l.list("words-switch")
            .iter()
            .any(|p| contains_phrase(words, p))
            .then(|| code.clone())
    })
}

/// A reference code in the words: `482915` or `482 915`.
pub fn code(words: &[String]) -> Option<u32> {
    let six = |w: &str| w.len() == 6 && w.chars().all(|c| c.is_ascii_digit());
    let three = |w: &str| w.len() == 3 && w.chars().all(|c| c.is_ascii_digit());
    for (i, w) in words.iter().enumerate() {
        let candidate = if six(w) {
            w.clone()
        } else if three(w) && words.get(i + 1).is_some_and(|n| three(n)) {
            format!("{w}{}", words[i + 1])
        } else {
            continue;
        };
        if let Some(code) = crate::domain::RefCode::parse(&candidate) {
            return Some(code.value());
        }
    }
    None
}

/// What the message is for, given all its words and those that are not filler (`content`).
/// Asking for another language is [`switch`]'s; it is the intent only when nothing else is
/// asked ("I need help, I don't speak French" asks for help, in English).
pub fn find(lex: &Lexicon, words: &[String], content: &[String]) -> Option<Intent> {
    if content.is_empty() {
        return Some(Intent::Greeting);
    }
    if code(words).is_some() || said(lex, "words-intent-follow", words) {
        return Some(Intent::Follow);
    }
    if said(lex, "words-intent-question", words) {
        return Some(Intent::Question);
    }
    // "est-ce que je peux demander…" asks; "je peux aider" offers.
    let mut offer_words = words.to_vec();
    for l in lex.langs.values() {
        offer_words = strip_phrases(&offer_words, l.list("words-intent-offer-not"));
    }
    if said(lex, "words-intent-offer", &offer_words) {
        return Some(Intent::Offer);
    }
    if said(lex, "words-intent-help", words) {
        return Some(Intent::Help);
    }
    if let Some(lang) = switch(lex, words) {
        return Some(Intent::Language(lang));
    }
    let whole = content.join(" ");
    if lex
        .langs
        .values()
        .any(|l| l.list("words-intent-language").contains(&whole))
    {
        return Some(Intent::LanguageMenu);
    }
    if content.len() <= 2 && said(lex, "words-greeting", words) {
        return Some(Intent::Greeting);
    }
    None
}

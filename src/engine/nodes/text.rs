//! `text`: a few words (or, by phone, a voice message); `optional` lets the person skip.

use super::words;
use crate::engine::model::Target;
use crate::engine::parse::{NodeParser, RawNode};
use crate::engine::session::{Arg, Value};
use crate::engine::step::{Expect, Input, MAX_TEXT_CHARS, Miss, Prompt, Stepper, Text};

#[derive(Clone, Debug)]
pub struct TextNode {
    pub store: String,
    pub next: Target,
    pub optional: bool,
}

/// What a skipped optional text stores: shown as "rien à ajouter".
pub fn skipped() -> Value {
    Value::Arg(Arg::Label("text-skipped".into()))
}

impl TextNode {
    pub(in crate::engine) fn parse(raw: &RawNode, p: &mut NodeParser<'_>) -> Self {
        Self {
            store: p.store(raw),
            next: p.need("next", raw.next.as_ref()),
            optional: raw.optional.unwrap_or(false),
        }
    }

    pub(in crate::engine) fn prompt(&self, st: &Stepper<'_, '_>, ask: &str) -> Prompt {
        Prompt {
            node: st.s.at.clone(),
            text: Text::with(ask, st.s.args()),
            choices: Vec::new(),
            more: false,
            expect: Expect::Text {
                optional: self.optional,
            },
        }
    }

    pub(in crate::engine) fn answer(
        &self,
        st: &mut Stepper<'_, '_>,
        input: Input<'_>,
    ) -> Result<(), Miss> {
        let trimmed = words(&input).trim();
        let value = if let Input::Recording(url) = input {
            Value::Recording(url.to_string())
        } else if self.optional && st.ctx.lexicon.is_skip(&st.s.lang, trimmed) {
            skipped()
        } else if trimmed.is_empty() {
            return Err(Miss::Say("not-understood"));
        } else {
            Value::Text(trimmed.chars().take(MAX_TEXT_CHARS).collect())
        };
        st.s.vars.insert(self.store.clone(), value);
        st.advance(self.next.clone());
        Ok(())
    }

    /// Silence where optional words are asked means "nothing to add".
    pub(in crate::engine) fn skip_on_silence(&self, st: &mut Stepper<'_, '_>) -> bool {
        if !self.optional {
            return false;
        }
        st.s.vars.insert(self.store.clone(), skipped());
        st.advance(self.next.clone());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::skipped;
    use crate::engine::session::Value;
    use crate::engine::step::{Input, MAX_TEXT_CHARS};
    use crate::engine::testing::Talk;

    /// At "Dites-nous en quelques mots" (optional) of the help flow.
    fn at_details() -> Talk {
        let mut t = Talk::new();
        t.sends(&["1", "1", "Rumilly", "3"]);
        assert_eq!(t.stands(), "help:details");
        t
    }

    #[test]
    fn words_are_stored_trimmed() {
        let mut t = at_details();
        t.send("  du pain et du lait  ");
        assert_eq!(
            t.var("details"),
            Some(&Value::Text("du pain et du lait".into()))
        );
        assert_eq!(t.stands(), "help:summary");
    }

    #[test]
    fn an_optional_text_is_skipped_with_rien_non_or_silence() {
        for skip in ["rien", "non", "Rien à ajouter"] {
            let mut t = at_details();
            t.send(skip);
            assert_eq!(t.var("details"), Some(&skipped()), "{skip}");
            assert_eq!(t.stands(), "help:summary");
        }
        let mut t = at_details();
        t.input(Input::Silence);
        assert_eq!(t.var("details"), Some(&skipped()));
        assert_eq!(t.stands(), "help:summary");
    }

    #[test]
    fn a_long_text_is_cut_at_the_limit() {
        let mut t = at_details();
        let long = "é".repeat(MAX_TEXT_CHARS + 50);
        t.send(&long);
        let Some(Value::Text(kept)) = t.var("details") else {
            panic!("no details");
        };
        assert_eq!(kept.chars().count(), MAX_TEXT_CHARS);
    }

    #[test]
    fn a_voice_message_is_kept_as_a_recording() {
        let mut t = at_details();
        t.input(Input::Recording("https://rec.example/1"));
        assert_eq!(
            t.var("details"),
            Some(&Value::Recording("https://rec.example/1".into()))
        );
    }
}

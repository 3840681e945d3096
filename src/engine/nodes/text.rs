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

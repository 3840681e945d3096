//! `code`: a 6-digit reference code (`482 915`, `SUIVI 482915`).

use super::words;
use crate::domain::RefCode;
use crate::engine::model::Target;
use crate::engine::parse::{NodeParser, RawNode};
use crate::engine::session::Value;
use crate::engine::step::{Expect, Input, Miss, Prompt, Stepper, Text};

#[derive(Clone, Debug)]
pub struct CodeNode {
    pub store: String,
    pub next: Target,
}

impl CodeNode {
    pub(in crate::engine) fn parse(raw: &RawNode, p: &mut NodeParser<'_>) -> Self {
        Self {
            store: p.store(raw),
            next: p.need("next", raw.next.as_ref()),
        }
    }

    pub(in crate::engine) fn prompt(&self, st: &Stepper<'_, '_>, ask: &str) -> Prompt {
        Prompt {
            node: st.s.at.clone(),
            text: Text::with(ask, st.s.args()),
            choices: Vec::new(),
            more: false,
            expect: Expect::Code,
        }
    }

    pub(in crate::engine) fn answer(
        &self,
        st: &mut Stepper<'_, '_>,
        input: Input<'_>,
    ) -> Result<(), Miss> {
        let text = st
            .ctx
            .lexicon
            .content_words(&st.s.lang, words(&input))
            .join(" ");
        let code = RefCode::parse(&text).ok_or(Miss::Say("code-not-understood"))?;
        st.s.vars
            .insert(self.store.clone(), Value::Code(code.value()));
        st.advance(self.next.clone());
        Ok(())
    }
}

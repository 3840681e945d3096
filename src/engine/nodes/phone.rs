//! `phone`: a phone number, to be texted (the kiosk's follow-up number, a volunteer's).

use super::words;
use crate::domain::PhoneNumber;
use crate::engine::model::Target;
use crate::engine::parse::{NodeParser, RawNode};
use crate::engine::session::Value;
use crate::engine::step::{Expect, Input, Miss, Prompt, Stepper, Text};

#[derive(Clone, Debug)]
pub struct PhoneNode {
    pub store: String,
    pub next: Target,
    pub optional: bool,
}

impl PhoneNode {
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
            expect: Expect::Phone {
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
        if self.optional && st.ctx.lexicon.is_skip(&st.s.lang, trimmed) {
            st.s.vars.remove(&self.store);
        } else {
            let phone =
                PhoneNumber::parse(trimmed).map_err(|_| Miss::Say("phone-not-understood"))?;
            st.s.vars
                .insert(self.store.clone(), Value::Phone(phone.as_str().to_string()));
        }
        st.advance(self.next.clone());
        Ok(())
    }
}

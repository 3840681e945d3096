//! `confirm`: yes or no.

use super::words;
use crate::engine::model::Target;
use crate::engine::parse::{NodeParser, RawNode};
use crate::engine::step::{Expect, Input, Miss, Prompt, Stepper, Text, yes_no_choices};

#[derive(Clone, Debug)]
pub struct ConfirmNode {
    pub yes: Target,
    pub no: Target,
}

impl ConfirmNode {
    pub(in crate::engine) fn parse(raw: &RawNode, p: &mut NodeParser<'_>) -> Self {
        Self {
            yes: p.need("yes", raw.yes.as_ref()),
            no: p.need("no", raw.no.as_ref()),
        }
    }

    pub(in crate::engine) fn prompt(&self, st: &Stepper<'_, '_>, ask: &str) -> Prompt {
        Prompt {
            node: st.s.at.clone(),
            text: Text::with(ask, st.s.args()),
            choices: yes_no_choices(),
            more: false,
            expect: Expect::YesNo,
        }
    }

    pub(in crate::engine) fn answer(
        &self,
        st: &mut Stepper<'_, '_>,
        input: Input<'_>,
    ) -> Result<(), Miss> {
        let yes = st
            .ctx
            .lexicon
            .yes_no(&st.s.lang, words(&input))
            .ok_or(Miss::Say("not-understood-yes-no"))?;
        st.advance(if yes {
            self.yes.clone()
        } else {
            self.no.clone()
        });
        Ok(())
    }
}

//! `set_language`: the person's language from now on.

use super::{Contract, Missing, OutcomeSpec, Read, Ty, Vars, key, result};
use crate::engine::step::EffectResult;

const LANGUAGE: Read = Read {
    var: "language",
    ty: Ty::Key,
    required: true,
};

pub const CONTRACT: Contract = Contract {
    name: "set_language",
    reads: &[LANGUAGE],
    outcomes: &[OutcomeSpec {
        name: "done",
        writes: &[],
    }],
};

#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// A language code (`fr`, `en`, `ar`).
    pub language: String,
}

impl Input {
    pub fn read(vars: &Vars) -> Result<Self, Missing> {
        Ok(Self {
            language: key(vars, &LANGUAGE)?.unwrap_or_default(),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
}

impl From<Outcome> for EffectResult {
    fn from(Outcome::Done: Outcome) -> Self {
        result(&CONTRACT, "done", vec![])
    }
}

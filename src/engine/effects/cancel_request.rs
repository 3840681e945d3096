//! `cancel_request`: the person cancels one of their own requests.

use super::{Contract, Missing, OutcomeSpec, Read, Ty, Vars, item, result};
use crate::engine::step::EffectResult;

const REQUEST: Read = Read {
    var: "request",
    ty: Ty::Item,
    required: true,
};

pub const CONTRACT: Contract = Contract {
    name: "cancel_request",
    reads: &[REQUEST],
    outcomes: &[
        OutcomeSpec {
            name: "done",
            writes: &[],
        },
        OutcomeSpec {
            name: "not_allowed",
            writes: &[],
        },
    ],
};

#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// The request's reference.
    pub reference: String,
}

impl Input {
    pub fn read(vars: &Vars) -> Result<Self, Missing> {
        let i = item(vars, &REQUEST)?.ok_or(Missing(REQUEST.var))?;
        Ok(Self { reference: i.id })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    NotAllowed,
}

impl From<Outcome> for EffectResult {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Done => result(&CONTRACT, "done", vec![]),
            Outcome::NotAllowed => result(&CONTRACT, "not_allowed", vec![]),
        }
    }
}

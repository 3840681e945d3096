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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::session::Value;
    use crate::engine::testing::{assert_fits, item, vars};

    #[test]
    fn reads_the_picked_request_s_reference() {
        let v = vars(&[("request", Value::Item(item("R-42")))]);
        assert_eq!(
            Input::read(&v),
            Ok(Input {
                reference: "R-42".into()
            })
        );
    }

    #[test]
    fn a_request_absent_or_not_an_item_is_missing() {
        assert_eq!(Input::read(&vars(&[])), Err(Missing("request")));
        let v = vars(&[("request", Value::Text("R-42".into()))]);
        assert_eq!(Input::read(&v), Err(Missing("request")));
    }

    #[test]
    fn outcomes_are_the_contract_s() {
        for (o, name) in [
            (Outcome::Done, "done"),
            (Outcome::NotAllowed, "not_allowed"),
        ] {
            let r = EffectResult::from(o);
            assert_eq!(r.outcome, name);
            assert!(r.vars.is_empty());
            assert_fits(&CONTRACT, &r);
        }
    }
}

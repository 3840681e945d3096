//! `find_request`: a request by its reference code (the person's own, or any ticket's status
//! at the kiosk); wrong codes are counted and limited.

use super::{Contract, Missing, OutcomeSpec, Read, Ty, Vars, result};
use crate::engine::session::{Item, Value};
use crate::engine::step::EffectResult;

const CODE: Read = Read {
    var: "code",
    ty: Ty::Code,
    required: true,
};

pub const CONTRACT: Contract = Contract {
    name: "find_request",
    reads: &[CODE],
    outcomes: &[
        OutcomeSpec {
            name: "found",
            writes: &[("request", Ty::Item)],
        },
        OutcomeSpec {
            name: "found_status_only",
            writes: &[("request", Ty::Item)],
        },
        OutcomeSpec {
            name: "not_found",
            writes: &[],
        },
        OutcomeSpec {
            name: "too_many",
            writes: &[],
        },
    ],
};

#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub code: u32,
}

impl Input {
    pub fn read(vars: &Vars) -> Result<Self, Missing> {
        match vars.get(CODE.var) {
            Some(Value::Code(c)) => Ok(Self { code: *c }),
            _ => Err(Missing(CODE.var)),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The person's own request: they may act on it (cancel).
    Found(Item),
    /// A ticket's status only (the kiosk): nothing to act on.
    FoundStatusOnly(Item),
    NotFound,
    TooMany,
}

impl From<Outcome> for EffectResult {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Found(i) => result(&CONTRACT, "found", vec![("request", Value::Item(i))]),
            Outcome::FoundStatusOnly(i) => result(
                &CONTRACT,
                "found_status_only",
                vec![("request", Value::Item(i))],
            ),
            Outcome::NotFound => result(&CONTRACT, "not_found", vec![]),
            Outcome::TooMany => result(&CONTRACT, "too_many", vec![]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::{assert_fits, item, vars};

    #[test]
    fn reads_the_code() {
        let v = vars(&[("code", Value::Code(482_915))]);
        assert_eq!(Input::read(&v), Ok(Input { code: 482_915 }));
    }

    #[test]
    fn a_code_absent_or_written_as_text_is_missing() {
        assert_eq!(Input::read(&vars(&[])), Err(Missing("code")));
        let v = vars(&[("code", Value::Text("482915".into()))]);
        assert_eq!(Input::read(&v), Err(Missing("code")));
    }

    #[test]
    fn each_outcome_is_the_contract_s() {
        let cases = [
            (Outcome::Found(item("r1")), "found", true),
            (
                Outcome::FoundStatusOnly(item("r1")),
                "found_status_only",
                true,
            ),
            (Outcome::NotFound, "not_found", false),
            (Outcome::TooMany, "too_many", false),
        ];
        for (o, name, has_request) in cases {
            let r = EffectResult::from(o);
            assert_eq!(r.outcome, name);
            assert_eq!(
                r.vars.get("request"),
                has_request.then_some(&Value::Item(item("r1")))
            );
            assert_fits(&CONTRACT, &r);
        }
    }
}

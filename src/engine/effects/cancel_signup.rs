//! `cancel_signup`: the volunteer cancels one of their sign-ups; the organisation is told.

use super::{Contract, Missing, OutcomeSpec, Read, Ty, Vars, item, result};
use crate::engine::session::{Arg, Value};
use crate::engine::step::EffectResult;

const SIGNUP: Read = Read {
    var: "signup",
    ty: Ty::Item,
    required: true,
};

pub const CONTRACT: Contract = Contract {
    name: "cancel_signup",
    reads: &[SIGNUP],
    outcomes: &[
        OutcomeSpec {
            name: "done",
            writes: &[("organization", Ty::Shown)],
        },
        OutcomeSpec {
            name: "not_allowed",
            writes: &[],
        },
    ],
};

#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// The sign-up's id.
    pub signup: String,
}

impl Input {
    pub fn read(vars: &Vars) -> Result<Self, Missing> {
        let i = item(vars, &SIGNUP)?.ok_or(Missing(SIGNUP.var))?;
        Ok(Self { signup: i.id })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Cancelled; the organisation (named) is told.
    Done {
        organization: String,
    },
    NotAllowed,
}

impl From<Outcome> for EffectResult {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Done { organization } => result(
                &CONTRACT,
                "done",
                vec![("organization", Value::Arg(Arg::Text(organization)))],
            ),
            Outcome::NotAllowed => result(&CONTRACT, "not_allowed", vec![]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::{assert_fits, item, vars};

    #[test]
    fn reads_the_picked_signup() {
        let v = vars(&[("signup", Value::Item(item("s7")))]);
        assert_eq!(
            Input::read(&v),
            Ok(Input {
                signup: "s7".into()
            })
        );
    }

    #[test]
    fn a_signup_absent_or_of_another_type_is_missing() {
        assert_eq!(Input::read(&vars(&[])), Err(Missing("signup")));
        let v = vars(&[("signup", Value::Items(vec![item("s7")]))]);
        assert_eq!(Input::read(&v), Err(Missing("signup")));
    }

    #[test]
    fn done_names_the_organisation_told() {
        let r = EffectResult::from(Outcome::Done {
            organization: "Entraide".into(),
        });
        assert_eq!(r.outcome, "done");
        assert_eq!(
            r.vars.get("organization"),
            Some(&Value::Arg(Arg::Text("Entraide".into())))
        );
        assert_fits(&CONTRACT, &r);
        let r = EffectResult::from(Outcome::NotAllowed);
        assert_eq!(r.outcome, "not_allowed");
        assert_fits(&CONTRACT, &r);
    }
}

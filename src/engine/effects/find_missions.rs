//! `find_missions`: volunteering missions near a commune.

use super::{Contract, Missing, OutcomeSpec, Read, Ty, Vars, commune, result};
use crate::engine::session::{Item, Value};
use crate::engine::step::EffectResult;

const COMMUNE: Read = Read {
    var: "commune",
    ty: Ty::Commune,
    required: true,
};

pub const CONTRACT: Contract = Contract {
    name: "find_missions",
    reads: &[COMMUNE],
    outcomes: &[
        OutcomeSpec {
            name: "found",
            writes: &[("missions", Ty::Items)],
        },
        OutcomeSpec {
            name: "none",
            writes: &[],
        },
    ],
};

#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// Where the person lives (INSEE code).
    pub commune: String,
}

impl Input {
    pub fn read(vars: &Vars) -> Result<Self, Missing> {
        Ok(Self {
            commune: commune(vars, &COMMUNE)?.unwrap_or_default(),
        })
    }
}

/// Missions near, nearest first, or none.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Found(Vec<Item>),
    None,
}

impl From<Outcome> for EffectResult {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Found(items) => {
                result(&CONTRACT, "found", vec![("missions", Value::Items(items))])
            }
            Outcome::None => result(&CONTRACT, "none", vec![]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::{assert_fits, choice, item, vars};

    #[test]
    fn reads_the_commune() {
        let v = vars(&[("commune", Value::Commune("74225".into()))]);
        assert_eq!(
            Input::read(&v),
            Ok(Input {
                commune: "74225".into()
            })
        );
    }

    #[test]
    fn a_commune_absent_or_of_another_type_is_missing() {
        assert_eq!(Input::read(&vars(&[])), Err(Missing("commune")));
        let v = vars(&[("commune", choice("74225"))]);
        assert_eq!(Input::read(&v), Err(Missing("commune")));
    }

    #[test]
    fn found_stores_the_missions_and_none_nothing() {
        let r = EffectResult::from(Outcome::Found(vec![item("m1"), item("m2")]));
        assert_eq!(r.outcome, "found");
        assert_eq!(
            r.vars.get("missions"),
            Some(&Value::Items(vec![item("m1"), item("m2")]))
        );
        assert_fits(&CONTRACT, &r);
        let r = EffectResult::from(Outcome::None);
        assert_eq!(r.outcome, "none");
        assert_fits(&CONTRACT, &r);
    }
}

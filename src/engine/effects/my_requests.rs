//! `my_requests`: the person's own requests with this relais, newest first.

use super::{Contract, OutcomeSpec, Ty, result};
use crate::engine::session::{Item, Value};
use crate::engine::step::EffectResult;

pub const CONTRACT: Contract = Contract {
    name: "my_requests",
    reads: &[],
    outcomes: &[
        OutcomeSpec {
            name: "found",
            writes: &[("requests", Ty::Items)],
        },
        OutcomeSpec {
            name: "none",
            writes: &[],
        },
    ],
};

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Found(Vec<Item>),
    None,
}

impl From<Outcome> for EffectResult {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Found(items) => {
                result(&CONTRACT, "found", vec![("requests", Value::Items(items))])
            }
            Outcome::None => result(&CONTRACT, "none", vec![]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::effects::{Call, Vars};
    use crate::engine::testing::{assert_fits, item};

    #[test]
    fn reads_nothing() {
        assert!(CONTRACT.reads.is_empty());
        assert_eq!(
            Call::read("my_requests", &Vars::new()),
            Ok(Call::MyRequests)
        );
    }

    #[test]
    fn found_stores_the_requests_and_none_nothing() {
        let r = EffectResult::from(Outcome::Found(vec![item("r1")]));
        assert_eq!(r.outcome, "found");
        assert_eq!(
            r.vars.get("requests"),
            Some(&Value::Items(vec![item("r1")]))
        );
        assert_fits(&CONTRACT, &r);
        let r = EffectResult::from(Outcome::None);
        assert_eq!(r.outcome, "none");
        assert_fits(&CONTRACT, &r);
    }
}

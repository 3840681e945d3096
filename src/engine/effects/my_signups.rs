//! `my_signups`: the person's sign-ups still to come (to cancel one).

use super::{Contract, OutcomeSpec, Ty, result};
use crate::engine::session::{Item, Value};
use crate::engine::step::EffectResult;

pub const CONTRACT: Contract = Contract {
    name: "my_signups",
    reads: &[],
    outcomes: &[
        OutcomeSpec {
            name: "none",
            writes: &[],
        },
        OutcomeSpec {
            name: "one",
            writes: &[("signup", Ty::Item), ("signups", Ty::Items)],
        },
        OutcomeSpec {
            name: "several",
            writes: &[("signups", Ty::Items)],
        },
    ],
};

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    None,
    One(Item),
    Several(Vec<Item>),
}

impl From<Outcome> for EffectResult {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::None => result(&CONTRACT, "none", vec![]),
            Outcome::One(i) => result(
                &CONTRACT,
                "one",
                vec![
                    ("signups", Value::Items(vec![i.clone()])),
                    ("signup", Value::Item(i)),
                ],
            ),
            Outcome::Several(items) => {
                result(&CONTRACT, "several", vec![("signups", Value::Items(items))])
            }
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
        assert_eq!(Call::read("my_signups", &Vars::new()), Ok(Call::MySignups));
    }

    #[test]
    fn one_signup_is_stored_alone_and_as_a_list_of_one() {
        let r = EffectResult::from(Outcome::One(item("s1")));
        assert_eq!(r.outcome, "one");
        assert_eq!(r.vars.get("signup"), Some(&Value::Item(item("s1"))));
        assert_eq!(r.vars.get("signups"), Some(&Value::Items(vec![item("s1")])));
        assert_fits(&CONTRACT, &r);
    }

    #[test]
    fn several_and_none() {
        let r = EffectResult::from(Outcome::Several(vec![item("s1"), item("s2")]));
        assert_eq!(r.outcome, "several");
        assert_eq!(
            r.vars.get("signups"),
            Some(&Value::Items(vec![item("s1"), item("s2")]))
        );
        assert_fits(&CONTRACT, &r);
        let r = EffectResult::from(Outcome::None);
        assert_eq!(r.outcome, "none");
        assert_fits(&CONTRACT, &r);
    }
}

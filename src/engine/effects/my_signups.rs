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

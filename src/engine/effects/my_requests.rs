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

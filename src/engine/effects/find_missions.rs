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

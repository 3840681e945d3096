//! `effect`: asks the outside world (through a typed contract of `engine::effects`), then goes
//! on according to the outcome. Every outcome of the contract must be routed, and no other.

use std::collections::BTreeMap;

use crate::engine::effects::{self, Contract};
use crate::engine::model::Target;
use crate::engine::parse::{NodeParser, RawNode};

#[derive(Clone, Debug)]
pub struct EffectNode {
    pub effect: &'static Contract,
    pub outcomes: BTreeMap<String, Target>,
}

impl EffectNode {
    pub(in crate::engine) fn parse(raw: &RawNode, p: &mut NodeParser<'_>) -> Option<Self> {
        let id = p.id.to_string();
        let Some(name) = &raw.effect else {
            p.err(format!("node \"{id}\" needs `effect`"));
            return None;
        };
        let Some(effect) = effects::contract(name.get_ref()) else {
            let known: Vec<&str> = effects::ALL.iter().map(|c| c.name).collect();
            let line = p.line_of(name);
            p.err_at(
                line,
                format!(
                    "unknown effect \"{}\" (known: {})",
                    name.get_ref(),
                    known.join(", ")
                ),
            );
            return None;
        };
        let raw_outcomes = raw.outcomes.clone().unwrap_or_default();
        let mut outcomes = BTreeMap::new();
        for o in effect.outcomes {
            match raw_outcomes.get(o.name) {
                Some(t) => {
                    outcomes.insert(o.name.to_string(), p.resolve(t));
                }
                None => p.err(format!(
                    "effect node \"{id}\" does not say where outcome \"{}\" goes",
                    o.name
                )),
            }
        }
        for (name, t) in &raw_outcomes {
            if effect.outcome(name).is_none() {
                let line = p.line_of(t);
                p.err_at(
                    line,
                    format!("effect \"{}\" has no outcome \"{name}\"", effect.name),
                );
            }
        }
        Some(Self { effect, outcomes })
    }
}

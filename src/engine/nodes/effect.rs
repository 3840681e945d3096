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

#[cfg(test)]
mod tests {
    use crate::engine::effects::{Call, sign_up};
    use crate::engine::session::{Arg, Pending, Value};
    use crate::engine::step::{Effect, EffectResult};
    use crate::engine::testing::{Talk, item};

    /// At a mission's details: "oui" signs up.
    fn at_details() -> Talk {
        let mut t = Talk::new();
        t.s.idle = false;
        t.s.at = crate::engine::testing::at("missions:details");
        t.s.vars.insert("mission".into(), Value::Item(item("m1")));
        t.s.vars.insert(
            "missions".into(),
            Value::Items(vec![item("m1"), item("m2")]),
        );
        t
    }

    #[test]
    fn an_effect_node_suspends_with_its_typed_call() {
        let mut t = at_details();
        t.send("oui");
        assert_eq!(t.stands(), "missions:signup");
        assert_eq!(t.s.pending, Pending::Effect);
        assert!(t.outputs.is_empty());
        assert_eq!(
            t.effects,
            [Effect::Run(Call::SignUp(sign_up::Input {
                mission: item("m1"),
                phone: None,
            }))]
        );
    }

    #[test]
    fn each_outcome_resumes_where_the_flow_routes_it() {
        let org = || "Entraide".to_string();
        let cases: [(sign_up::Outcome, &str); 5] = [
            (
                sign_up::Outcome::Done {
                    organization: org(),
                },
                "mission-signed",
            ),
            (
                sign_up::Outcome::DoneNoReminder {
                    organization: org(),
                },
                "mission-signed-no-reminder",
            ),
            (
                sign_up::Outcome::DoneNoSms {
                    organization: org(),
                },
                "mission-signed-no-sms",
            ),
            (sign_up::Outcome::Already, "mission-already"),
            (sign_up::Outcome::Full, "mission-full"),
        ];
        for (outcome, said) in cases {
            let mut t = at_details();
            t.send("oui").resume(outcome.clone());
            assert_eq!(t.said(), [said], "{outcome:?}");
            assert_eq!(t.s.pending, Pending::None);
            if matches!(outcome, sign_up::Outcome::Full) {
                // Full: back to the list to pick another.
                assert_eq!(t.stands(), "missions:pick");
                assert_eq!(t.asked(), Some("missions-pick"));
            } else {
                assert!(t.s.idle, "{outcome:?}");
            }
        }
    }

    #[test]
    fn the_outcome_s_variables_are_shown_by_the_next_message() {
        let mut t = at_details();
        t.send("oui").resume(sign_up::Outcome::Done {
            organization: "Entraide".into(),
        });
        let crate::engine::step::Output::Say(text) = &t.outputs[0] else {
            panic!("nothing said");
        };
        assert_eq!(
            text.args.get("organization"),
            Some(&Arg::Text("Entraide".into()))
        );
    }

    #[test]
    fn an_outcome_the_node_does_not_route_says_error_and_ends() {
        let mut t = at_details();
        t.send("oui").resume(EffectResult::outcome("exploded"));
        assert_eq!(t.said(), ["error"]);
        assert!(t.s.idle);
    }

    #[test]
    fn a_result_nobody_waits_for_is_ignored() {
        let mut t = at_details();
        let before = t.s.clone();
        t.resume(EffectResult::outcome("done"));
        assert_eq!(t.s, before);
        assert!(t.outputs.is_empty() && t.effects.is_empty());
    }

    #[test]
    fn a_message_while_an_effect_was_never_resumed_runs_it_again() {
        let mut t = at_details();
        t.send("oui");
        t.send("allo ?");
        assert!(matches!(t.run(), Some(Call::SignUp(_))));
        assert_eq!(t.s.pending, Pending::Effect);
    }

    #[test]
    fn missing_inputs_say_error_instead_of_running_on_empty_values() {
        let mut t = at_details();
        t.s.vars.remove("mission");
        t.send("oui");
        assert_eq!(t.run(), None);
        assert_eq!(t.said(), ["error"]);
        assert!(t.s.idle);
    }
}

//! `create_help_request`: files the request the person described and gives its reference.

use super::{Contract, Missing, OutcomeSpec, Read, Ty, Vars, commune, key, phone, result};
use crate::engine::session::Value;
use crate::engine::step::EffectResult;

const CATEGORY: Read = Read {
    var: "category",
    ty: Ty::Key,
    required: true,
};
const COMMUNE: Read = Read {
    var: "commune",
    ty: Ty::Commune,
    required: true,
};
const WHEN: Read = Read {
    var: "when",
    ty: Ty::Key,
    required: true,
};
const DETAILS: Read = Read {
    var: "details",
    ty: Ty::Words,
    required: false,
};
const PHONE: Read = Read {
    var: "phone",
    ty: Ty::Phone,
    required: false,
};

pub const CONTRACT: Contract = Contract {
    name: "create_help_request",
    reads: &[CATEGORY, COMMUNE, WHEN, DETAILS, PHONE],
    outcomes: &[OutcomeSpec {
        name: "done",
        writes: &[("reference", Ty::Code)],
    }],
};

/// The few words, or the voice message, that came with the request.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Details {
    pub text: Option<String>,
    pub recording_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub category: String,
    pub commune: String,
    /// `aujourd_hui`, `cette_semaine` or `pas_presse`.
    pub urgency: String,
    /// The day asked for, when the person named one (`YYYY-MM-DD`, maybe with `THH:MM`).
    pub wanted: Option<String>,
    pub details: Details,
    /// A number typed at the kiosk for follow-up: it owns the request.
    pub phone: Option<String>,
}

impl Input {
    pub fn read(vars: &Vars) -> Result<Self, Missing> {
        let details = match vars.get(DETAILS.var) {
            Some(Value::Text(t)) => Details {
                text: Some(t.clone()),
                recording_url: None,
            },
            Some(Value::Recording(url)) => Details {
                text: None,
                recording_url: Some(url.clone()),
            },
            _ => Details::default(),
        };
        let wanted = match vars.get(WHEN.var) {
            Some(Value::Day { date, .. }) => date.clone(),
            _ => None,
        };
        Ok(Self {
            category: key(vars, &CATEGORY)?.unwrap_or_default(),
            commune: commune(vars, &COMMUNE)?.unwrap_or_default(),
            urgency: key(vars, &WHEN)?.unwrap_or_default(),
            wanted,
            details,
            phone: phone(vars, &PHONE)?,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Done { reference: u32 },
}

impl From<Outcome> for EffectResult {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Done { reference } => result(
                &CONTRACT,
                "done",
                vec![("reference", Value::Code(reference))],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::nodes::text::skipped;
    use crate::engine::testing::{assert_fits, choice, vars};

    fn base() -> Vars {
        vars(&[
            ("category", choice("transport")),
            ("commune", Value::Commune("74256".into())),
            ("when", choice("cette_semaine")),
        ])
    }

    #[test]
    fn reads_what_the_help_flow_stored() {
        let mut v = base();
        v.insert("details".into(), Value::Text("chez le médecin".into()));
        v.insert("phone".into(), Value::Phone("+33612345678".into()));
        assert_eq!(
            Input::read(&v),
            Ok(Input {
                category: "transport".into(),
                commune: "74256".into(),
                urgency: "cette_semaine".into(),
                wanted: None,
                details: Details {
                    text: Some("chez le médecin".into()),
                    recording_url: None,
                },
                phone: Some("+33612345678".into()),
            })
        );
    }

    #[test]
    fn a_day_in_words_gives_the_urgency_and_the_day_wanted() {
        let mut v = base();
        v.insert(
            "when".into(),
            Value::Day {
                key: "cette_semaine".into(),
                date: Some("2026-12-03T10:00".into()),
            },
        );
        let i = Input::read(&v).unwrap();
        assert_eq!(i.urgency, "cette_semaine");
        assert_eq!(i.wanted.as_deref(), Some("2026-12-03T10:00"));
    }

    #[test]
    fn details_may_be_a_voice_message_skipped_or_absent() {
        let mut v = base();
        v.insert("details".into(), Value::Recording("https://rec/1".into()));
        let d = Input::read(&v).unwrap().details;
        assert_eq!(d.recording_url.as_deref(), Some("https://rec/1"));
        assert_eq!(d.text, None);
        v.insert("details".into(), skipped());
        assert_eq!(Input::read(&v).unwrap().details, Details::default());
        v.remove("details");
        let i = Input::read(&v).unwrap();
        assert_eq!(i.details, Details::default());
        assert_eq!(i.phone, None);
    }

    #[test]
    fn a_required_variable_absent_or_of_another_type_is_missing() {
        for var in ["category", "commune", "when"] {
            let mut v = base();
            v.remove(var);
            assert_eq!(Input::read(&v), Err(Missing(var)), "{var} absent");
        }
        let mut v = base();
        v.insert("commune".into(), Value::Text("Sallanches".into()));
        assert_eq!(Input::read(&v), Err(Missing("commune")));
        let mut v = base();
        v.insert("category".into(), Value::Commune("74256".into()));
        assert_eq!(Input::read(&v), Err(Missing("category")));
    }

    #[test]
    fn done_gives_the_reference_code() {
        let r = EffectResult::from(Outcome::Done { reference: 482_915 });
        assert_eq!(r.outcome, "done");
        assert_eq!(r.vars.get("reference"), Some(&Value::Code(482_915)));
        assert_fits(&CONTRACT, &r);
    }
}

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

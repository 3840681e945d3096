//! `sign_up`: signs the person (or the number they typed at the kiosk) up for a mission.

use super::{Contract, Missing, OutcomeSpec, Read, Ty, Vars, item, phone, result};
use crate::engine::session::{Arg, Item, Value};
use crate::engine::step::EffectResult;

const MISSION: Read = Read {
    var: "mission",
    ty: Ty::Item,
    required: true,
};
const PHONE: Read = Read {
    var: "phone",
    ty: Ty::Phone,
    required: false,
};

const SIGNED: &[(&str, Ty)] = &[("organization", Ty::Shown)];

pub const CONTRACT: Contract = Contract {
    name: "sign_up",
    reads: &[MISSION, PHONE],
    outcomes: &[
        OutcomeSpec {
            name: "done",
            writes: SIGNED,
        },
        OutcomeSpec {
            name: "done_no_reminder",
            writes: SIGNED,
        },
        OutcomeSpec {
            name: "done_no_sms",
            writes: SIGNED,
        },
        OutcomeSpec {
            name: "already",
            writes: &[],
        },
        OutcomeSpec {
            name: "full",
            writes: &[],
        },
    ],
};

#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub mission: Item,
    /// A number typed at the kiosk: the volunteer the organisation will reach.
    pub phone: Option<String>,
}

impl Input {
    pub fn read(vars: &Vars) -> Result<Self, Missing> {
        Ok(Self {
            mission: item(vars, &MISSION)?.ok_or(Missing(MISSION.var))?,
            phone: phone(vars, &PHONE)?,
        })
    }
}

/// What the sign-up gave, and so what the flow may promise.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Signed up; a confirmation SMS and a reminder the day before will come.
    Done {
        organization: String,
    },
    /// Signed up; a confirmation SMS, but the mission is too close for a reminder.
    DoneNoReminder {
        organization: String,
    },
    /// Signed up; nothing by SMS (a landline, or someone who sent STOP).
    DoneNoSms {
        organization: String,
    },
    Already,
    Full,
}

impl From<Outcome> for EffectResult {
    fn from(o: Outcome) -> Self {
        let org = |o: String| vec![("organization", Value::Arg(Arg::Text(o)))];
        match o {
            Outcome::Done { organization } => result(&CONTRACT, "done", org(organization)),
            Outcome::DoneNoReminder { organization } => {
                result(&CONTRACT, "done_no_reminder", org(organization))
            }
            Outcome::DoneNoSms { organization } => {
                result(&CONTRACT, "done_no_sms", org(organization))
            }
            Outcome::Already => result(&CONTRACT, "already", vec![]),
            Outcome::Full => result(&CONTRACT, "full", vec![]),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::{assert_fits, item, vars};

    #[test]
    fn reads_the_mission_and_the_kiosk_s_number() {
        let v = vars(&[
            ("mission", Value::Item(item("m1"))),
            ("phone", Value::Phone("+33612345678".into())),
        ]);
        assert_eq!(
            Input::read(&v),
            Ok(Input {
                mission: item("m1"),
                phone: Some("+33612345678".into()),
            })
        );
    }

    #[test]
    fn the_number_is_optional() {
        let v = vars(&[("mission", Value::Item(item("m1")))]);
        assert_eq!(Input::read(&v).map(|i| i.phone), Ok(None));
    }

    #[test]
    fn a_mission_absent_or_of_another_type_is_missing() {
        assert_eq!(Input::read(&vars(&[])), Err(Missing("mission")));
        let v = vars(&[("mission", Value::Items(vec![item("m1")]))]);
        assert_eq!(Input::read(&v), Err(Missing("mission")));
    }

    #[test]
    fn each_outcome_is_the_contract_s() {
        let org = || "Entraide".to_string();
        let cases = [
            (
                Outcome::Done {
                    organization: org(),
                },
                "done",
                true,
            ),
            (
                Outcome::DoneNoReminder {
                    organization: org(),
                },
                "done_no_reminder",
                true,
            ),
            (
                Outcome::DoneNoSms {
                    organization: org(),
                },
                "done_no_sms",
                true,
            ),
            (Outcome::Already, "already", false),
            (Outcome::Full, "full", false),
        ];
        for (o, name, signed) in cases {
            let r = EffectResult::from(o);
            assert_eq!(r.outcome, name);
            assert_eq!(
                r.vars.get("organization"),
                signed.then(|| Value::Arg(Arg::Text(org()))).as_ref()
            );
            assert_fits(&CONTRACT, &r);
        }
    }
}

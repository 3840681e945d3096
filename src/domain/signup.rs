//! The sign-up lifecycle, as JeVeuxAider names it: who may move a sign-up from one status to
//! another, and what each move means (a place given back, the volunteer or the organisation
//! told, the reminder withdrawn). Also when the reminder of a mission is due.
//!
//! Pure rules: `volunteering` applies them to the store, the conversation (ANNULER), the
//! command line and, later, the partner API all go through it.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// Where a sign-up stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SignupStatus {
    /// Just made: the organisation has not answered.
    Pending,
    /// The organisation is looking at it.
    InReview,
    /// The organisation said yes.
    Validated,
    /// The organisation said no.
    Refused,
    /// The volunteer (or the organisation, or the relais) called it off.
    Cancelled,
    /// The mission took place with the volunteer.
    Done,
}

impl SignupStatus {
    pub const ALL: [SignupStatus; 6] = [
        SignupStatus::Pending,
        SignupStatus::InReview,
        SignupStatus::Validated,
        SignupStatus::Refused,
        SignupStatus::Cancelled,
        SignupStatus::Done,
    ];

    /// The stored and API value (JeVeuxAider's).
    pub fn as_str(self) -> &'static str {
        match self {
            SignupStatus::Pending => "en_attente_validation",
            SignupStatus::InReview => "en_cours_traitement",
            SignupStatus::Validated => "validee",
            SignupStatus::Refused => "refusee",
            SignupStatus::Cancelled => "annulee",
            SignupStatus::Done => "effectuee",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The volunteer still counts on the mission (a reminder is due, a place is taken).
    pub fn is_active(self) -> bool {
        matches!(
            self,
            SignupStatus::Pending | SignupStatus::InReview | SignupStatus::Validated
        )
    }
}

impl std::fmt::Display for SignupStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who asks for a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The volunteer (by SMS, phone, kiosk).
    Volunteer,
    /// The organisation running the mission (today through the relais's command line, later
    /// through the partner API).
    Organisation,
    /// The relais team, acting for either side.
    Relais,
}

impl Actor {
    pub fn as_str(self) -> &'static str {
        match self {
            Actor::Volunteer => "volunteer",
            Actor::Organisation => "organisation",
            Actor::Relais => "relais",
        }
    }
}

/// What a change means, for `volunteering` to carry out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub from: SignupStatus,
    pub to: SignupStatus,
    /// The mission gets its place back.
    pub frees_place: bool,
    /// The volunteer is told by SMS (the organisation's answer, or a cancellation not theirs).
    pub tell_volunteer: bool,
    /// The organisation is told (the volunteer cancelled).
    pub tell_organisation: bool,
    /// The reminder of the day before must not go.
    pub withdraw_reminder: bool,
}

/// A change the rules do not allow.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("a sign-up cannot go from {from} to {to} ({by})")]
pub struct NotAllowed {
    pub from: SignupStatus,
    pub to: SignupStatus,
    pub by: &'static str,
}

/// Checks a change and says what it implies.
pub fn change(from: SignupStatus, to: SignupStatus, by: Actor) -> Result<Change, NotAllowed> {
    use SignupStatus::*;
    let allowed = match (from, to) {
        // The organisation (or the relais for it) answers.
        (Pending, InReview) | (Pending | InReview, Validated | Refused) => by != Actor::Volunteer,
        // Anyone can call off a sign-up that still stands.
        (Pending | InReview | Validated, Cancelled) => true,
        // Only the organisation can say it took place.
        (Validated, Done) => by != Actor::Volunteer,
        // Signing up again after cancelling.
        (Cancelled, Pending) => by == Actor::Volunteer,
        _ => false,
    };
    if !allowed {
        return Err(NotAllowed {
            from,
            to,
            by: by.as_str(),
        });
    }
    let leaves = from.is_active() && !to.is_active();
    Ok(Change {
        from,
        to,
        frees_place: leaves && to != Done,
        tell_volunteer: by != Actor::Volunteer && matches!(to, Validated | Refused | Cancelled),
        tell_organisation: by == Actor::Volunteer && to == Cancelled,
        withdraw_reminder: leaves,
    })
}

fn paris() -> TimeZone {
    TimeZone::get("Europe/Paris").unwrap_or(TimeZone::UTC)
}

/// A mission's start (`YYYY-MM-DDTHH:MM` or `YYYY-MM-DD`, Paris time) as Unix seconds.
pub fn mission_start(start_at: &str) -> Option<i64> {
    let dt: DateTime = match start_at.len() {
        10 => start_at.parse::<jiff::civil::Date>().ok()?.at(0, 0, 0, 0),
        _ => start_at.parse().ok()?,
    };
    dt.to_zoned(paris()).ok().map(|z| z.timestamp().as_second())
}

/// Hour of the reminder, the day before the mission (Europe/Paris).
pub const REMINDER_HOUR: i8 = 10;

/// When the reminder of a mission starting at `start_at` goes: the day before at 10:00, Paris
/// time. `None` when the start is unknown.
pub fn reminder_at(start_at: &str) -> Option<i64> {
    let date = start_at.get(..10)?.parse::<jiff::civil::Date>().ok()?;
    date.yesterday()
        .ok()?
        .at(REMINDER_HOUR, 0, 0, 0)
        .to_zoned(paris())
        .ok()
        .map(|z| z.timestamp().as_second())
}

/// True when a reminder queued at `now` still makes sense: its time has not passed by more
/// than the morning, and the mission has not started.
pub fn reminder_still_useful(start_at: &str, now: i64) -> bool {
    mission_start(start_at).is_some_and(|start| now < start)
}

#[cfg(test)]
mod tests {
    use super::SignupStatus::*;
    use super::*;

    fn at(s: &str) -> i64 {
        s.parse::<jiff::Zoned>().unwrap().timestamp().as_second()
    }

    #[test]
    fn statuses_are_jeveuxaider_s() {
        for s in SignupStatus::ALL {
            assert_eq!(SignupStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(SignupStatus::parse("validée"), None);
    }

    #[test]
    fn the_organisation_answers_and_the_volunteer_is_told() {
        for to in [InReview, Validated, Refused] {
            let c = change(Pending, to, Actor::Organisation).unwrap();
            assert_eq!(c.tell_volunteer, to != InReview);
            assert!(!c.tell_organisation);
        }
        let refused = change(InReview, Refused, Actor::Relais).unwrap();
        assert!(refused.frees_place && refused.withdraw_reminder && refused.tell_volunteer);
        let validated = change(Pending, Validated, Actor::Organisation).unwrap();
        assert!(!validated.frees_place && !validated.withdraw_reminder);
    }

    #[test]
    fn a_volunteer_cannot_validate_themselves() {
        for to in [InReview, Validated, Refused, Done] {
            assert!(change(Pending, to, Actor::Volunteer).is_err(), "{to}");
        }
        assert!(change(Validated, Done, Actor::Volunteer).is_err());
    }

    #[test]
    fn cancelling_frees_the_place_and_tells_the_other_side() {
        for from in [Pending, InReview, Validated] {
            let by_volunteer = change(from, Cancelled, Actor::Volunteer).unwrap();
            assert!(by_volunteer.frees_place && by_volunteer.withdraw_reminder);
            assert!(by_volunteer.tell_organisation && !by_volunteer.tell_volunteer);
            let by_org = change(from, Cancelled, Actor::Organisation).unwrap();
            assert!(by_org.tell_volunteer && !by_org.tell_organisation);
        }
    }

    #[test]
    fn closed_sign_ups_stay_closed() {
        for from in [Refused, Done] {
            for to in SignupStatus::ALL {
                for by in [Actor::Volunteer, Actor::Organisation, Actor::Relais] {
                    assert!(change(from, to, by).is_err(), "{from} -> {to}");
                }
            }
        }
        assert!(change(Cancelled, Validated, Actor::Organisation).is_err());
        assert!(change(Cancelled, Cancelled, Actor::Volunteer).is_err());
        let done = change(Validated, Done, Actor::Organisation).unwrap();
        assert!(!done.frees_place, "a mission done keeps its count");
        assert!(done.withdraw_reminder);
    }

    #[test]
    fn signing_up_again_after_cancelling() {
        let again = change(Cancelled, Pending, Actor::Volunteer).unwrap();
        assert!(!again.frees_place && !again.withdraw_reminder);
        assert!(change(Cancelled, Pending, Actor::Organisation).is_err());
    }

    #[test]
    fn the_reminder_is_the_day_before_at_ten_paris_time() {
        assert_eq!(
            reminder_at("2026-12-06T09:00"),
            Some(at("2026-12-05T10:00[Europe/Paris]"))
        );
        assert_eq!(
            reminder_at("2026-12-06"),
            Some(at("2026-12-05T10:00[Europe/Paris]"))
        );
        // Summer time: 10:00 in Paris is 08:00 UTC.
        assert_eq!(
            reminder_at("2026-07-01T14:00"),
            Some(at("2026-06-30T08:00[UTC]"))
        );
        assert_eq!(reminder_at("bientôt"), None);
        assert_eq!(reminder_at(""), None);
    }

    #[test]
    fn a_past_mission_gets_no_reminder() {
        let start = "2026-12-06T09:00";
        assert!(reminder_still_useful(
            start,
            at("2026-12-05T10:00[Europe/Paris]")
        ));
        assert!(reminder_still_useful(
            start,
            at("2026-12-06T08:59[Europe/Paris]")
        ));
        assert!(!reminder_still_useful(
            start,
            at("2026-12-06T09:00[Europe/Paris]")
        ));
        assert!(!reminder_still_useful("n'importe quand", 0));
    }
}

//! Acting for a resident: a mandate is the resident's consent, recorded before a mediator acts
//! for them (ACCESSIBILITY.md, "Acting for someone"). It names what the mediator may do
//! (scopes, never empty), for how long (1 day, 1 month, 6 months, 1 year at most), how consent
//! was given (in person, with the version of the text agreed; or by SMS, where only a clear
//! "oui" counts), and can be revoked at any time. An expired or revoked mandate is never used.
//!
//! Pure rules; `store::mandates` keeps them, the console applies them.

/// The version of the mandate text the resident agrees to (printable in the console).
pub const TEXT_VERSION: &str = "2026-11-v1";

/// What a mandate lets a mediator do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// See the resident's whole conversation with the relais.
    Conversation,
    /// Make and follow help requests for them.
    HelpRequests,
    /// Sign them up for missions.
    Signups,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Conversation, Scope::HelpRequests, Scope::Signups];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Conversation => "conversation",
            Scope::HelpRequests => "help_requests",
            Scope::Signups => "signups",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// How long a mandate lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duration {
    Day,
    Month,
    SixMonths,
    Year,
}

impl Duration {
    pub const ALL: [Duration; 4] = [
        Duration::Day,
        Duration::Month,
        Duration::SixMonths,
        Duration::Year,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Duration::Day => "1d",
            Duration::Month => "1m",
            Duration::SixMonths => "6m",
            Duration::Year => "1y",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Its length in seconds: a month is 30 days, a year 365 (never more).
    pub fn secs(self) -> i64 {
        const DAY: i64 = 24 * 3600;
        match self {
            Duration::Day => DAY,
            Duration::Month => 30 * DAY,
            Duration::SixMonths => 182 * DAY,
            Duration::Year => 365 * DAY,
        }
    }
}

/// How the resident agreed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consent {
    /// In front of the mediator, who read them the mandate text.
    InPerson,
    /// By answering "oui" to a recap SMS.
    Sms,
}

impl Consent {
    pub fn as_str(self) -> &'static str {
        match self {
            Consent::InPerson => "in_person",
            Consent::Sms => "sms",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "in_person" => Some(Consent::InPerson),
            "sms" => Some(Consent::Sms),
            _ => None,
        }
    }
}

/// Where a mandate stands, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// The recap SMS waits for its "oui".
    Pending,
    Active,
    /// The resident did not say a clear "oui".
    Refused,
    Revoked,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Active => "active",
            State::Refused => "refused",
            State::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            State::Pending,
            State::Active,
            State::Refused,
            State::Revoked,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// A mandate as the rules see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mandate {
    pub id: i64,
    pub contact_id: i64,
    pub relais: String,
    pub scopes: Vec<Scope>,
    pub consent: Consent,
    pub state: State,
    pub expires_at: i64,
}

/// Why a mandate cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unusable {
    #[error("the resident has not answered yet")]
    Pending,
    #[error("the resident did not agree")]
    Refused,
    #[error("the mandate was revoked")]
    Revoked,
    #[error("the mandate has expired")]
    Expired,
    #[error("the mandate does not cover this")]
    OutOfScope,
    #[error("the mandate is for another relais or another person")]
    NotTheirs,
}

/// Checks that `m` lets a mediator of `relais` act in `scope` for contact `contact_id` at `now`.
pub fn usable(
    m: &Mandate,
    scope: Scope,
    relais: &str,
    contact_id: i64,
    now: i64,
) -> Result<(), Unusable> {
    if m.relais != relais || m.contact_id != contact_id {
        return Err(Unusable::NotTheirs);
    }
    match m.state {
        State::Pending => return Err(Unusable::Pending),
        State::Refused => return Err(Unusable::Refused),
        State::Revoked => return Err(Unusable::Revoked),
        State::Active => {}
    }
    if now >= m.expires_at {
        return Err(Unusable::Expired);
    }
    if !m.scopes.contains(&scope) {
        return Err(Unusable::OutOfScope);
    }
    Ok(())
}

/// A usable mandate among `mandates` for this scope, if any.
pub fn find<'a>(
    mandates: &'a [Mandate],
    scope: Scope,
    relais: &str,
    contact_id: i64,
    now: i64,
) -> Option<&'a Mandate> {
    mandates
        .iter()
        .find(|m| usable(m, scope, relais, contact_id, now).is_ok())
}

/// Why a new mandate is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("a mandate needs at least one scope")]
    NoScope,
    #[error("consent in person must be confirmed")]
    NotConfirmed,
}

/// Checks a new mandate given in person: at least one scope, the resident's agreement ticked.
pub fn check_new(scopes: &[Scope], agreed: bool) -> Result<(), Invalid> {
    if scopes.is_empty() {
        return Err(Invalid::NoScope);
    }
    if !agreed {
        return Err(Invalid::NotConfirmed);
    }
    Ok(())
}

/// The answer to a recap SMS counts as consent only when it is a clear "oui": any case,
/// spaces around, one final full stop. Everything else is a refusal.
pub fn sms_says_yes(answer: &str) -> bool {
    let a = answer.trim();
    let a = a.strip_suffix('.').unwrap_or(a).trim_end();
    a.to_lowercase() == "oui"
}

/// Scopes as stored (comma-separated) and back.
pub fn scopes_to_string(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn scopes_from_str(s: &str) -> Vec<Scope> {
    s.split(',')
        .filter_map(|x| Scope::parse(x.trim()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn active(scopes: &[Scope], expires_at: i64) -> Mandate {
        Mandate {
            id: 1,
            contact_id: 7,
            relais: "r".into(),
            scopes: scopes.to_vec(),
            consent: Consent::InPerson,
            state: State::Active,
            expires_at,
        }
    }

    #[test]
    fn an_active_mandate_in_scope_and_in_time_is_usable() {
        let m = active(&[Scope::Conversation, Scope::HelpRequests], 1_000);
        assert_eq!(usable(&m, Scope::Conversation, "r", 7, 999), Ok(()));
        assert_eq!(usable(&m, Scope::HelpRequests, "r", 7, 0), Ok(()));
    }

    #[test]
    fn an_expired_mandate_is_not_usable() {
        let m = active(&[Scope::Conversation], 1_000);
        assert_eq!(
            usable(&m, Scope::Conversation, "r", 7, 1_000),
            Err(Unusable::Expired)
        );
        assert_eq!(
            usable(&m, Scope::Conversation, "r", 7, 5_000),
            Err(Unusable::Expired)
        );
    }

    #[test]
    fn a_revoked_refused_or_pending_mandate_is_not_usable() {
        for (state, why) in [
            (State::Revoked, Unusable::Revoked),
            (State::Refused, Unusable::Refused),
            (State::Pending, Unusable::Pending),
        ] {
            let m = Mandate {
                state,
                ..active(&[Scope::Conversation], 1_000)
            };
            assert_eq!(usable(&m, Scope::Conversation, "r", 7, 0), Err(why));
        }
    }

    #[test]
    fn a_mandate_covers_only_its_scopes_its_person_and_its_relais() {
        let m = active(&[Scope::Signups], 1_000);
        assert_eq!(
            usable(&m, Scope::Conversation, "r", 7, 0),
            Err(Unusable::OutOfScope)
        );
        assert_eq!(
            usable(&m, Scope::Signups, "other", 7, 0),
            Err(Unusable::NotTheirs)
        );
        assert_eq!(
            usable(&m, Scope::Signups, "r", 8, 0),
            Err(Unusable::NotTheirs)
        );
    }

    #[test]
    fn find_skips_unusable_mandates() {
        let revoked = Mandate {
            id: 2,
            state: State::Revoked,
            ..active(&[Scope::Conversation], 1_000)
        };
        let good = Mandate {
            id: 3,
            ..active(&[Scope::Conversation], 1_000)
        };
        let list = [revoked, good];
        assert_eq!(
            find(&list, Scope::Conversation, "r", 7, 0).map(|m| m.id),
            Some(3)
        );
        assert_eq!(find(&list, Scope::Conversation, "r", 7, 1_000), None);
    }

    #[test]
    fn durations_are_a_day_a_month_six_months_a_year_at_most() {
        let days: Vec<i64> = Duration::ALL.iter().map(|d| d.secs() / 86_400).collect();
        assert_eq!(days, vec![1, 30, 182, 365]);
        for d in Duration::ALL {
            assert_eq!(Duration::parse(d.as_str()), Some(d));
        }
        assert_eq!(Duration::parse("2y"), None);
    }

    #[test]
    fn a_new_mandate_needs_a_scope_and_the_resident_s_agreement() {
        assert_eq!(check_new(&[], true), Err(Invalid::NoScope));
        assert_eq!(
            check_new(&[Scope::Conversation], false),
            Err(Invalid::NotConfirmed)
        );
        assert_eq!(check_new(&[Scope::Conversation], true), Ok(()));
    }

    #[test]
    fn only_a_clear_oui_is_consent() {
        for yes in ["oui", "Oui", "OUI", " oui ", "Oui.", "oui .", "  OUI.  "] {
            assert!(sms_says_yes(yes), "{yes:?}");
        }
        for no in [
            "ok",
            "o",
            "ouii",
            "oui oui",
            "oui!",
            "oui..",
            "non",
            "",
            "d'accord",
            "Oui, merci",
        ] {
            assert!(!sms_says_yes(no), "{no:?}");
        }
    }

    #[test]
    fn scopes_round_trip_and_unknown_ones_are_dropped() {
        let all = Scope::ALL.to_vec();
        assert_eq!(scopes_from_str(&scopes_to_string(&all)), all);
        assert_eq!(scopes_from_str("signups, nope"), vec![Scope::Signups]);
        for c in [Consent::InPerson, Consent::Sms] {
            assert_eq!(Consent::parse(c.as_str()), Some(c));
        }
        for s in [
            State::Pending,
            State::Active,
            State::Refused,
            State::Revoked,
        ] {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
    }
}

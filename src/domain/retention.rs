//! How long a relais keeps what residents said: conversations (messages, sessions, the words
//! of call-backs) 90 days, a closed request's free text 1 year, unless the relais set its own
//! periods. The retention job forgets what is older; the first-contact notice and INFO say
//! these same periods (`conversation_days`, `request_days` in every text's arguments).

/// Shortest period a relais may set, in days.
pub const MIN_DAYS: u32 = 1;
/// Longest period a relais may set, in days (10 years).
pub const MAX_DAYS: u32 = 3650;
/// Seconds in a day.
pub const DAY_SECS: i64 = 24 * 3600;

/// The periods in force, in days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Periods {
    /// Messages, sessions, call-backs' words, idle conversations.
    pub conversation_days: u32,
    /// The free text of a request (details, notes, recording) after it was closed.
    pub request_days: u32,
}

impl Default for Periods {
    fn default() -> Self {
        Self {
            conversation_days: 90,
            request_days: 365,
        }
    }
}

impl Periods {
    /// The cut-offs at `now`: what is older than these (Unix seconds) is forgotten.
    pub fn cutoffs(&self, now: i64) -> (i64, i64) {
        (
            now - i64::from(self.conversation_days) * DAY_SECS,
            now - i64::from(self.request_days) * DAY_SECS,
        )
    }
}

/// A relais's own periods; `None`: the instance's default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OwnPeriods {
    pub conversation_days: Option<u32>,
    pub request_days: Option<u32>,
}

impl OwnPeriods {
    /// The periods in force: the relais's own, else `defaults`.
    pub fn over(&self, defaults: Periods) -> Periods {
        Periods {
            conversation_days: self.conversation_days.unwrap_or(defaults.conversation_days),
            request_days: self.request_days.unwrap_or(defaults.request_days),
        }
    }

    /// Each of `other`'s own periods where it has one, else this one's.
    pub fn or(self, other: OwnPeriods) -> OwnPeriods {
        OwnPeriods {
            conversation_days: other.conversation_days.or(self.conversation_days),
            request_days: other.request_days.or(self.request_days),
        }
    }
}

/// A number of days as typed (`90`), between [`MIN_DAYS`] and [`MAX_DAYS`].
pub fn parse_days(v: &str) -> Result<u32, String> {
    match v.trim().parse::<u32>() {
        Ok(d) if (MIN_DAYS..=MAX_DAYS).contains(&d) => Ok(d),
        _ => Err(format!(
            "\"{}\" is not a number of days from {MIN_DAYS} to {MAX_DAYS}",
            v.trim()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relais_keeps_its_own_periods_and_takes_the_default_for_the_others() {
        let defaults = Periods::default();
        assert_eq!(
            (defaults.conversation_days, defaults.request_days),
            (90, 365)
        );
        let own = OwnPeriods {
            conversation_days: Some(30),
            request_days: None,
        };
        assert_eq!(
            own.over(defaults),
            Periods {
                conversation_days: 30,
                request_days: 365
            }
        );
        let stored = OwnPeriods {
            conversation_days: None,
            request_days: Some(730),
        };
        assert_eq!(
            own.or(stored),
            OwnPeriods {
                conversation_days: Some(30),
                request_days: Some(730)
            }
        );
    }

    #[test]
    fn cutoffs_are_whole_days_before_now() {
        let p = Periods {
            conversation_days: 1,
            request_days: 2,
        };
        assert_eq!(p.cutoffs(10 * DAY_SECS), (9 * DAY_SECS, 8 * DAY_SECS));
    }

    #[test]
    fn days_are_a_plain_number_in_range() {
        assert_eq!(parse_days(" 90 "), Ok(90));
        assert!(parse_days("0").is_err());
        assert!(parse_days("3651").is_err());
        assert!(parse_days("90 jours").is_err());
    }
}

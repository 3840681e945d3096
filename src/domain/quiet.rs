//! Quiet hours: the part of the night (Europe/Paris) when nothing that is not urgent is sent
//! by SMS. `21:00-08:00` by default; each relais may set its own.
//!
//! Pure: the outbox worker asks [`QuietHours::next_allowed`] before it hands a message to a
//! provider, so every sender (sign-ups, mediation news, partner events) gets the rule for free.

use jiff::civil::Time;
use jiff::tz::TimeZone;

/// A nightly window during which only urgent messages go out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuietHours {
    /// First quiet minute.
    pub from: Time,
    /// First minute when sending may start again.
    pub until: Time,
}

/// A window that could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("\"{0}\" is not like \"21:00-08:00\" (or \"none\")")]
pub struct BadQuietHours(pub String);

fn paris() -> TimeZone {
    TimeZone::get("Europe/Paris").unwrap_or(TimeZone::UTC)
}

fn time(s: &str) -> Option<Time> {
    let (h, m) = s.trim().split_once(':')?;
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

impl Default for QuietHours {
    /// 21:00 to 08:00.
    fn default() -> Self {
        Self {
            from: Time::constant(21, 0, 0, 0),
            until: Time::constant(8, 0, 0, 0),
        }
    }
}

impl QuietHours {
    /// No quiet hours at all.
    pub const NONE: QuietHours = QuietHours {
        from: Time::constant(0, 0, 0, 0),
        until: Time::constant(0, 0, 0, 0),
    };

    /// Parses `21:00-08:00` (a window across midnight), `12:00-14:00`, or `none`.
    pub fn parse(s: &str) -> Result<Self, BadQuietHours> {
        let bad = || BadQuietHours(s.to_string());
        let t = s.trim();
        if t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("aucune") {
            return Ok(Self::NONE);
        }
        let (a, b) = t.split_once('-').ok_or_else(bad)?;
        let q = Self {
            from: time(a).ok_or_else(bad)?,
            until: time(b).ok_or_else(bad)?,
        };
        if q.from == q.until {
            return Err(bad());
        }
        Ok(q)
    }

    /// `21:00-08:00`, as it is written in settings.
    pub fn to_setting(&self) -> String {
        if *self == Self::NONE {
            return "none".into();
        }
        format!(
            "{:02}:{:02}-{:02}:{:02}",
            self.from.hour(),
            self.from.minute(),
            self.until.hour(),
            self.until.minute()
        )
    }

    fn contains(&self, t: Time) -> bool {
        if self.from == self.until {
            false
        } else if self.from < self.until {
            t >= self.from && t < self.until
        } else {
            t >= self.from || t < self.until
        }
    }

    /// True when `unix` falls in the window (Europe/Paris).
    pub fn is_quiet(&self, unix: i64) -> bool {
        jiff::Timestamp::from_second(unix)
            .map(|ts| self.contains(ts.to_zoned(paris()).time()))
            .unwrap_or(false)
    }

    /// The first moment at or after `unix` when a message that is not urgent may be sent:
    /// `unix` itself outside the window, else the end of the window (08:00 the same morning,
    /// or the next morning for a message queued in the evening).
    pub fn next_allowed(&self, unix: i64) -> i64 {
        if !self.is_quiet(unix) {
            return unix;
        }
        let Ok(ts) = jiff::Timestamp::from_second(unix) else {
            return unix;
        };
        let local = ts.to_zoned(paris());
        let mut day = local.date();
        if local.time() >= self.until {
            // Evening part of a window across midnight: it ends tomorrow morning.
            day = day.tomorrow().unwrap_or(day);
        }
        day.at(
            self.until.hour(),
            self.until.minute(),
            self.until.second(),
            0,
        )
        .to_zoned(paris())
        .map(|z| z.timestamp().as_second())
        .unwrap_or(unix)
        .max(unix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> i64 {
        s.parse::<jiff::Zoned>().unwrap().timestamp().as_second()
    }

    #[test]
    fn the_evening_waits_for_the_next_morning() {
        let q = QuietHours::default();
        assert_eq!(
            q.next_allowed(at("2026-11-27T23:00[Europe/Paris]")),
            at("2026-11-28T08:00[Europe/Paris]")
        );
        assert_eq!(
            q.next_allowed(at("2026-11-27T21:00[Europe/Paris]")),
            at("2026-11-28T08:00[Europe/Paris]")
        );
    }

    #[test]
    fn the_small_hours_wait_for_the_same_morning() {
        let q = QuietHours::default();
        assert_eq!(
            q.next_allowed(at("2026-11-28T07:59[Europe/Paris]")),
            at("2026-11-28T08:00[Europe/Paris]")
        );
        assert_eq!(
            q.next_allowed(at("2026-11-28T00:00[Europe/Paris]")),
            at("2026-11-28T08:00[Europe/Paris]")
        );
    }

    #[test]
    fn the_day_is_not_quiet() {
        let q = QuietHours::default();
        for t in [
            "2026-11-28T08:00[Europe/Paris]",
            "2026-11-28T12:00[Europe/Paris]",
            "2026-11-28T20:59[Europe/Paris]",
        ] {
            assert_eq!(q.next_allowed(at(t)), at(t), "{t}");
            assert!(!q.is_quiet(at(t)));
        }
    }

    #[test]
    fn the_window_follows_paris_time_across_a_clock_change() {
        // 29 March 2026: clocks go from 02:00 to 03:00 in Paris.
        let q = QuietHours::default();
        assert_eq!(
            q.next_allowed(at("2026-03-28T22:30[Europe/Paris]")),
            at("2026-03-29T08:00[Europe/Paris]")
        );
        // 25 October 2026: back from 03:00 to 02:00.
        assert_eq!(
            q.next_allowed(at("2026-10-24T23:30[Europe/Paris]")),
            at("2026-10-25T08:00[Europe/Paris]")
        );
    }

    #[test]
    fn a_window_within_the_day_and_none_at_all() {
        let lunch = QuietHours::parse("12:00-14:00").unwrap();
        assert_eq!(
            lunch.next_allowed(at("2026-11-28T13:00[Europe/Paris]")),
            at("2026-11-28T14:00[Europe/Paris]")
        );
        assert!(!lunch.is_quiet(at("2026-11-28T23:00[Europe/Paris]")));
        let none = QuietHours::parse("none").unwrap();
        assert!(!none.is_quiet(at("2026-11-28T03:00[Europe/Paris]")));
        assert_eq!(none.to_setting(), "none");
        assert_eq!(QuietHours::default().to_setting(), "21:00-08:00");
        assert_eq!(
            QuietHours::parse("22:30-07:15").unwrap().to_setting(),
            "22:30-07:15"
        );
    }

    #[test]
    fn bad_windows_are_refused() {
        for bad in ["21h-8h", "21:00", "25:00-08:00", "08:00-08:00", ""] {
            assert!(QuietHours::parse(bad).is_err(), "{bad}");
        }
    }
}

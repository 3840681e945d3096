//! Opening hours of a relais (`"lun-ven 09:00-12:00"`, several ranges), checked in
//! Europe/Paris time: whether a person can be put through right now.

use jiff::civil::{Time, Weekday};

/// One range of days with one range of hours.
#[derive(Clone, Debug, PartialEq)]
pub struct Range {
    pub first_day: Weekday,
    pub last_day: Weekday,
    pub from: Time,
    pub to: Time,
}

/// When a relais answers the phone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schedule {
    pub ranges: Vec<Range>,
}

/// A range that could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("\"{0}\" is not like \"lun-ven 09:00-12:00\" (days: lun mar mer jeu ven sam dim)")]
pub struct BadHours(pub String);

fn day(s: &str) -> Option<Weekday> {
    Some(match s.trim().to_lowercase().as_str() {
        "lun" | "mon" => Weekday::Monday,
        "mar" | "tue" => Weekday::Tuesday,
        "mer" | "wed" => Weekday::Wednesday,
        "jeu" | "thu" => Weekday::Thursday,
        "ven" | "fri" => Weekday::Friday,
        "sam" | "sat" => Weekday::Saturday,
        "dim" | "sun" => Weekday::Sunday,
        _ => return None,
    })
}

fn time(s: &str) -> Option<Time> {
    let (h, m) = s.trim().split_once(':')?;
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

impl Schedule {
    /// Parses ranges like `lun-ven 09:00-12:00` or `sam 10:00-11:30`.
    pub fn parse(ranges: &[String]) -> Result<Self, BadHours> {
        let mut out = Vec::new();
        for r in ranges {
            let bad = || BadHours(r.clone());
            let (days, hours) = r.trim().split_once(' ').ok_or_else(bad)?;
            let (d1, d2) = days.split_once('-').unwrap_or((days, days));
            let (h1, h2) = hours.split_once('-').ok_or_else(bad)?;
            let range = Range {
                first_day: day(d1).ok_or_else(bad)?,
                last_day: day(d2).ok_or_else(bad)?,
                from: time(h1).ok_or_else(bad)?,
                to: time(h2).ok_or_else(bad)?,
            };
            if range.from >= range.to {
                return Err(bad());
            }
            out.push(range);
        }
        Ok(Self { ranges: out })
    }

    /// The ranges written back as they are parsed (`lun-ven 09:00-12:00`), one per line.
    pub fn lines(&self) -> Vec<String> {
        const DAYS: [&str; 7] = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"];
        let day = |d: Weekday| DAYS[usize::try_from(d.to_monday_zero_offset()).unwrap_or(0)];
        self.ranges
            .iter()
            .map(|r| {
                let days = if r.first_day == r.last_day {
                    day(r.first_day).to_string()
                } else {
                    format!("{}-{}", day(r.first_day), day(r.last_day))
                };
                format!(
                    "{days} {}-{}",
                    r.from.strftime("%H:%M"),
                    r.to.strftime("%H:%M")
                )
            })
            .collect()
    }

    /// True when open at this Unix time, in Europe/Paris.
    pub fn is_open(&self, unix: i64) -> bool {
        let Ok(ts) = jiff::Timestamp::from_second(unix) else {
            return false;
        };
        let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC);
        let local = ts.to_zoned(tz);
        let (wd, t) = (local.weekday().to_monday_one_offset(), local.time());
        self.ranges.iter().any(|r| {
            let (a, b) = (
                r.first_day.to_monday_one_offset(),
                r.last_day.to_monday_one_offset(),
            );
            let in_days = if a <= b {
                (a..=b).contains(&wd)
            } else {
                wd >= a || wd <= b
            };
            in_days && t >= r.from && t < r.to
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_written_back_as_typed() {
        let typed = vec![
            "lun-ven 09:00-12:00".to_string(),
            "sam 10:00-11:30".to_string(),
        ];
        let s = Schedule::parse(&typed).unwrap();
        assert_eq!(s.lines(), typed);
        assert_eq!(Schedule::parse(&s.lines()).unwrap(), s);
    }

    fn at(s: &str) -> i64 {
        s.parse::<jiff::Zoned>().unwrap().timestamp().as_second()
    }

    #[test]
    fn weekdays_mornings() {
        let s = Schedule::parse(&["lun-ven 09:00-12:00".into(), "sam 10:00-11:00".into()]).unwrap();
        assert!(
            s.is_open(at("2026-11-27T09:30[Europe/Paris]")),
            "a Friday morning"
        );
        assert!(
            !s.is_open(at("2026-11-27T12:00[Europe/Paris]")),
            "noon is closed"
        );
        assert!(s.is_open(at("2026-11-28T10:15[Europe/Paris]")), "Saturday");
        assert!(!s.is_open(at("2026-11-29T10:15[Europe/Paris]")), "Sunday");
    }

    #[test]
    fn bad_ranges_are_refused() {
        for bad in [
            "lundi 9-12",
            "lun-ven 12:00-09:00",
            "lun-ven",
            "xyz 09:00-10:00",
        ] {
            assert!(Schedule::parse(&[bad.to_string()]).is_err(), "{bad}");
        }
        assert!(!Schedule::default().is_open(at("2026-11-27T10:00[Europe/Paris]")));
    }
}

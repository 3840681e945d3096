//! When a person wants help, from their own words: "demain", "jeudi", "mardi prochain",
//! "le 12", "le 3 mars", "ce matin", "dans la semaine", "pas pressé", and a time ("10h",
//! "14 h 30", "neuf heures", "2pm", "مع 10").
//!
//! Pure: today's date comes in, every word comes from the `words-day-*`, `words-weekday-*`,
//! `words-month-*` and `words-time-*` lists of the locales. A past day ("hier") or a habit
//! ("le samedi", "every Saturday") gives no day.

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Lexicon, contains_phrase, strip_phrases, word_matches};

/// The day asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Date(Date),
    Today,
    ThisWeek,
    Flexible,
}

/// When, with a time of day if one was said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day {
    pub when: When,
    /// Hour and minute.
    pub time: Option<(u8, u8)>,
}

impl Day {
    /// The urgency key the flows' "when" question uses: `aujourd_hui`, `cette_semaine`,
    /// `pas_presse`.
    pub fn urgency(&self, today: Date) -> &'static str {
        match self.when {
            When::Today => "aujourd_hui",
            When::Date(d) if d <= today => "aujourd_hui",
            When::Date(d) if d <= today.saturating_add(6.days()) => "cette_semaine",
            When::ThisWeek => "cette_semaine",
            When::Date(_) | When::Flexible => "pas_presse",
        }
    }

    /// The day as stored: `YYYY-MM-DD`, with `THH:MM` when a time was said.
    pub fn stamp(&self, today: Date) -> Option<String> {
        // "Aujourd'hui" is said as such: its urgency already tells it.
        let date = match self.when {
            When::Date(d) if d != today || self.time.is_some() => d,
            When::Date(_) | When::Today | When::ThisWeek | When::Flexible => return None,
        };
        Some(match self.time {
            Some((h, m)) => format!("{date}T{h:02}:{m:02}"),
            None => date.to_string(),
        })
    }
}

/// Does any language's list `id` hold one of its phrases in these words?
fn said(lex: &Lexicon, id: &str, words: &[String]) -> bool {
    lex.langs
        .values()
        .any(|l| l.list(id).iter().any(|p| contains_phrase(words, p)))
}

/// Does any language's list `id` hold this one word? A typo is forgiven only in words of 7
/// letters or more ("mecredi"): "mari" is not "mardi".
fn is(lex: &Lexicon, id: &str, word: &str) -> bool {
    lex.langs.values().any(|l| {
        l.list(id)
            .iter()
            .any(|w| w == word || (w.chars().count() >= 7 && word_matches(word, w)))
    })
}

/// A day of the month or an hour written with digits, number words or `12th`.
fn number(lex: &Lexicon, word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return Some(n);
    }
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    let rest = &word[digits.len()..];
    if !digits.is_empty() && ["th", "st", "nd", "rd", "er", "e"].contains(&rest) {
        return digits.parse().ok();
    }
    lex.langs.values().find_map(|l| {
        l.numbers
            .iter()
            .find(|(w, _)| w == word)
            .map(|(_, n)| *n as u32)
    })
}

/// 1 (Monday) to 7 (Sunday), or the month 1 to 12, named by this word.
fn named(lex: &Lexicon, prefix: &str, count: i8, word: &str) -> Option<i8> {
    (1..=count).find(|n| is(lex, &format!("{prefix}-{n}"), word))
}

/// The next day after `today` that is this weekday (1 = Monday): "mardi" said on a
/// Tuesday is next week's.
fn next_weekday(today: Date, weekday: i8) -> Date {
    let now = today.weekday().to_monday_one_offset();
    let ahead = (weekday - now).rem_euclid(7);
    let ahead = if ahead == 0 { 7 } else { ahead };
    today.saturating_add(i64::from(ahead).days())
}

/// The next day numbered `day` (this month when still to come, else the next one).
fn next_day_of_month(today: Date, day: u32, month: Option<i8>) -> Option<Date> {
    let day = i8::try_from(day).ok().filter(|d| (1..=31).contains(d))?;
    match month {
        Some(m) => {
            let this_year = Date::new(today.year(), m, day).ok()?;
            if this_year >= today {
                Some(this_year)
            } else {
                Date::new(today.year() + 1, m, day).ok()
            }
        }
        None => {
            let this_month = Date::new(today.year(), today.month(), day).ok();
            match this_month {
                Some(d) if d >= today => Some(d),
                _ => {
                    let next = today.first_of_month().saturating_add(1.month());
                    Date::new(next.year(), next.month(), day).ok()
                }
            }
        }
    }
}

/// A date named in the words: a weekday (not a habit), a day of the month, maybe a month.
fn explicit(lex: &Lexicon, words: &[String], today: Date) -> Option<Date> {
    for (i, w) in words.iter().enumerate() {
        let after = words.get(i + 1).and_then(|n| number(lex, n));
        let month_after = |at: usize| words.get(at).and_then(|m| named(lex, "words-month", 12, m));
        if let Some(wd) = named(lex, "words-weekday", 7, w) {
            if let Some(d) = after.filter(|d| (1..=31).contains(d)) {
                return next_day_of_month(today, d, month_after(i + 2));
            }
            let habit = i > 0 && is(lex, "words-day-habit", &words[i - 1]);
            if !habit {
                return Some(next_weekday(today, wd));
            }
            continue;
        }
        let Some(n) = number(lex, w).filter(|n| (1..=31).contains(n)) else {
            continue;
        };
        if let Some(m) = month_after(i + 1) {
            return next_day_of_month(today, n, Some(m));
        }
        // "12th" is a day; "7e" is more often Lyon's 7th arrondissement.
        let ordinal = ["th", "st", "nd", "rd"].iter().any(|s| w.ends_with(s))
            && w.chars().next().is_some_and(|c| c.is_ascii_digit());
        let introduced = i > 0 && is(lex, "words-day-the", &words[i - 1]);
        let at_hour = words
            .get(i + 1)
            .is_some_and(|n| is(lex, "words-time-hour", n));
        if (introduced || ordinal) && !at_hour {
            return next_day_of_month(today, n, None);
        }
    }
    None
}

/// A time of day: `10h`, `14h30`, `14 h 30`, `neuf heures`, `2pm`, `at 9`, `ce midi`.
pub fn time(lex: &Lexicon, words: &[String]) -> Option<(u8, u8)> {
    let valid = |h: u32, m: u32| (h < 24 && m < 60).then_some((h as u8, m as u8));
    for (i, w) in words.iter().enumerate() {
        // "10h", "14h30"
        if let Some((h, m)) = w.split_once('h')
            && !h.is_empty()
            && h.chars().all(|c| c.is_ascii_digit())
            && m.chars().all(|c| c.is_ascii_digit())
        {
            let h: u32 = h.parse().ok()?;
            let m: u32 = if m.is_empty() { 0 } else { m.parse().ok()? };
            return valid(h, m);
        }
        // "2pm", "10am"
        for (suffix, add) in [("pm", 12), ("am", 0)] {
            if let Some(h) = w.strip_suffix(suffix)
                && let Ok(h) = h.parse::<u32>()
                && (1..=12).contains(&h)
            {
                return valid(h % 12 + add, 0);
            }
        }
        let Some(h) = number(lex, w) else {
            if is(lex, "words-time-noon", w)
                && (i == 0 || !is(lex, "words-time-after", &words[i - 1]))
            {
                return Some((12, 0));
            }
            continue;
        };
        let next = words.get(i + 1);
        if next.is_some_and(|n| is(lex, "words-time-hour", n)) {
            let m = words
                .get(i + 2)
                .and_then(|m| m.parse::<u32>().ok())
                .unwrap_or(0);
            return valid(h, m);
        }
        if let Some(n) = next
            && (n == "pm" || n == "am")
        {
            return valid(h % 12 + if n == "pm" { 12 } else { 0 }, 0);
        }
        if i > 0 && is(lex, "words-time-at", &words[i - 1]) && (1..=23).contains(&h) {
            // "at 9", "مع 10": afternoon hours are said as such ("at 3" is 15:00).
            let h = if h < 7 { h + 12 } else { h };
            let m = next
                .and_then(|m| m.parse::<u32>().ok())
                .filter(|m| *m < 60)
                .unwrap_or(0);
            return valid(h, m);
        }
    }
    None
}

/// The day a message asks for, if it names one.
pub fn find(lex: &Lexicon, words: &[String], today: Date) -> Option<Day> {
    let with_time = |when| Day {
        when,
        time: time(lex, words),
    };
    if said(lex, "words-day-flexible", words) {
        return Some(Day {
            when: When::Flexible,
            time: None,
        });
    }
    // A past day is no day: "depuis hier" says nothing of when help is wanted.
    let mut kept = words.to_vec();
    for l in lex.langs.values() {
        kept = strip_phrases(&kept, l.list("words-day-past"));
    }
    if said(lex, "words-day-this-week", &kept) {
        return Some(with_time(When::ThisWeek));
    }
    if let Some(d) = explicit(lex, &kept, today) {
        return Some(with_time(When::Date(d)));
    }
    for (id, days) in [("words-day-after-tomorrow", 2), ("words-day-tomorrow", 1)] {
        if said(lex, id, &kept) {
            return Some(with_time(When::Date(today.saturating_add(days.days()))));
        }
    }
    if said(lex, "words-day-today", &kept) {
        return Some(with_time(When::Today));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locales;

    fn day(text: &str) -> Option<(String, Option<(u8, u8)>)> {
        let locales = Locales::embedded().unwrap();
        let words: Vec<String> = crate::domain::text::fold(text)
            .split(' ')
            .map(str::to_string)
            .collect();
        // Tuesday 1 December 2026.
        let today = Date::new(2026, 12, 1).unwrap();
        find(locales.lexicon(), &words, today).map(|d| {
            let shown = match d.when {
                When::Date(d) => d.to_string(),
                When::Today => "today".into(),
                When::ThisWeek => "this_week".into(),
                When::Flexible => "flexible".into(),
            };
            (shown, d.time)
        })
    }

    #[test]
    fn days_people_name() {
        assert_eq!(day("demain").unwrap().0, "2026-12-02");
        assert_eq!(day("apres demain").unwrap().0, "2026-12-03");
        assert_eq!(
            day("jeudi a 10h").unwrap(),
            ("2026-12-03".into(), Some((10, 0)))
        );
        assert_eq!(
            day("mardi").unwrap().0,
            "2026-12-08",
            "today's weekday is next week's"
        );
        assert_eq!(day("mardi prochain").unwrap().0, "2026-12-08");
        assert_eq!(day("le 12").unwrap().0, "2026-12-12");
        assert_eq!(
            day("le douze a neuf heures").unwrap(),
            ("2026-12-12".into(), Some((9, 0)))
        );
        assert_eq!(day("le 3 mars").unwrap().0, "2027-03-03");
        assert_eq!(
            day("mercredi 9 a 10h30").unwrap(),
            ("2026-12-09".into(), Some((10, 30)))
        );
        assert_eq!(day("ce matin").unwrap().0, "today");
        assert_eq!(day("dans la semaine").unwrap().0, "this_week");
        assert_eq!(day("pas pressé").unwrap().0, "flexible");
        assert_eq!(day("ce n'est pas urgent").unwrap().0, "flexible");
        assert_eq!(
            day("monday 2pm").unwrap(),
            ("2026-12-07".into(), Some((14, 0)))
        );
        assert_eq!(
            day("next Tuesday at 9").unwrap(),
            ("2026-12-08".into(), Some((9, 0)))
        );
        assert_eq!(day("غدا").unwrap().0, "2026-12-02");
        assert_eq!(day("nhar l khmis").unwrap().0, "2026-12-03");
    }

    #[test]
    fn no_day_for_the_past_a_habit_or_an_age() {
        assert_eq!(day("mon robinet fuit depuis hier"), None);
        assert_eq!(day("je peux aider le samedi"), None);
        assert_eq!(day("elle a 91 ans"), None);
        assert_eq!(day("lyon 7e"), None);
    }

    #[test]
    fn urgency_and_stamp() {
        let today = Date::new(2026, 12, 1).unwrap();
        let d = |when| Day { when, time: None };
        assert_eq!(d(When::Today).urgency(today), "aujourd_hui");
        assert_eq!(
            d(When::Date(Date::new(2026, 12, 3).unwrap())).urgency(today),
            "cette_semaine"
        );
        assert_eq!(
            d(When::Date(Date::new(2026, 12, 15).unwrap())).urgency(today),
            "pas_presse"
        );
        let timed = Day {
            when: When::Date(Date::new(2026, 12, 3).unwrap()),
            time: Some((10, 0)),
        };
        assert_eq!(timed.stamp(today).unwrap(), "2026-12-03T10:00");
        assert_eq!(d(When::Flexible).stamp(today), None);
    }
}

//! `RefCode`: the 6-digit reference of a help request (`482 915`), never starting with 0,
//! so any keypad can type it and it can be read out over the phone.

use std::fmt;

/// A help request's reference, 100000 to 999999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RefCode(u32);

impl RefCode {
    /// Builds a code from a number, if it has 6 digits and does not start with 0.
    pub fn new(n: u32) -> Option<Self> {
        (100_000..=999_999).contains(&n).then_some(Self(n))
    }

    /// Reads a code typed by a person: `482915`, `482 915`, `482-915`, `482.915`.
    pub fn parse(raw: &str) -> Option<Self> {
        let mut digits = String::new();
        for c in raw.trim().chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '\u{a0}' => {}
                _ => return None,
            }
        }
        if digits.len() != 6 {
            return None;
        }
        digits.parse().ok().and_then(Self::new)
    }

    /// The number itself.
    pub fn value(self) -> u32 {
        self.0
    }

    /// `482915`, as stored and as typed on a keypad.
    pub fn compact(self) -> String {
        self.0.to_string()
    }

    /// `482 915`, as shown to people.
    pub fn grouped(self) -> String {
        format!("{:03} {:03}", self.0 / 1000, self.0 % 1000)
    }

    /// `4 8 2 9 1 5`, for speech: one digit at a time.
    pub fn spelled(self) -> String {
        let s = self.0.to_string();
        let mut out = String::with_capacity(12);
        for (i, c) in s.chars().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
}

impl fmt::Display for RefCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.grouped())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_as_typed() {
        for raw in ["482915", "482 915", " 482-915 ", "482.915"] {
            assert_eq!(RefCode::parse(raw).unwrap().value(), 482_915, "{raw}");
        }
    }

    #[test]
    fn codes_starting_with_zero_or_of_wrong_length_are_refused() {
        for raw in ["082915", "48291", "4829155", "48291a", ""] {
            assert!(RefCode::parse(raw).is_none(), "{raw}");
        }
    }

    #[test]
    fn codes_are_shown_grouped_and_spelled() {
        let c = RefCode::new(482_915).unwrap();
        assert_eq!(c.grouped(), "482 915");
        assert_eq!(c.spelled(), "4 8 2 9 1 5");
        assert_eq!(RefCode::new(100_005).unwrap().grouped(), "100 005");
    }
}

//! `PhoneNumber`: an E.164 number, built only through [`PhoneNumber::parse`].
//!
//! French numbers typed the French way (`06 12 34 56 78`, `0033 6…`) become `+33612345678`.
//! [`PhoneNumber::redacted`] is the only form that may appear in logs.

use std::fmt;

/// A phone number in E.164 form (`+` then 8 to 15 digits).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(String);

/// Why a string is not a phone number.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not a phone number (expected +33612345678 or 06 12 34 56 78)")]
pub struct InvalidPhone;

impl PhoneNumber {
    /// Parses a number as people and providers write it.
    pub fn parse(raw: &str) -> Result<Self, InvalidPhone> {
        let trimmed = raw.trim();
        let plus = trimmed.starts_with('+');
        let mut digits = String::with_capacity(16);
        for c in trimmed.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '.' | '-' | '(' | ')' | '\u{a0}' | '/' => {}
                '+' if digits.is_empty() => {}
                _ => return Err(InvalidPhone),
            }
        }
        let e164 = if plus {
            // "+33 (0)6 12…" is common: drop the trunk zero after the French prefix.
            if let Some(rest) = digits.strip_prefix("330")
                && rest.len() == 9
            {
                format!("33{rest}")
            } else {
                digits
            }
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.to_string()
        } else if digits.len() == 10 && digits.starts_with('0') {
            format!("33{}", &digits[1..])
        } else {
            return Err(InvalidPhone);
        };
        if !(8..=15).contains(&e164.len()) || e164.starts_with('0') {
            return Err(InvalidPhone);
        }
        Ok(Self(format!("+{e164}")))
    }

    /// The E.164 string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `+33 6 •• •• •• 78`: enough to tell two numbers apart in a log, not enough to call.
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }

    /// True for numbers that can receive an SMS: mobiles of any country, by the numbering plan
    /// data of libphonenumber (a Swiss, Italian or Réunion mobile as well as a French 06 or
    /// 07). Landlines and numbers the data does not know get no SMS.
    pub fn can_receive_sms(&self) -> bool {
        use phonenumber::Type;
        let Ok(n) = phonenumber::parse(None, &self.0) else {
            return false;
        };
        matches!(
            n.number_type(&phonenumber::metadata::DATABASE),
            Type::Mobile | Type::FixedLineOrMobile
        )
    }
}

/// Redacts any phone-like string for logs.
pub fn redact(raw: &str) -> String {
    let digits: Vec<char> = raw.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() < 6 {
        return "••".to_string();
    }
    let head: String = digits.iter().take(3).collect();
    let tail: String = digits[digits.len() - 2..].iter().collect();
    if let Some(rest) = head.strip_prefix("33") {
        format!("+33 {rest} •• •• •• {tail}")
    } else {
        format!("+{head} •• {tail}")
    }
}

/// Redacts every phone-like run of digits inside a text (a provider's error message may quote
/// the number), so it can be logged.
pub fn redact_in_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().filter(char::is_ascii_digit).count() >= 6 {
            out.push_str(&redact(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        let in_number =
            c.is_ascii_digit() || (c == '+' && run.is_empty()) || (c == ' ' && !run.is_empty());
        if in_number {
            run.push(c);
        } else {
            let trailing_space = run.ends_with(' ');
            let trimmed = run.trim_end().to_string();
            run = trimmed;
            flush(&mut run, &mut out);
            if trailing_space {
                out.push(' ');
            }
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_ways_of_writing_become_e164() {
        for raw in [
            "06 12 34 56 78",
            "0612345678",
            "06.12.34.56.78",
            "+33612345678",
            "+33 6 12 34 56 78",
            "0033612345678",
            "+33 (0)6 12 34 56 78",
        ] {
            assert_eq!(
                PhoneNumber::parse(raw).unwrap().as_str(),
                "+33612345678",
                "{raw}"
            );
        }
    }

    #[test]
    fn foreign_numbers_are_kept() {
        assert_eq!(
            PhoneNumber::parse("+12349013030").unwrap().as_str(),
            "+12349013030"
        );
    }

    #[test]
    fn garbage_is_refused() {
        for raw in ["", "abc", "12", "+33 6 12 ab", "612345678", "+0612345678"] {
            assert!(PhoneNumber::parse(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn numbers_inside_a_text_are_redacted() {
        let t = redact_in_text("The 'To' number +33612345678 is not valid (code 21211).");
        assert!(!t.contains("612345678"), "{t}");
        assert!(t.contains("code 21211"), "{t}");
        let national = redact_in_text("06 12 34 56 78 refused");
        assert!(
            !national.contains("34 56") && national.ends_with("78 refused"),
            "{national}"
        );
    }

    #[test]
    fn redaction_hides_the_middle() {
        let p = PhoneNumber::parse("+33612345678").unwrap();
        assert_eq!(p.redacted(), "+33 6 •• •• •• 78");
        assert!(!p.redacted().contains("1234"));
    }

    #[test]
    fn mobiles_of_the_region_s_neighbours_and_overseas_get_sms() {
        for mobile in [
            "06 12 34 56 78",
            "07 81 23 45 67",
            "+41 79 123 45 67",  // Switzerland
            "+39 347 123 4567",  // Italy
            "+49 151 23456789",  // Germany
            "+32 470 12 34 56",  // Belgium
            "+262 692 12 34 56", // Réunion
            "+590 690 12 34 56", // Guadeloupe
            "+596 696 12 34 56", // Martinique
            "+594 694 12 34 56", // Guyane
        ] {
            let p = PhoneNumber::parse(mobile).unwrap();
            assert!(p.can_receive_sms(), "{mobile}");
        }
        for landline in [
            "04 50 01 02 03",
            "09 70 00 00 00",
            "+41 22 123 45 67",
            "+39 06 1234 5678",
            "+262 262 12 34 56",
        ] {
            let p = PhoneNumber::parse(landline).unwrap();
            assert!(!p.can_receive_sms(), "{landline}");
        }
    }
}

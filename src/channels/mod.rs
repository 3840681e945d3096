//! Channels turn the engine's semantic outputs into what a person sees or hears.
//!
//! [`Renderer`] formats one message with its arguments for a channel (commune names
//! transliterated in SMS, codes spelled out by voice, typed text shortened when echoed);
//! each submodule lays out a whole answer for its channel. May use `domain`, `engine`, `i18n`.

pub mod kiosk;
pub mod pictos;
pub mod sms;
pub mod voice;

use fluent_bundle::{FluentArgs, FluentValue};

use crate::domain::text::{shorten, to_gsm7};
use crate::domain::{Communes, RefCode};
use crate::engine::{Arg, Args, Text};
use crate::i18n::Locales;

/// Longest typed text echoed back in an SMS.
pub const ECHO_MAX_CHARS: usize = 40;

/// Which surface a text is for: picks the `.sms` / `.voice` variant of a message and how
/// arguments are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    Sms,
    Voice,
    Screen,
}

impl Variant {
    fn attribute(self) -> &'static str {
        match self {
            Variant::Sms => "sms",
            Variant::Voice => "voice",
            Variant::Screen => "screen",
        }
    }
}

/// Formats messages for one person on one channel.
pub struct Renderer<'a> {
    pub locales: &'a Locales,
    pub communes: &'a Communes,
    pub lang: &'a str,
    pub variant: Variant,
    /// Arguments every message may use (`relais`, `help_line`).
    pub context: &'a Args,
}

impl Renderer<'_> {
    /// One message, in this channel's variant when it has one. `id.attribute` names an
    /// attribute of a message (a question's `.hint`).
    pub fn text(&self, t: &Text) -> String {
        let mut args = FluentArgs::new();
        for (k, v) in self.context.iter().chain(t.args.iter()) {
            args.set(k.clone(), self.arg(v));
        }
        if let Some((id, attribute)) = t.msg.split_once('.') {
            return self
                .locales
                .format(self.lang, id, Some(attribute), Some(&args));
        }
        let attr = self.variant.attribute();
        let attribute = self
            .locales
            .has_attribute(self.lang, &t.msg, attr)
            .then_some(attr);
        self.locales
            .format(self.lang, &t.msg, attribute, Some(&args))
    }

    /// A message with no arguments.
    pub fn plain(&self, id: &str) -> String {
        self.text(&Text::new(id))
    }

    /// An argument as it is shown or said (a commune's name, a date in words…).
    pub fn shown(&self, a: &Arg) -> String {
        match self.arg(a) {
            FluentValue::String(s) => s.to_string(),
            FluentValue::Number(n) => n.as_string().to_string(),
            _ => String::new(),
        }
    }

    fn arg(&self, a: &Arg) -> FluentValue<'static> {
        let s = self.arg_text(a);
        // Numbers keep their order inside right-to-left text ("04 50 01 02 03", "482 915"):
        // isolated left-to-right. Only in those languages, so French SMS stay in GSM-7.
        let numeric = matches!(a, Arg::Code(_) | Arg::Digits(_) | Arg::Phone(_));
        match s {
            Some(s)
                if numeric && self.variant == Variant::Sms && kiosk::dir_of(self.lang) == "rtl" =>
            {
                FluentValue::from(format!("\u{2066}{s}\u{2069}"))
            }
            Some(s) => FluentValue::from(s),
            None => match a {
                Arg::Number(n) => FluentValue::from(*n),
                _ => FluentValue::from(""),
            },
        }
    }

    /// An argument's text; `None` for a number (Fluent formats it, with its plural forms).
    fn arg_text(&self, a: &Arg) -> Option<String> {
        let s = match a {
            Arg::Text(t) => t.clone(),
            Arg::Typed(t) => match self.variant {
                Variant::Sms => shorten(t, ECHO_MAX_CHARS),
                _ => t.clone(),
            },
            Arg::Label(id) => self.plain(id),
            Arg::Commune(insee) => {
                let name = self
                    .communes
                    .by_insee(insee)
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| insee.clone());
                match self.variant {
                    Variant::Sms => to_gsm7(&name),
                    _ => name,
                }
            }
            Arg::Code(n) => match (RefCode::new(*n), self.variant) {
                // Digit by digit, with pauses: "4, 8, 2, 9, 1, 5".
                (Some(c), Variant::Voice) => c.spelled().replace(' ', ", "),
                (Some(c), _) => c.grouped(),
                (None, _) => n.to_string(),
            },
            Arg::Date(d) => self.date(d),
            // A postal code by voice: "74 150", as people say it.
            Arg::Digits(d) if self.variant == Variant::Voice && d.len() == 5 => {
                format!("{} {}", &d[..2], &d[2..])
            }
            Arg::Digits(d) => d.clone(),
            Arg::Phone(p) => p.clone(),
            Arg::Number(_) => return None,
        };
        Some(s)
    }

    /// `2026-12-06` → `samedi 6 décembre`.
    pub fn date(&self, iso: &str) -> String {
        let Ok(date) = iso.get(..10).unwrap_or(iso).parse::<jiff::civil::Date>() else {
            return iso.to_string();
        };
        let mut args = FluentArgs::new();
        args.set(
            "day",
            self.plain(&format!("day-{}", date.weekday().to_monday_one_offset())),
        );
        args.set("number", date.day().to_string());
        args.set("month", self.plain(&format!("month-{}", date.month())));
        let mut out = self.locales.format(self.lang, "date", None, Some(&args));
        // "2026-12-03T10:00": the time said with it.
        if let Some((h, m)) = iso.get(11..16).and_then(|t| t.split_once(':'))
            && let (Ok(h), Ok(m)) = (h.parse::<u8>(), m.parse::<u8>())
        {
            let mut at = FluentArgs::new();
            at.set("date", out.clone());
            at.set("hour", h.to_string());
            at.set(
                "minute",
                if m == 0 {
                    "none".to_string()
                } else {
                    format!("{m:02}")
                },
            );
            out = self.locales.format(self.lang, "date-at", None, Some(&at));
        }
        match self.variant {
            Variant::Sms => to_gsm7(&out),
            _ => out,
        }
    }
}

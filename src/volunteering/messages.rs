//! The texts sent about a sign-up, rendered once when queued: to the volunteer in the
//! language they signed up in (SMS), to the organisation and the relais team in French (SMS or
//! e-mail). Every word comes from the catalogues.

use crate::channels::sms;
use crate::channels::{Renderer, Variant};
use crate::conversation::{Core, national};
use crate::domain::text::shorten;
use crate::domain::{PhoneNumber, Relais};
use crate::engine::{Arg, Args, Text};
use crate::i18n::REFERENCE;
use crate::store::{Mission, SignupView};

/// Longest mission title in an SMS (as in the mission lists).
pub const TITLE_CHARS: usize = 45;
/// Longest organisation name in an SMS.
pub const ORGANIZATION_CHARS: usize = 40;
/// Longest street address in an SMS.
pub const ADDRESS_CHARS: usize = 30;

/// Fluent ids of the texts this module sends, for `flows check`.
pub const MESSAGE_IDS: [&str; 18] = [
    "signup-confirmation",
    "signup-reminder",
    "signup-validated",
    "signup-refused",
    "signup-cancelled-by-org",
    "signup-when",
    "time-of-day",
    "signup-unknown-phone",
    "notify-signup-cancelled",
    "signup-org-sms",
    "signup-org-cancelled-sms",
    "signup-org-email-subject",
    "signup-org-email",
    "signup-org-email-answer",
    "signup-org-email-answer-line",
    "signup-org-email-sms-note",
    "signup-org-cancelled-email-subject",
    "signup-org-cancelled-email",
];

/// The ids of those texts that go by SMS (their budget is checked by `flows check`).
pub const SMS_IDS: [&str; 9] = [
    "signup-confirmation",
    "signup-reminder",
    "signup-validated",
    "signup-refused",
    "signup-cancelled-by-org",
    "notify-signup",
    "notify-signup-cancelled",
    "signup-org-sms",
    "signup-org-cancelled-sms",
];

/// A mission's day ("samedi 6 décembre"), or "date à choisir".
pub fn date_arg(m: &Mission) -> Arg {
    match &m.start_at {
        Some(d) => Arg::Date(d.get(..10).unwrap_or(d).to_string()),
        None => Arg::Label("mission-date-flexible".into()),
    }
}

/// Formats the texts of one relais in one language.
pub struct Texts<'a> {
    core: &'a Core,
    lang: &'a str,
    context: Args,
}

impl<'a> Texts<'a> {
    pub fn new(core: &'a Core, relais: &Relais, lang: &'a str) -> Self {
        Self {
            core,
            lang,
            context: core.context_args(relais),
        }
    }

    /// The reference language, for organisations and the relais team.
    pub fn french(core: &'a Core, relais: &Relais) -> Self {
        Self::new(core, relais, REFERENCE)
    }

    fn renderer(&self, variant: Variant) -> Renderer<'_> {
        self.core.renderer(self.lang, variant, &self.context)
    }

    /// An SMS: GSM-7 punctuation, transliterated if the settings say so.
    pub fn sms(&self, id: &str, args: &Args) -> String {
        let text = self
            .renderer(Variant::Sms)
            .text(&Text::with(id, args.clone()));
        sms::finish(&text, self.core.sms_style)
    }

    /// Plain text (e-mail): accents and commune names as they are.
    pub fn plain(&self, id: &str, args: &Args) -> String {
        self.renderer(Variant::Screen)
            .text(&Text::with(id, args.clone()))
    }

    /// "samedi 6 décembre à 9 h 00", "samedi 6 décembre", or "date à choisir".
    fn when(&self, m: &Mission, variant: Variant) -> String {
        let r = self.renderer(variant);
        let Some(start) = m.start_at.as_deref() else {
            return r.plain("mission-date-flexible");
        };
        let date = r.date(start.get(..10).unwrap_or(start));
        let Some((h, min)) = start
            .get(11..16)
            .and_then(|t| t.split_once(':'))
            .and_then(|(h, m)| Some((h.parse::<u8>().ok()?, m)))
        else {
            return date;
        };
        let mut a = Args::new();
        a.insert("hour".into(), Arg::Text(h.to_string()));
        a.insert("minute".into(), Arg::Text(min.to_string()));
        let time = r.text(&Text::with("time-of-day", a));
        let mut a = Args::new();
        a.insert("date".into(), Arg::Text(date));
        a.insert("time".into(), Arg::Text(time));
        r.text(&Text::with("signup-when", a))
    }

    /// What every text about a mission may say: `title`, `organization`, `commune`, `date`,
    /// `when`, `place`.
    pub fn mission_args(&self, m: &Mission, variant: Variant) -> Args {
        let mut a = Args::new();
        let sms = variant == Variant::Sms;
        let cut = |s: &str, n: usize| if sms { shorten(s, n) } else { s.to_string() };
        a.insert("title".into(), Arg::Text(cut(&m.title, TITLE_CHARS)));
        a.insert(
            "organization".into(),
            Arg::Text(cut(&m.organization, ORGANIZATION_CHARS)),
        );
        a.insert("commune".into(), Arg::Commune(m.commune_insee.clone()));
        a.insert("date".into(), date_arg(m));
        a.insert("when".into(), Arg::Text(self.when(m, variant)));
        let commune = self
            .core
            .communes
            .by_insee(&m.commune_insee)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let commune = if sms {
            crate::domain::text::to_gsm7(&commune)
        } else {
            commune
        };
        let place = if m.address.trim().is_empty() {
            commune
        } else {
            format!("{}, {commune}", cut(m.address.trim(), ADDRESS_CHARS))
        };
        a.insert("place".into(), Arg::Text(place));
        a
    }

    /// The volunteer's number as the organisation dials it, or "numéro inconnu".
    pub fn volunteer_phone(&self, s: &SignupView) -> Arg {
        match PhoneNumber::parse(&s.volunteer) {
            Ok(p) => Arg::Text(national(&p)),
            Err(_) => Arg::Label("signup-unknown-phone".into()),
        }
    }
}

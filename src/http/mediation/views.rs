//! One askama template struct per console screen (`XView` for `console-ui/templates/x.html`)
//! and the [`Chrome`] they share. Words come from `locales/fr/console.ftl` through [`Words`];
//! templates hold ids, never words of their own.

use askama::Template;
use fluent_bundle::{FluentArgs, FluentValue};

use crate::i18n::Locales;

/// The console's words (French: staff screens are French-only).
#[derive(Clone, Copy)]
pub struct Words<'a> {
    pub locales: &'a Locales,
}

impl Words<'_> {
    pub fn t(&self, id: &str) -> String {
        self.locales.format("fr", id, None, None)
    }

    /// A message with text arguments.
    pub fn with(&self, id: &str, args: &[(&str, &str)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(*k, FluentValue::from(v.to_string()));
        }
        self.locales.format("fr", id, None, Some(&a))
    }
}

/// Who is signed in, as the header shows it.
pub struct Me {
    pub signed_as: String,
    pub admin: bool,
}

/// What every console page shares.
pub struct Chrome<'a> {
    pub w: Words<'a>,
    pub title: String,
    /// The CSRF token of this page's forms.
    pub csrf: String,
    pub me: Option<Me>,
    /// Which menu entry is the current page (`queue`, `team`, or empty).
    pub here: &'static str,
    pub notice: Option<String>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "login.html", config = "console-ui/askama.toml")]
pub struct LoginView<'a> {
    pub c: Chrome<'a>,
    pub email: String,
}

#[derive(Template)]
#[template(path = "setup.html", config = "console-ui/askama.toml")]
pub struct SetupView<'a> {
    pub c: Chrome<'a>,
    pub intro: String,
    pub token: String,
    /// The QR code, an SVG drawing made by `qrcode` (no user text in it).
    pub qr: String,
    pub secret: String,
}

#[derive(Template)]
#[template(path = "message.html", config = "console-ui/askama.toml")]
pub struct MessageView<'a> {
    pub c: Chrome<'a>,
    pub lines: Vec<String>,
    pub link: &'static str,
    pub link_text: String,
}

/// One account on the team page.
pub struct Member {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub state: String,
    pub disabled: bool,
    pub can_toggle: bool,
    pub toggle: String,
}

#[derive(Template)]
#[template(path = "team.html", config = "console-ui/askama.toml")]
pub struct TeamView<'a> {
    pub c: Chrome<'a>,
    pub members: Vec<Member>,
    /// A new account's sentence and setup link.
    pub link: Option<(String, String)>,
}

/// One request in a list.
pub struct Row {
    pub reference: String,
    /// `482 915`.
    pub code: String,
    pub open_label: String,
    pub when: String,
    pub who: String,
    pub to_call: bool,
    pub need: String,
    pub commune: String,
    pub status: String,
    pub channel: String,
    pub news: String,
}

/// One filter of the queue: its field, label and options (value, text, selected).
pub struct Filter {
    pub name: &'static str,
    pub label: String,
    pub options: Vec<(String, String, bool)>,
}

/// A call-back request waiting.
pub struct CallbackLine {
    pub id: i64,
    pub when: String,
    /// E.164, for `tel:`.
    pub phone: String,
    pub phone_shown: String,
    pub why: String,
    pub context: Option<String>,
    /// The server route playing its recording.
    pub recording: Option<String>,
}

/// A message that could not be delivered.
pub struct UndeliveredLine {
    pub when: String,
    pub phone: String,
    pub phone_shown: String,
    pub kind: String,
    pub status: String,
    /// The request it was about, if any.
    pub request: Option<String>,
}

#[derive(Template)]
#[template(path = "queue.html", config = "console-ui/askama.toml")]
pub struct QueueView<'a> {
    pub c: Chrome<'a>,
    /// (label, number, anchor of its section).
    pub counts: Vec<(String, usize, &'static str)>,
    pub filters: Vec<Filter>,
    pub new: Vec<Row>,
    pub callbacks: Vec<CallbackLine>,
    pub undelivered: Vec<UndeliveredLine>,
    pub stale: Vec<Row>,
    pub all: Vec<Row>,
}

/// One line of a request's history.
pub struct HistoryLine {
    pub when: String,
    pub what: String,
    pub text: Option<String>,
}

#[derive(Template)]
#[template(path = "request.html", config = "console-ui/askama.toml")]
pub struct RequestView<'a> {
    pub c: Chrome<'a>,
    pub reference: String,
    /// (E.164 for `tel:`, as shown).
    pub phone: Option<(String, String)>,
    pub resident_notes: Vec<String>,
    pub to_call: bool,
    /// (label, value).
    pub facts: Vec<(String, String)>,
    pub recording: Option<String>,
    pub history: Vec<HistoryLine>,
    /// Why the whole conversation is not shown, if it is not.
    pub hidden: Option<String>,
    pub closed: bool,
    pub can_take: bool,
    pub can_text: bool,
    /// (value, French word) of the statuses it may go to.
    pub statuses: Vec<(String, String)>,
    /// The segment count sentence with `{chars}` and `{segments}` markers, for the script.
    pub count_template: String,
    /// "Vous agissez pour …" under a usable mandate.
    pub acting_for: Option<String>,
    /// The request has a resident to ask for a mandate.
    pub has_contact: bool,
    /// An admin may erase the resident's data (`erase.rs`).
    pub can_erase: bool,
    pub mandates: Vec<MandateLine>,
    /// (value, words) of the scopes and durations a mandate may have.
    pub scopes: Vec<(String, String)>,
    pub durations: Vec<(String, String)>,
}

/// A mandate on a request's page.
pub struct MandateLine {
    pub id: i64,
    pub line: String,
    pub state: String,
    pub revocable: bool,
    /// Usable to make a request or a sign-up for the resident ("Agir pour cette personne").
    pub act: bool,
}

#[derive(Template)]
#[template(path = "mandate_text.html", config = "console-ui/askama.toml")]
pub struct MandateTextView<'a> {
    pub c: Chrome<'a>,
    pub version: String,
    pub lines: Vec<String>,
}

#[derive(Template)]
#[template(path = "relais.html", config = "console-ui/askama.toml")]
pub struct RelaisView<'a> {
    pub c: Chrome<'a>,
    pub help_line: String,
    pub hours: String,
    pub communes: String,
    /// Days conversations are kept, and closed requests' words (the values in force).
    pub conversation_days: String,
    pub request_days: String,
    /// The hints under them (what an empty field means).
    pub conversation_hint: String,
    pub request_hint: String,
    /// What is wrong with what was typed, in words.
    pub problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "audit.html", config = "console-ui/askama.toml")]
pub struct AuditView<'a> {
    pub c: Chrome<'a>,
    /// (when, who, what, request, person, mandate).
    pub lines: Vec<(String, String, String, String, String, String)>,
}

/// The kiosk's words around a screen (in the screen's language).
pub struct ActingLabels {
    /// The keypad's label, when there is one.
    pub pad: Option<String>,
    pub digits: usize,
    pub text: String,
    pub send: String,
    pub skip: String,
    pub more: String,
    pub menu: String,
    pub code: String,
}

/// A kiosk screen (`channels::kiosk::Screen`, already HTML) in the console, for a resident.
#[derive(Template)]
#[template(path = "acting.html", config = "console-ui/askama.toml")]
pub struct ActingView<'a> {
    pub c: Chrome<'a>,
    /// "Vous agissez pour … — mandat jusqu'au …".
    pub banner: String,
    /// Where every answer is posted.
    pub action: String,
    /// The request's page.
    pub back: String,
    pub screen: crate::channels::kiosk::Screen,
    /// Nothing is asked: the way on is the menu.
    pub result: bool,
    /// The code of a request just made, grouped.
    pub code: Option<String>,
    pub labels: ActingLabels,
}

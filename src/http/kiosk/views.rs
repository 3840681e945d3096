//! One askama template struct per kiosk screen (`XView` for `kiosk-ui/templates/x.html`),
//! and the [`Chrome`] every screen shares (language, direction, the buttons present on every
//! screen, the idle warning). Views receive texts already formatted and escaped by
//! `channels::kiosk`; templates hold no words of their own, only Fluent ids.

use askama::Template;

use crate::channels::Renderer;
use crate::channels::kiosk::{self, Button, Card, Keypad, Note, Pad, Screen};
use crate::engine::{Arg, Args, Text};

/// The pictograms, inlined in the page so they take the text's colour.
const PICTOS: &[(&str, &str)] = &[
    (
        "help",
        include_str!("../../../kiosk-ui/static/pictos/help.svg"),
    ),
    (
        "volunteer",
        include_str!("../../../kiosk-ui/static/pictos/volunteer.svg"),
    ),
    (
        "follow",
        include_str!("../../../kiosk-ui/static/pictos/follow.svg"),
    ),
    (
        "language",
        include_str!("../../../kiosk-ui/static/pictos/language.svg"),
    ),
    (
        "courses",
        include_str!("../../../kiosk-ui/static/pictos/courses.svg"),
    ),
    (
        "transport",
        include_str!("../../../kiosk-ui/static/pictos/transport.svg"),
    ),
    (
        "petits_travaux",
        include_str!("../../../kiosk-ui/static/pictos/petits_travaux.svg"),
    ),
    (
        "jardin",
        include_str!("../../../kiosk-ui/static/pictos/jardin.svg"),
    ),
    (
        "visite",
        include_str!("../../../kiosk-ui/static/pictos/visite.svg"),
    ),
    (
        "papiers",
        include_str!("../../../kiosk-ui/static/pictos/papiers.svg"),
    ),
    (
        "emprunter",
        include_str!("../../../kiosk-ui/static/pictos/emprunter.svg"),
    ),
    (
        "numerique",
        include_str!("../../../kiosk-ui/static/pictos/numerique.svg"),
    ),
    (
        "repas",
        include_str!("../../../kiosk-ui/static/pictos/repas.svg"),
    ),
    (
        "autre",
        include_str!("../../../kiosk-ui/static/pictos/autre.svg"),
    ),
    (
        "sun",
        include_str!("../../../kiosk-ui/static/pictos/sun.svg"),
    ),
    (
        "calendar",
        include_str!("../../../kiosk-ui/static/pictos/calendar.svg"),
    ),
    (
        "clock",
        include_str!("../../../kiosk-ui/static/pictos/clock.svg"),
    ),
    (
        "yes",
        include_str!("../../../kiosk-ui/static/pictos/yes.svg"),
    ),
    ("no", include_str!("../../../kiosk-ui/static/pictos/no.svg")),
    (
        "edit",
        include_str!("../../../kiosk-ui/static/pictos/edit.svg"),
    ),
    (
        "pin",
        include_str!("../../../kiosk-ui/static/pictos/pin.svg"),
    ),
    (
        "people",
        include_str!("../../../kiosk-ui/static/pictos/people.svg"),
    ),
    (
        "home",
        include_str!("../../../kiosk-ui/static/pictos/home.svg"),
    ),
    (
        "list",
        include_str!("../../../kiosk-ui/static/pictos/list.svg"),
    ),
    (
        "back",
        include_str!("../../../kiosk-ui/static/pictos/back.svg"),
    ),
    (
        "restart",
        include_str!("../../../kiosk-ui/static/pictos/restart.svg"),
    ),
    (
        "ask",
        include_str!("../../../kiosk-ui/static/pictos/ask.svg"),
    ),
    (
        "end",
        include_str!("../../../kiosk-ui/static/pictos/end.svg"),
    ),
    (
        "speaker",
        include_str!("../../../kiosk-ui/static/pictos/speaker.svg"),
    ),
    (
        "stop",
        include_str!("../../../kiosk-ui/static/pictos/stop.svg"),
    ),
    (
        "textsize",
        include_str!("../../../kiosk-ui/static/pictos/textsize.svg"),
    ),
    (
        "next",
        include_str!("../../../kiosk-ui/static/pictos/next.svg"),
    ),
    (
        "print",
        include_str!("../../../kiosk-ui/static/pictos/print.svg"),
    ),
    (
        "phone",
        include_str!("../../../kiosk-ui/static/pictos/phone.svg"),
    ),
];

/// A pictogram's inline SVG (empty for an unknown name).
pub fn picto(name: &str) -> &'static str {
    PICTOS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, svg)| svg.trim())
        .unwrap_or("")
}

/// Texts of one language for the templates.
pub struct Tr<'a> {
    pub r: Renderer<'a>,
}

impl Tr<'_> {
    /// A message as HTML (escaped, numbers in `<bdi>`).
    pub fn t(&self, id: &str) -> String {
        kiosk::html(&self.r, &Text::new(id))
    }

    /// A message as plain text (for `<title>` and attributes; the template escapes it).
    pub fn plain(&self, id: &str) -> String {
        self.r.text(&Text::new(id))
    }

    /// A multi-line message as HTML lines.
    pub fn lines(&self, id: &str) -> Vec<String> {
        kiosk::lines(&self.r, &Text::new(id))
    }

    pub fn html_with(&self, id: &str, args: Args) -> String {
        kiosk::html_with(&self.r, id, args)
    }
}

/// What every screen shares.
pub struct Chrome<'a> {
    pub tr: Tr<'a>,
    pub lang: String,
    pub dir: &'static str,
    pub title: String,
    /// The CSRF token of this visit's forms.
    pub csrf: String,
    pub big: bool,
    /// A public tag of the visit, for the page's scripts.
    pub visit: String,
    /// Run the idle timer (a visit with something to forget).
    pub idle: bool,
    /// "Retour" goes to the language choice (from the home screen) instead of the flow.
    pub back_to_start: bool,
    /// Where "Texte plus grand" comes back to.
    pub here: &'static str,
    /// The idle warning's countdown sentence, HTML, with the number in a `<span>`.
    pub countdown: String,
}

impl<'a> Chrome<'a> {
    pub fn new(tr: Tr<'a>, csrf: &str, visit: &str, big: bool) -> Self {
        let lang = tr.r.lang.to_string();
        // The countdown number changes every second: render the sentence around a marker.
        let mut args = Args::new();
        args.insert("seconds".into(), Arg::Text("\u{E000}".into()));
        let countdown = tr.html_with("kiosk-idle-countdown", args).replace(
            '\u{E000}',
            "<span class=\"countdown\" data-countdown>30</span>",
        );
        Self {
            title: tr.plain("kiosk-page-title"),
            dir: kiosk::dir_of(&lang),
            lang,
            tr,
            csrf: csrf.to_string(),
            big,
            visit: visit.to_string(),
            idle: false,
            back_to_start: false,
            here: "screen",
            countdown,
        }
    }

    pub fn picto(&self, name: &str) -> &'static str {
        picto(name)
    }
}

/// The first screen: each language offered in its own words.
#[derive(Template)]
#[template(path = "start.html", config = "kiosk-ui/askama.toml")]
pub struct StartView<'a> {
    pub c: Chrome<'a>,
    pub languages: Vec<LanguageChoice>,
}

/// One language of the first screen.
pub struct LanguageChoice {
    pub code: String,
    pub dir: &'static str,
    /// "Bonjour. Touchez votre langue.", in that language (HTML).
    pub greeting: String,
    /// The language's own name, posted as the answer.
    pub name: String,
}

/// A question, a result, or the confirmation with its ticket.
#[derive(Template)]
#[template(path = "screen.html", config = "kiosk-ui/askama.toml")]
pub struct ScreenView<'a> {
    pub c: Chrome<'a>,
    pub progress: Option<String>,
    pub notes: Vec<Note>,
    /// The page's heading: the question, or the first line of a result.
    pub heading: Option<String>,
    pub hints: Vec<String>,
    pub card: Vec<String>,
    pub buttons: Vec<Button>,
    pub cards: Vec<Card>,
    pub more: bool,
    pub keypad: Option<Keypad>,
    pub text: bool,
    pub skip: bool,
    pub home: bool,
    pub result: bool,
    pub reference: Option<Reference>,
}

/// The reference of a request just made, and its printed ticket.
pub struct Reference {
    /// `482 915`.
    pub grouped: String,
    /// `4 8 2 9 1 5`, for read-aloud.
    pub spelled: String,
    pub ticket: Option<Ticket>,
}

/// What the printed ticket says besides the code.
pub struct Ticket {
    pub date: String,
    pub asked: Vec<String>,
    pub next: Vec<String>,
    pub help: String,
    pub relais: String,
}

impl<'a> ScreenView<'a> {
    pub fn new(c: Chrome<'a>, s: Screen, reference: Option<Reference>) -> Self {
        let result = s.is_result();
        let mut notes = s.notes;
        let mut hints = Vec::new();
        let heading = if result {
            // A result: its first line is the page's heading.
            match notes.first_mut() {
                Some(n) if !n.lines.is_empty() && !n.alert => Some(n.lines.remove(0)),
                _ => None,
            }
        } else {
            let mut q = s.question.into_iter();
            let first = q.next();
            hints.extend(q);
            first
        };
        notes.retain(|n| !n.lines.is_empty());
        Self {
            c,
            progress: s.progress,
            notes,
            heading,
            hints,
            card: s.card,
            buttons: s.buttons,
            cards: s.cards,
            more: s.more,
            keypad: s.keypad,
            text: s.text,
            skip: s.skip,
            home: s.home,
            result,
            reference,
        }
    }

    /// The keypad's digits, in telephone order.
    pub fn keys(&self) -> &'static [&'static str] {
        &["1", "2", "3", "4", "5", "6", "7", "8", "9"]
    }

    pub fn pad_label(&self, pad: &Pad) -> String {
        self.c.tr.t(pad.label_id())
    }

    /// Characters the field accepts: the digits and the spaces that group them.
    pub fn pad_max(&self, pad: &Pad) -> usize {
        pad.digits() * 2
    }
}

/// "Besoin d'aide ?": who can help here.
#[derive(Template)]
#[template(path = "help.html", config = "kiosk-ui/askama.toml")]
pub struct HelpView<'a> {
    pub c: Chrome<'a>,
    pub lines: Vec<String>,
}

/// A short message with one way on (a page no longer valid, an error, enrolment done).
#[derive(Template)]
#[template(path = "message.html", config = "kiosk-ui/askama.toml")]
pub struct MessageView<'a> {
    pub c: Chrome<'a>,
    pub heading: String,
    pub lines: Vec<String>,
    pub link: &'static str,
    pub link_label: String,
    pub alert: bool,
}

/// Enrolling this browser as a kiosk (staff only).
#[derive(Template)]
#[template(path = "enrol.html", config = "kiosk-ui/askama.toml")]
pub struct EnrolView<'a> {
    pub c: Chrome<'a>,
    /// What this browser is now, HTML.
    pub current: String,
    pub error: Vec<String>,
}

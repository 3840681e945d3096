//! One askama template struct per kiosk screen (`XView` for `kiosk-ui/templates/x.html`),
//! the [`Chrome`] every screen shares (language, direction, the navigation buttons that do
//! something on that screen, the idle warning and the "Tout effacer ?" question), and the
//! on-screen [`Keyboard`] of text fields. Views receive texts already formatted and escaped
//! by `channels::kiosk`; templates hold no words of their own, only Fluent ids.

use askama::Template;

use crate::channels::Renderer;
use crate::channels::kiosk::{self, Button, Card, Keypad, Note, Pad, Screen};
use crate::engine::{Arg, Args, Text};

mod keyboard;

pub use keyboard::Keyboard;

/// A pictogram's inline SVG (empty for an unknown name).
pub fn picto(name: &str) -> &'static str {
    crate::channels::pictos::svg(name).unwrap_or("")
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
    /// The navigation buttons this screen shows.
    pub nav: Nav,
    /// How the screen is laid out (a class of `<main>`, see `kiosk.css`).
    pub layout: String,
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
            nav: Nav::QUESTION,
            layout: "is-side".into(),
            here: "screen",
            countdown,
        }
    }

    pub fn picto(&self, name: &str) -> &'static str {
        picto(name)
    }

    /// A page of its own (help, a message, enrolment), with its own way back.
    pub fn own_page(mut self, here: &'static str) -> Self {
        self.nav = Nav::ALONE;
        self.here = here;
        self
    }
}

/// The navigation buttons of a screen: only those that do something there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nav {
    /// "Retour": the previous question.
    pub back: bool,
    /// "Recommencer": the main menu.
    pub restart: bool,
    /// "Terminer / Effacer mes informations" (asks "Tout effacer ?" first).
    pub end: bool,
}

impl Nav {
    /// A question or a result of a conversation.
    pub const QUESTION: Nav = Nav {
        back: true,
        restart: true,
        end: true,
    };
    /// The language choice and the main menu (nothing comes before them), and pages with their
    /// own way back (help, a message, enrolment): "Retour" and "Recommencer" would do nothing
    /// there, or lose the person's place.
    pub const ALONE: Nav = Nav {
        back: false,
        restart: false,
        end: true,
    };
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
    /// The on-screen keyboard of the text field.
    pub keyboard: Option<Keyboard>,
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
    pub fn new(mut c: Chrome<'a>, s: Screen, reference: Option<Reference>) -> Self {
        let result = s.is_result();
        c.layout = layout_of(&s);
        if s.home {
            c.nav = Nav::ALONE;
        }
        let keyboard = s.text.then(|| Keyboard::for_field("entry", &c.lang));
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
            keyboard,
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

/// How a screen is laid out, as classes of `<main>` (see `kiosk.css`): the main menu and
/// lists of 4 choices or more as big cards under the question (`is-cards`), missions as cards
/// (`is-missions`), anything else with the question beside its answers on a wide screen
/// (`is-side`, with `is-text`, `is-keypad`, `is-result`, `is-pair` for their particulars);
/// and how many columns of choices fit, upright (`pc-`) and wide (`lc-`).
pub fn layout_of(s: &Screen) -> String {
    let n = s.buttons.len();
    if s.home || n >= 4 {
        let upright = if n >= 4 { 2 } else { 1 };
        let wide = match n {
            0..=5 => n.max(1),
            _ => n.div_ceil(2).min(5),
        };
        let home = if s.home { " is-home" } else { "" };
        format!("is-cards pc-{upright} lc-{wide}{home}")
    } else if !s.cards.is_empty() {
        "is-missions".into()
    } else if s.text {
        "is-side is-text".into()
    } else if s.keypad.is_some() {
        "is-side is-keypad".into()
    } else if s.is_result() {
        "is-side is-result".into()
    } else if n == 2 {
        "is-side is-pair".into()
    } else {
        "is-side".into()
    }
}

/// "Besoin d'aide ?": who can help here.
#[derive(Template)]
#[template(path = "help.html", config = "kiosk-ui/askama.toml")]
pub struct HelpView<'a> {
    pub c: Chrome<'a>,
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
    /// A kiosk has no keyboard: staff type the code on the screen's.
    pub keyboard: Option<Keyboard>,
}

impl<'a> EnrolView<'a> {
    pub fn new(c: Chrome<'a>, current: String, error: Vec<String>) -> Self {
        let mut c = c.own_page("screen");
        c.layout = "is-side is-text".into();
        let keyboard = Some(Keyboard::for_field("code", &c.lang).without_speech());
        Self {
            c,
            current,
            error,
            keyboard,
        }
    }
}

/// "Tout effacer ?" as a page of its own, for a browser without JavaScript (with it, the same
/// question is a dialog of every page).
#[derive(Template)]
#[template(path = "end.html", config = "kiosk-ui/askama.toml")]
pub struct EndView<'a> {
    pub c: Chrome<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buttons(n: usize) -> Vec<Button> {
        (1..=n)
            .map(|i| Button {
                value: i.to_string(),
                label: format!("choice {i}"),
                picto: None,
                lang: None,
                dir: None,
                primary: false,
            })
            .collect()
    }

    fn asking(s: Screen) -> Screen {
        Screen {
            question: vec!["?".into()],
            ..s
        }
    }

    #[test]
    fn the_menu_and_long_lists_are_cards_in_as_many_columns_as_fit() {
        let home = asking(Screen {
            buttons: buttons(4),
            home: true,
            ..Screen::default()
        });
        assert_eq!(layout_of(&home), "is-cards pc-2 lc-4 is-home");
        let categories = asking(Screen {
            buttons: buttons(10),
            ..Screen::default()
        });
        assert_eq!(layout_of(&categories), "is-cards pc-2 lc-5");
        let change = asking(Screen {
            buttons: buttons(5),
            ..Screen::default()
        });
        assert_eq!(layout_of(&change), "is-cards pc-2 lc-5");
        let communes = asking(Screen {
            buttons: buttons(7),
            ..Screen::default()
        });
        assert_eq!(layout_of(&communes), "is-cards pc-2 lc-4");
    }

    #[test]
    fn other_screens_put_the_question_beside_its_answers() {
        let yes_no = asking(Screen {
            buttons: buttons(2),
            ..Screen::default()
        });
        assert_eq!(layout_of(&yes_no), "is-side is-pair");
        let when = asking(Screen {
            buttons: buttons(3),
            ..Screen::default()
        });
        assert_eq!(layout_of(&when), "is-side");
        let words = asking(Screen {
            text: true,
            ..Screen::default()
        });
        assert_eq!(layout_of(&words), "is-side is-text");
        let postal = asking(Screen {
            keypad: Some(Keypad {
                pad: Pad::Postal,
                yes: None,
            }),
            ..Screen::default()
        });
        assert_eq!(layout_of(&postal), "is-side is-keypad");
        assert_eq!(layout_of(&Screen::default()), "is-side is-result");
        let missions = asking(Screen {
            cards: vec![Card {
                value: "1".into(),
                title: "Mission".into(),
                lines: Vec::new(),
            }],
            ..Screen::default()
        });
        assert_eq!(layout_of(&missions), "is-missions");
    }
}

//! Kiosk: the engine's outputs laid out as touch screens.
//!
//! Pure: [`screen`] turns one turn's outputs into a [`Screen`] — notes, one question, how to
//! answer it (big buttons, cards, a numeric keypad, a short text field), progress — whose texts
//! are already formatted in the person's language and HTML-escaped, with numbers kept
//! left-to-right inside `<bdi>` (Arabic pages). The askama views of `http::kiosk` only place
//! them. A `screen-<id>` message, when it exists, replaces `<id>` on screen ("Touchez Oui"
//! instead of "Répondez OUI"). May use `domain`, `engine`, `i18n`.

use crate::domain::RefCode;
use crate::engine::model::NodeKind;
use crate::engine::{Arg, Args, Expect, Flows, NodeRef, Output, Prompt, PromptChoice, Text};
use crate::i18n::REFERENCE;

use super::Renderer;

/// Messages not shown at the kiosk: the SMS welcome (the home screen says it its own way)
/// and "we go on in French" (the screen itself shows it).
const HIDDEN: &[&str] = &["welcome", "language-changed"];

/// Messages shown as an alert: something to correct or to know at once.
const ALERTS: &[&str] = &[
    "not-understood",
    "not-understood-yes-no",
    "commune-unknown",
    "code-not-understood",
    "phone-not-understood",
    "emergency",
    "sms-empty",
    "list-no-more",
    "error",
    "follow-not-found",
    "follow-too-many",
];

/// A help request made without a phone number: the screen says what will really happen
/// (come back with the code) instead of promising an answer nobody can give.
const DONE_WITHOUT_NUMBER: (&str, &str) = ("help-done", "kiosk-help-done-no-phone");

/// The channel name flows use for nodes limited to the kiosk (`only = ["kiosk"]`).
pub const CHANNEL: &str = "kiosk";

/// Right-to-left languages.
pub fn dir_of(lang: &str) -> &'static str {
    match lang {
        "ar" | "he" | "fa" | "ur" => "rtl",
        _ => "ltr",
    }
}

/// One thing said before the question (or instead of one).
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// HTML, one entry per line of the message.
    pub lines: Vec<String>,
    /// Something to correct or to know at once: shown and announced as an alert.
    pub alert: bool,
}

/// A big answer button.
#[derive(Clone, Debug, PartialEq)]
pub struct Button {
    /// What pressing it posts (a choice's number, `1` for yes…).
    pub value: String,
    /// HTML.
    pub label: String,
    /// Name of a pictogram of `kiosk-ui/static/pictos`.
    pub picto: Option<&'static str>,
    /// The label's own language (a language's name), when it differs from the page's.
    pub lang: Option<String>,
    pub dir: Option<&'static str>,
    /// The expected way on (Confirmer, Oui).
    pub primary: bool,
}

/// A mission shown as a large card.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub value: String,
    /// HTML.
    pub title: String,
    /// (pictogram, HTML) lines: where, when, with whom.
    pub lines: Vec<(&'static str, String)>,
}

/// What the keypad is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pad {
    Postal,
    Code,
    Phone,
}

impl Pad {
    pub fn digits(self) -> usize {
        match self {
            Pad::Postal => 5,
            Pad::Code => 6,
            Pad::Phone => 10,
        }
    }

    /// How the typed digits are grouped on screen (`74 150`, `482 915`, `06 12 34 56 78`).
    pub fn groups(self) -> &'static str {
        match self {
            Pad::Postal => "2,3",
            Pad::Code => "3,3",
            Pad::Phone => "2,2,2,2,2",
        }
    }

    pub fn label_id(self) -> &'static str {
        match self {
            Pad::Postal => "kiosk-postal-label",
            Pad::Code => "kiosk-code-label",
            Pad::Phone => "kiosk-phone-label",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Pad::Postal => "postal",
            Pad::Code => "code",
            Pad::Phone => "phone",
        }
    }
}

/// A numeric entry: a field the keypad fills (or typed directly without JavaScript).
#[derive(Clone, Debug, PartialEq)]
pub struct Keypad {
    pub pad: Pad,
    /// "Oui, Rumilly": the commune already known, one touch away.
    pub yes: Option<Button>,
}

/// One screen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Screen {
    pub notes: Vec<Note>,
    /// Lines the question is about (a summary, a mission's details), HTML.
    pub card: Vec<String>,
    /// The question (first line) and its hints, HTML.
    pub question: Vec<String>,
    pub buttons: Vec<Button>,
    pub cards: Vec<Card>,
    /// More choices on another page (`suite`).
    pub more: bool,
    pub keypad: Option<Keypad>,
    /// A short text field.
    pub text: bool,
    /// The question may be skipped ("Passer").
    pub skip: bool,
    /// "Étape 2 sur 5", HTML.
    pub progress: Option<String>,
    /// The main menu.
    pub home: bool,
    /// A help request was just created with this reference.
    pub reference: Option<RefCode>,
    /// That request has no phone number: nobody can call the person back.
    pub no_number: bool,
}

impl Screen {
    /// Nothing is asked: a result, from which the way on is the menu.
    pub fn is_result(&self) -> bool {
        self.question.is_empty()
    }
}

/// Escapes text for HTML (element content and quoted attributes).
pub fn escape(s: &str) -> String {
    // The XML escaping of TwiML; `&#39;` is the form every HTML parser knows.
    crate::domain::text::xml_escape(s).replace("&apos;", "&#39;")
}

/// Escapes text for HTML and keeps each number (`04 50 01 02 03`, `482 915`) left-to-right in
/// a `<bdi>`, so a right-to-left page does not reverse its groups.
pub fn to_html(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            let mut end = i + 1;
            loop {
                if end < chars.len() && chars[end].is_ascii_digit() {
                    end += 1;
                } else if end + 1 < chars.len()
                    && matches!(chars[end], ' ' | '\u{a0}' | '\u{202f}')
                    && chars[end + 1].is_ascii_digit()
                {
                    end += 2;
                } else {
                    break;
                }
            }
            let run: String = chars[start..end].iter().collect();
            out.push_str("<bdi dir=\"ltr\">");
            out.push_str(&escape(&run));
            out.push_str("</bdi>");
            i = end;
        } else {
            let mut buf = [0u8; 4];
            out.push_str(&escape(chars[i].encode_utf8(&mut buf)));
            i += 1;
        }
    }
    out
}

/// A message as the screen says it: its `screen-` replacement when there is one.
pub fn format(r: &Renderer<'_>, t: &Text) -> String {
    let over = format!("screen-{}", t.msg);
    if r.locales.has(REFERENCE, &over) {
        r.text(&Text::with(&over, t.args.clone()))
    } else {
        r.text(t)
    }
}

/// A message as HTML lines.
pub fn lines(r: &Renderer<'_>, t: &Text) -> Vec<String> {
    format(r, t)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(to_html)
        .collect()
}

/// A message as one piece of HTML.
pub fn html(r: &Renderer<'_>, t: &Text) -> String {
    to_html(format(r, t).trim())
}

/// A kiosk message with arguments, as HTML.
pub fn html_with(r: &Renderer<'_>, id: &str, args: Args) -> String {
    html(r, &Text::with(id, args))
}

/// The pictogram of an answer, as `flows/kiosk.toml` names it: by its choice key, or by the
/// Fluent id of a list's line.
pub fn picto_for(flows: &Flows, c: &PromptChoice) -> Option<&'static str> {
    let hints = &flows.kiosk.pictos;
    hints
        .get(&c.key)
        .or_else(|| hints.get(&c.label.msg))
        .and_then(|p| super::pictos::name(p))
}

/// "Étape 2 sur 5": the place of `at` among the questions the kiosk asks in its flow, up to
/// the flow's first confirmation (the summary). Only for flows that start with a question
/// (a questionnaire, not a lookup) and ask at least 2.
pub fn progress(flows: &Flows, at: &NodeRef) -> Option<(usize, usize)> {
    let flow = flows.flow(&at.flow)?;
    if !flow.nodes.get(&flow.start)?.is_question() {
        return None;
    }
    let questions = flow.questions(CHANNEL);
    let total = questions
        .iter()
        .position(|n| matches!(n.kind, NodeKind::Confirm(_)))
        .map(|i| i + 1)
        .unwrap_or(questions.len());
    if total < 2 {
        return None;
    }
    let i = questions.iter().position(|n| n.id == at.node)?;
    Some(((i + 1).min(total), total))
}

/// Lays out one turn's outputs as a screen. `at` is where the conversation now stands.
pub fn screen(r: &Renderer<'_>, flows: &Flows, outputs: &[Output], at: Option<&NodeRef>) -> Screen {
    let mut s = Screen::default();
    let prompt = outputs.iter().rev().find_map(|o| match o {
        Output::Prompt(p) => Some(p),
        Output::Say(_) => None,
    });
    for o in outputs {
        let Output::Say(t) = o else { continue };
        if HIDDEN.contains(&t.msg.as_str()) {
            continue;
        }
        if let Some(Arg::Code(n)) = t.args.get("reference") {
            s.reference = RefCode::new(*n);
        }
        let (done, without_number) = DONE_WITHOUT_NUMBER;
        let said = if t.msg == done && !t.args.contains_key("phone") {
            s.no_number = true;
            Text::with(without_number, t.args.clone())
        } else {
            t.clone()
        };
        s.notes.push(Note {
            lines: lines(r, &said),
            alert: ALERTS.contains(&t.msg.as_str()),
        });
    }
    let Some(p) = prompt else {
        return s;
    };
    s.home = p.node == flows.home && own_question(flows, p);
    if let Some((step, total)) = at.and_then(|at| progress(flows, at)) {
        let mut args = Args::new();
        args.insert("step".into(), Arg::Number(step as i64));
        args.insert("total".into(), Arg::Number(total as i64));
        s.progress = Some(html_with(r, "kiosk-progress", args));
    }
    question(r, p, &mut s);
    match &p.expect {
        Expect::Choice => {
            s.more = p.more;
            for c in &p.choices {
                if c.label.msg == "mission-line" {
                    s.cards.push(card(r, c));
                } else {
                    s.buttons.push(choice_button(r, flows, c));
                }
            }
        }
        Expect::YesNo => s.buttons = yes_no(r, flows, p),
        Expect::Commune => {
            let yes = p.text.args.get("known").map(|known| {
                let mut args = Args::new();
                args.insert("known".into(), known.clone());
                Button {
                    value: "1".into(),
                    label: html_with(r, "kiosk-commune-yes", args),
                    picto: Some("pin"),
                    lang: None,
                    dir: None,
                    primary: true,
                }
            });
            s.keypad = Some(Keypad {
                pad: Pad::Postal,
                yes,
            });
        }
        Expect::Code => {
            s.keypad = Some(Keypad {
                pad: Pad::Code,
                yes: None,
            })
        }
        Expect::Phone { optional } => {
            s.keypad = Some(Keypad {
                pad: Pad::Phone,
                yes: None,
            });
            s.skip = *optional;
        }
        Expect::Text { optional } => {
            s.text = true;
            s.skip = *optional;
        }
    }
    s
}

/// True when the prompt asks its node's own question (not a re-ask such as "which commune?").
fn own_question(flows: &Flows, p: &Prompt) -> bool {
    flows
        .node(&p.node)
        .and_then(|n| n.ask.as_deref())
        .is_some_and(|ask| ask == p.text.msg)
}

/// Splits the prompt's text: a last line that asks ("Tout est juste ?") is the question and
/// the lines before it what it is about; otherwise the first line is the question and the
/// others are hints.
fn question(r: &Renderer<'_>, p: &Prompt, s: &mut Screen) {
    let raw = format(r, &p.text);
    let raw_lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let asks = |l: &str| l.ends_with('?') || l.ends_with('؟');
    match raw_lines.split_last() {
        Some((last, before)) if !before.is_empty() && asks(last) => {
            s.card = before.iter().map(|l| to_html(l)).collect();
            s.question = vec![to_html(last)];
        }
        _ => s.question = raw_lines.iter().map(|l| to_html(l)).collect(),
    }
}

fn choice_button(r: &Renderer<'_>, flows: &Flows, c: &PromptChoice) -> Button {
    let own_lang = c
        .label
        .msg
        .strip_prefix("language-")
        .map(str::to_string)
        .filter(|l| l != r.lang);
    let picto = picto_for(flows, c);
    Button {
        value: c.number.to_string(),
        label: html(r, &c.label),
        picto,
        dir: own_lang.as_deref().map(dir_of),
        lang: own_lang,
        primary: false,
    }
}

fn card(r: &Renderer<'_>, c: &PromptChoice) -> Card {
    let args = &c.label.args;
    let title = match args.get("title") {
        Some(Arg::Text(t)) => to_html(t),
        _ => html(r, &c.label),
    };
    let mut lines = Vec::new();
    for (key, id, picto) in [
        ("commune", "kiosk-card-where", "pin"),
        ("date", "kiosk-card-when", "calendar"),
        ("organization", "kiosk-card-with", "people"),
    ] {
        if args.contains_key(key) {
            lines.push((picto, html_with(r, id, args.clone())));
        }
    }
    Card {
        value: c.number.to_string(),
        title,
        lines,
    }
}

/// Oui / Non, or the node's own words for them ("Confirmer" / "Modifier" on a summary).
fn yes_no(r: &Renderer<'_>, flows: &Flows, p: &Prompt) -> Vec<Button> {
    let own = own_question(flows, p);
    let label = |answer: &str, fallback: &str| -> String {
        let id = format!("kiosk-{answer}-{}-{}", p.node.flow, p.node.node);
        if own && r.locales.has(REFERENCE, &id) {
            html(r, &Text::new(&id))
        } else {
            html(r, &Text::new(fallback))
        }
    };
    let no_picto = own
        .then(|| flows.kiosk.no_picto.get(&p.node))
        .flatten()
        .and_then(|n| super::pictos::name(n))
        .unwrap_or("no");
    let mut buttons = Vec::with_capacity(2);
    for c in &p.choices {
        let yes = c.key == "yes";
        buttons.push(Button {
            value: c.number.to_string(),
            label: if yes {
                label("yes", &c.label.msg)
            } else {
                label("no", &c.label.msg)
            },
            picto: Some(if yes { "yes" } else { no_picto }),
            lang: None,
            dir: None,
            primary: yes,
        });
    }
    buttons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Communes;
    use crate::i18n::Locales;

    fn with<T>(lang: &str, f: impl FnOnce(&Renderer<'_>, &Flows) -> T) -> T {
        let locales = Locales::embedded().unwrap();
        let communes = Communes::embedded().unwrap();
        let flows = crate::engine::load_embedded().unwrap();
        let mut ctx = Args::new();
        ctx.insert("relais".into(), Arg::Text("Mairie de Rumilly".into()));
        ctx.insert("help_line".into(), Arg::Text("04 50 01 02 03".into()));
        let r = Renderer {
            locales: &locales,
            communes: &communes,
            lang,
            variant: super::super::Variant::Screen,
            context: &ctx,
        };
        f(&r, &flows)
    }

    #[test]
    fn numbers_stay_left_to_right_and_text_is_escaped() {
        assert_eq!(
            to_html("Code : 482 915 <b>"),
            "Code : <bdi dir=\"ltr\">482 915</bdi> &lt;b&gt;"
        );
        assert_eq!(
            to_html("اتصل بالرقم 04 50 01 02 03."),
            "اتصل بالرقم <bdi dir=\"ltr\">04 50 01 02 03</bdi>."
        );
        assert_eq!(to_html("l'an 2 "), "l&#39;an <bdi dir=\"ltr\">2</bdi> ");
    }

    #[test]
    fn a_choice_becomes_big_buttons_with_pictograms() {
        with("fr", |r, flows| {
            let at = NodeRef::new("help", "category");
            let p = Prompt {
                node: at.clone(),
                text: Text::new("help-category"),
                choices: vec![PromptChoice {
                    number: 1,
                    key: "courses".into(),
                    label: Text::new("cat-courses"),
                }],
                more: false,
                expect: Expect::Choice,
            };
            let s = screen(r, flows, &[Output::Prompt(p)], Some(&at));
            assert_eq!(s.buttons.len(), 1);
            assert_eq!(s.buttons[0].value, "1");
            assert_eq!(s.buttons[0].label, "Faire les courses");
            assert_eq!(s.buttons[0].picto, Some("courses"));
            assert!(
                s.progress.as_deref().unwrap().contains("Étape"),
                "{:?}",
                s.progress
            );
            assert!(!s.home);
        });
    }

    #[test]
    fn progress_counts_the_questions_up_to_the_summary() {
        with("fr", |_, flows| {
            // category, commune, when, details, phone (kiosk only), summary
            assert_eq!(
                progress(flows, &NodeRef::new("help", "category")),
                Some((1, 6))
            );
            assert_eq!(
                progress(flows, &NodeRef::new("help", "phone")),
                Some((5, 6))
            );
            assert_eq!(
                progress(flows, &NodeRef::new("help", "summary")),
                Some((6, 6))
            );
            assert_eq!(
                progress(flows, &NodeRef::new("help", "change")),
                Some((6, 6))
            );
            assert_eq!(progress(flows, &NodeRef::new("main", "menu")), None);
            assert_eq!(progress(flows, &NodeRef::new("follow", "none")), None);
        });
    }

    #[test]
    fn the_summary_is_confirmed_or_changed() {
        with("fr", |r, flows| {
            let at = NodeRef::new("help", "summary");
            let p = Prompt {
                node: at.clone(),
                text: Text::new("help-summary"),
                choices: crate::engine::step::yes_no_choices(),
                more: false,
                expect: Expect::YesNo,
            };
            let s = screen(r, flows, &[Output::Prompt(p)], Some(&at));
            assert_eq!(s.buttons[0].label, "Confirmer");
            assert!(s.buttons[0].primary);
            assert_eq!(s.buttons[1].label, "Modifier");
            assert_eq!(s.question, vec!["Tout est juste ?".to_string()]);
            assert!(!s.card.is_empty());
        });
    }

    #[test]
    fn the_known_commune_is_one_touch_away_and_arabic_keeps_codes_ltr() {
        with("ar", |r, flows| {
            let at = NodeRef::new("help", "commune");
            let mut args = Args::new();
            args.insert("known".into(), Arg::Commune("74225".into()));
            let p = Prompt {
                node: at.clone(),
                text: Text::with("help-commune-known", args),
                choices: vec![],
                more: false,
                expect: Expect::Commune,
            };
            let s = screen(r, flows, &[Output::Prompt(p)], Some(&at));
            let pad = s.keypad.unwrap();
            assert_eq!(pad.pad, Pad::Postal);
            assert_eq!(pad.yes.unwrap().value, "1");
            assert!(s.progress.unwrap().contains("<bdi dir=\"ltr\">2</bdi>"));
        });
    }

    #[test]
    fn missions_are_cards_and_the_reference_is_kept() {
        with("fr", |r, flows| {
            let at = NodeRef::new("missions", "pick");
            let mut args = Args::new();
            args.insert("title".into(), Arg::Text("Distribution de repas".into()));
            args.insert("commune".into(), Arg::Commune("74225".into()));
            args.insert("date".into(), Arg::Date("2026-12-05".into()));
            args.insert("organization".into(), Arg::Text("Resto du cœur".into()));
            let p = Prompt {
                node: at.clone(),
                text: Text::new("missions-pick"),
                choices: vec![PromptChoice {
                    number: 1,
                    key: "7".into(),
                    label: Text::with("mission-line", args.clone()),
                }],
                more: true,
                expect: Expect::Choice,
            };
            let s = screen(r, flows, &[Output::Prompt(p)], Some(&at));
            assert_eq!(s.cards.len(), 1);
            assert_eq!(s.cards[0].title, "Distribution de repas");
            assert!(s.cards[0].lines[0].1.contains("Rumilly"));
            assert!(s.cards[0].lines[1].1.contains("samedi"));
            assert!(s.more);

            let mut done = Args::new();
            done.insert("reference".into(), Arg::Code(482_915));
            let s = screen(
                r,
                flows,
                &[
                    Output::Say(Text::new("welcome")),
                    Output::Say(Text::with("help-done", done.clone())),
                ],
                None,
            );
            assert_eq!(s.reference.map(|c| c.value()), Some(482_915));
            assert_eq!(s.notes.len(), 1, "the SMS welcome is not shown");
            assert!(!s.notes[0].lines.join(" ").contains("SUIVI"));
            assert!(s.is_result());
            // Made without a number: no promise of an answer, but what will happen.
            assert!(s.no_number);
            let said = s.notes[0].lines.join(" ");
            assert!(
                said.contains("Revenez à la mairie avec votre code"),
                "{said}"
            );
            assert!(!said.contains("vous répondra"), "{said}");

            done.insert("phone".into(), Arg::Text("+33612345678".into()));
            let s = screen(
                r,
                flows,
                &[Output::Say(Text::with("help-done", done))],
                None,
            );
            assert!(!s.no_number);
            assert!(s.notes[0].lines.join(" ").contains("vous répondra"));
        });
    }
}

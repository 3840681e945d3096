//! Voice: the engine's outputs as TwiML. A question is said inside a `<Gather>` (keys and
//! speech, waits of 8 seconds, hints from the expected words); a list longer than 4 becomes
//! pages with "autres choix"; `*` repeats and `0` reaches a person on every menu; free text is
//! a `<Record>`. Wording comes from the `.voice` variant of a message when it has one.

use std::ops::Range;

use crate::domain::text::xml_escape;
use crate::engine::{Expect, Output, Prompt, Text};

use super::Renderer;

/// Most choices said in one menu.
pub const PAGE_SIZE: usize = 4;
/// Seconds a `<Gather>` waits (elderly callers need at least 7).
pub const WAIT_SECS: u32 = 8;
/// Longest voice message, in seconds.
pub const MAX_RECORDING_SECS: u32 = 120;

/// How to speak: the voice and the languages for one person.
#[derive(Clone, Debug)]
pub struct VoiceStyle {
    /// TTS voice (`Polly.Lea`).
    pub voice: String,
    /// `language` of `<Say>` (`fr-FR`).
    pub say_language: String,
    /// `language` of `<Gather>` speech recognition.
    pub gather_language: String,
    /// Path prefix of the voice webhooks (`/webhooks/twilio/voice`).
    pub base: String,
}

impl VoiceStyle {
    /// The languages Twilio expects for a language code.
    pub fn for_lang(lang: &str, voice: &str, base: &str) -> Self {
        let (say, gather) = match lang {
            "en" => ("en-GB", "en-GB"),
            "ar" => ("arb", "ar-SA"),
            _ => ("fr-FR", "fr-FR"),
        };
        Self {
            voice: voice.to_string(),
            say_language: say.to_string(),
            gather_language: gather.to_string(),
            base: base.to_string(),
        }
    }
}

/// One page of a spoken menu: which choices, and whether "autres choix" follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub range: Range<usize>,
    pub more: bool,
}

/// Splits `n` choices into spoken pages of at most 4 entries, "autres choix" counting as one.
pub fn pages(n: usize) -> Vec<Page> {
    let mut out = Vec::new();
    let mut start = 0;
    while n - start > PAGE_SIZE {
        out.push(Page {
            range: start..start + PAGE_SIZE - 1,
            more: true,
        });
        start += PAGE_SIZE - 1;
    }
    out.push(Page {
        range: start..n,
        more: false,
    });
    out
}

/// Pages of a prompt whose list goes on beyond these choices (`SUITE` in the engine): the
/// last page then also offers "autres choix".
pub fn pages_with(n: usize, list_goes_on: bool) -> Vec<Page> {
    let mut all = pages(n);
    if list_goes_on && let Some(last) = all.last_mut() {
        if last.range.len() < PAGE_SIZE {
            last.more = true;
        } else {
            let end = last.range.end;
            last.range.end = end - 1;
            last.more = true;
            all.push(Page {
                range: end - 1..end,
                more: true,
            });
        }
    }
    all
}

/// The key that asks for the next page on a page with `shown` choices.
pub fn more_key(shown: usize) -> usize {
    shown + 1
}

/// What a key pressed on a page means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    /// The choice with this number, as the engine numbers it.
    Choice(usize),
    /// The next page of these choices.
    NextPage,
    /// The choices go on in the engine's list (`SUITE`).
    MoreInList,
    /// Not a key of this page.
    Other,
}

/// Maps a key on page `page` of a prompt with `count` choices numbered from `first`.
pub fn key_on_page(
    digits: &str,
    page: usize,
    count: usize,
    first: usize,
    list_goes_on: bool,
) -> Key {
    let all = pages_with(count, list_goes_on);
    let Some(p) = all.get(page) else {
        return Key::Other;
    };
    let Ok(k) = digits.parse::<usize>() else {
        return Key::Other;
    };
    let shown = p.range.len();
    if (1..=shown).contains(&k) {
        Key::Choice(first + p.range.start + k - 1)
    } else if p.more && k == more_key(shown) {
        if page + 1 < all.len() {
            Key::NextPage
        } else {
            Key::MoreInList
        }
    } else {
        Key::Other
    }
}

/// A TwiML document being written.
pub struct Twiml {
    body: String,
    style: VoiceStyle,
}

impl Twiml {
    pub fn new(style: VoiceStyle) -> Self {
        Self {
            body: String::new(),
            style,
        }
    }

    fn say_xml(&self, text: &str) -> String {
        format!(
            "<Say voice=\"{}\" language=\"{}\">{}</Say>",
            xml_escape(&self.style.voice),
            xml_escape(&self.style.say_language),
            xml_escape(text)
        )
    }

    /// Says something.
    pub fn say(&mut self, text: &str) {
        if !text.trim().is_empty() {
            let xml = self.say_xml(text);
            self.body.push_str(&xml);
        }
    }

    /// Says something while listening for keys or speech; `num_digits` 1 for menus.
    pub fn gather(
        &mut self,
        texts: &[String],
        action: &str,
        num_digits: Option<u32>,
        hints: &[String],
        on_empty: bool,
    ) {
        let mut attrs = format!(
            "action=\"{}\" method=\"POST\" input=\"dtmf speech\" language=\"{}\" timeout=\"{WAIT_SECS}\" speechTimeout=\"auto\" actionOnEmptyResult=\"{on_empty}\"",
            xml_escape(action),
            xml_escape(&self.style.gather_language),
        );
        match num_digits {
            Some(n) => attrs.push_str(&format!(" numDigits=\"{n}\"")),
            None => attrs.push_str(" finishOnKey=\"#\""),
        }
        if num_digits.is_some_and(|n| n > 1) {
            attrs.push_str(" finishOnKey=\"#\"");
        }
        let hints: Vec<String> = hints.iter().filter(|h| !h.is_empty()).cloned().collect();
        if !hints.is_empty() {
            attrs.push_str(&format!(" hints=\"{}\"", xml_escape(&hints.join(", "))));
        }
        let inner: String = texts.iter().map(|t| self.say_xml(t)).collect();
        self.body
            .push_str(&format!("<Gather {attrs}>{inner}</Gather>"));
    }

    /// Records a voice message.
    pub fn record(&mut self, action: &str) {
        self.body.push_str(&format!(
            "<Record action=\"{}\" method=\"POST\" maxLength=\"{MAX_RECORDING_SECS}\" timeout=\"5\" finishOnKey=\"#\" playBeep=\"true\"/>",
            xml_escape(action)
        ));
    }

    /// Puts the call through to a number.
    pub fn dial(&mut self, number: &str, action: &str) {
        self.body.push_str(&format!(
            "<Dial action=\"{}\" method=\"POST\" timeout=\"30\">{}</Dial>",
            xml_escape(action),
            xml_escape(number)
        ));
    }

    /// Goes on with another webhook.
    pub fn redirect(&mut self, url: &str) {
        self.body.push_str(&format!(
            "<Redirect method=\"POST\">{}</Redirect>",
            xml_escape(url)
        ));
    }

    pub fn hangup(&mut self) {
        self.body.push_str("<Hangup/>");
    }

    /// The finished document.
    pub fn finish(self) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>{}</Response>",
            self.body
        )
    }
}

/// A message for the ear: its lines become sentences, so the voice pauses between them.
fn spoken(r: &Renderer<'_>, t: &Text) -> String {
    r.text(t)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            if l.ends_with(['.', '?', '!', ':', '؟']) {
                l.to_string()
            } else {
                format!("{l}.")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A label inside a sentence ("Pour faire les courses, tapez 1"): no full stop added.
fn phrase(r: &Renderer<'_>, t: &Text) -> String {
    r.text(t)
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(", ")
}

fn plain(r: &Renderer<'_>, id: &str) -> String {
    spoken(r, &Text::new(id))
}

fn with(r: &Renderer<'_>, id: &str, args: &[(&str, String)]) -> String {
    let mut a = crate::engine::Args::new();
    for (k, v) in args {
        a.insert(k.to_string(), crate::engine::Arg::Text(v.clone()));
    }
    spoken(r, &Text::with(id, a))
}

/// Says the outputs of a turn; the last question is asked inside a `<Gather>` (or a
/// `<Record>` for free text). `page` is the page of the question's choices to say; `misses`
/// how many replies in a row were not understood (2: the choices one at a time).
pub fn render(
    r: &Renderer<'_>,
    outputs: &[Output],
    page: usize,
    misses: u8,
    style: VoiceStyle,
) -> String {
    let mut tw = Twiml::new(style);
    let last_prompt = outputs.iter().rposition(|o| matches!(o, Output::Prompt(_)));
    for (i, o) in outputs.iter().enumerate() {
        match o {
            Output::Say(t) => tw.say(&spoken(r, t)),
            Output::Prompt(p) if Some(i) == last_prompt => ask(r, &mut tw, p, page, misses),
            Output::Prompt(p) => tw.say(&spoken(r, &p.text)),
        }
    }
    tw.finish()
}

/// Asks one question.
pub fn ask(r: &Renderer<'_>, tw: &mut Twiml, p: &Prompt, page: usize, misses: u8) {
    let base = tw.style.base.clone();
    let question = spoken(r, &p.text);
    let keys_help = vec![plain(r, "voice-keys-repeat"), plain(r, "voice-keys-person")];
    match &p.expect {
        Expect::Choice | Expect::YesNo => {
            let all = pages_with(p.choices.len(), p.more);
            let page = page.min(all.len().saturating_sub(1));
            let pg = &all[page];
            let shown = &p.choices[pg.range.clone()];
            let first = p.choices.first().map_or(1, |c| c.number);
            let action = format!(
                "{base}/step?page={page}&count={}&first={first}&more={}",
                p.choices.len(),
                u8::from(p.more)
            );
            let labels: Vec<String> = shown.iter().map(|c| phrase(r, &c.label)).collect();
            if misses >= 2 {
                // Second miss: the choices one at a time, each with its own short wait.
                tw.say(&question);
                for (k, label) in labels.iter().enumerate() {
                    let line = with(
                        r,
                        "voice-choice-one",
                        &[("label", label.clone()), ("key", (k + 1).to_string())],
                    );
                    tw.gather(&[line], &action, Some(1), &labels, false);
                }
                tw.redirect(&format!("{action}&silence=1"));
                return;
            }
            let mut texts = vec![question];
            let count = shown.len() + usize::from(pg.more);
            texts.push(with(
                r,
                "voice-choices-count",
                &[("count", count.to_string())],
            ));
            for (k, label) in labels.iter().enumerate() {
                texts.push(with(
                    r,
                    "voice-choice",
                    &[("label", label.clone()), ("key", (k + 1).to_string())],
                ));
            }
            if pg.more {
                texts.push(with(
                    r,
                    "voice-more",
                    &[("key", more_key(shown.len()).to_string())],
                ));
            }
            texts.extend(keys_help);
            tw.gather(&texts, &action, Some(1), &labels, true);
        }
        Expect::Commune => {
            let texts = vec![question, plain(r, "voice-keys-person")];
            tw.gather(&texts, &format!("{base}/step?page=0"), Some(5), &[], true);
        }
        Expect::Code => {
            let texts = vec![question, plain(r, "voice-keys-person")];
            tw.gather(&texts, &format!("{base}/step?page=0"), Some(6), &[], true);
        }
        Expect::Phone { .. } => {
            let texts = vec![question, plain(r, "voice-keys-person")];
            tw.gather(&texts, &format!("{base}/step?page=0"), Some(10), &[], true);
        }
        Expect::Text { .. } => {
            tw.say(&question);
            tw.record(&format!("{base}/record"));
            // An empty recording skips the action: silence then means "nothing to add".
            tw.redirect(&format!("{base}/step?page=0&silence=1"));
        }
    }
}

/// What the terminal shows of a TwiML answer (`passerelle chat --voice`).
#[derive(Debug, Default)]
pub struct Heard {
    /// What is said, and what the caller is waiting for, one line each.
    pub lines: Vec<String>,
    /// Where the call goes next, if it goes on.
    pub next: Option<Next>,
}

/// The next webhook of a call.
#[derive(Debug, Clone)]
pub struct Next {
    pub action: String,
    /// The caller is expected to act (keys, speech or a recording).
    pub waits: bool,
    pub recording: bool,
    /// Where an empty recording goes.
    pub fallback: Option<String>,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

/// Reads a TwiML answer written by [`Twiml`] back into lines for a terminal.
pub fn describe(xml: &str) -> Heard {
    let mut heard = Heard::default();
    let mut waiting = None;
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..=end];
        let after = &rest[end + 1..];
        if tag.starts_with("<Say") {
            let close = after.find("</Say>").unwrap_or(after.len());
            heard
                .lines
                .push(format!("  « {} »", unescape(&after[..close])));
        } else if tag.starts_with("<Gather") && heard.next.as_ref().is_none_or(|n| !n.waits) {
            let keys = attr(tag, "numDigits")
                .map_or("keys until #".to_string(), |n| format!("{n} key(s)"));
            waiting = Some(format!("  [listening: {keys} or speech]"));
            heard.next = Some(Next {
                action: attr(tag, "action").unwrap_or_default(),
                waits: true,
                recording: false,
                fallback: None,
            });
        } else if tag.starts_with("<Record") {
            waiting =
                Some("  [recording after the beep: type anything, or nothing to skip]".into());
            heard.next = Some(Next {
                action: attr(tag, "action").unwrap_or_default(),
                waits: true,
                recording: true,
                fallback: None,
            });
        } else if tag.starts_with("<Dial") {
            let close = after.find("</Dial>").unwrap_or(after.len());
            heard.lines.push(format!(
                "  [putting the call through to {}]",
                unescape(&after[..close])
            ));
        } else if tag.starts_with("<Redirect") {
            let close = after.find("</Redirect>").unwrap_or(after.len());
            let url = unescape(&after[..close]);
            match heard.next.as_mut() {
                Some(n) if n.recording => n.fallback = Some(url),
                Some(_) => {}
                None => {
                    heard.next = Some(Next {
                        action: url,
                        waits: false,
                        recording: false,
                        fallback: None,
                    })
                }
            }
        } else if tag.starts_with("<Hangup") {
            heard.lines.push("  [hangs up]".into());
            heard.next = None;
            break;
        }
        rest = after;
    }
    heard.lines.extend(waiting);
    heard
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_become_pages_of_four_with_more() {
        assert_eq!(
            pages(3),
            vec![Page {
                range: 0..3,
                more: false
            }]
        );
        assert_eq!(
            pages(4),
            vec![Page {
                range: 0..4,
                more: false
            }]
        );
        assert_eq!(
            pages(10),
            vec![
                Page {
                    range: 0..3,
                    more: true
                },
                Page {
                    range: 3..6,
                    more: true
                },
                Page {
                    range: 6..10,
                    more: false
                },
            ]
        );
        for n in 1..40 {
            let all = pages(n);
            assert!(
                all.iter()
                    .all(|p| p.range.len() + usize::from(p.more) <= PAGE_SIZE),
                "{n}"
            );
            assert_eq!(all.iter().map(|p| p.range.len()).sum::<usize>(), n);
        }
    }

    #[test]
    fn keys_map_to_the_engine_numbers() {
        assert_eq!(key_on_page("2", 0, 10, 1, false), Key::Choice(2));
        assert_eq!(key_on_page("4", 0, 10, 1, false), Key::NextPage);
        assert_eq!(key_on_page("1", 1, 10, 1, false), Key::Choice(4));
        assert_eq!(key_on_page("4", 2, 10, 1, false), Key::Choice(10));
        assert_eq!(key_on_page("5", 2, 10, 1, false), Key::Other);
        assert_eq!(key_on_page("9", 0, 3, 1, false), Key::Other);
        assert_eq!(
            key_on_page("1", 0, 3, 4, true),
            Key::Choice(4),
            "numbers continue across list pages"
        );
        assert_eq!(key_on_page("4", 0, 3, 4, true), Key::MoreInList);
        let p = pages_with(4, true);
        assert_eq!(p.len(), 2);
        assert!(
            p.iter()
                .all(|p| p.range.len() + usize::from(p.more) <= PAGE_SIZE)
        );
    }
}

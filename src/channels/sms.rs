//! SMS: the engine's outputs as one compact text, numbered choices, GSM-7 where possible.

use crate::domain::text::{plain_punctuation, to_gsm7};
use crate::engine::{Output, Prompt};

use super::Renderer;

/// How SMS text is finished before sending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SmsStyle {
    /// Transliterate every accent that would force UCS-2 (ê→e, ç→c, œ→oe).
    pub transliterate: bool,
}

/// Lays out a whole reply.
pub fn render(r: &Renderer<'_>, outputs: &[Output], style: SmsStyle) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(outputs.len());
    for o in outputs {
        match o {
            Output::Say(t) => parts.push(r.text(t)),
            Output::Prompt(p) => parts.push(prompt(r, p)),
        }
    }
    finish(&parts.join("\n"), style)
}

/// One question with its numbered choices.
pub fn prompt(r: &Renderer<'_>, p: &Prompt) -> String {
    let mut out = r.text(&p.text);
    for c in &p.choices {
        out.push('\n');
        out.push_str(&format!("{} {}", c.number, r.text(&c.label)));
    }
    if p.more {
        out.push('\n');
        out.push_str(&r.plain("sms-more"));
    }
    out
}

/// Replaces typographic characters, and transliterates if asked.
pub fn finish(text: &str, style: SmsStyle) -> String {
    let plain = plain_punctuation(text.trim());
    if style.transliterate {
        to_gsm7(&plain)
    } else {
        plain
    }
}

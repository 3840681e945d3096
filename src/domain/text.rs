//! Text helpers shared by every layer: folding for matching, SMS alphabets and segments.
//!
//! `fold` turns what a person typed into something comparable (lower case, no accents,
//! punctuation as spaces). `segments` counts SMS segments as operators bill them (GSM-7 or
//! UCS-2), and `to_gsm7` transliterates what would force UCS-2.

use unicode_normalization::UnicodeNormalization;

/// Lower case, accents removed, apostrophes and punctuation turned into spaces, spaces folded.
pub fn fold(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut last_space = true;
    for c in raw.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'œ' | 'Œ' => {
                out.push_str("oe");
                last_space = false;
                continue;
            }
            'æ' | 'Æ' => {
                out.push_str("ae");
                last_space = false;
                continue;
            }
            // Eastern Arabic digits, typed on Arabic keyboards: "١" is 1.
            c @ '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            c @ '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            c => c,
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            last_space = false;
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// True when `a` and `b` differ by at most one edit (insert, delete, substitute, or swap of
/// two neighbours).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // Most words are plain ASCII: compare bytes without allocating.
    if a.is_ascii() && b.is_ascii() {
        return one_edit(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    one_edit(&a, &b)
}

fn one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    if a == b {
        return true;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    if la == lb {
        // substitution or transposition
        ra[1..] == rb[1..]
            || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
    } else if la > lb {
        ra[1..] == *rb
    } else {
        *ra == rb[1..]
    }
}

const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// The alphabet a message will be sent in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// 160 characters a segment, 153 when split.
    Gsm7,
    /// 70 characters a segment, 67 when split.
    Ucs2,
}

/// How a message will be billed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegmentCount {
    pub encoding: Encoding,
    pub segments: usize,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    pub units: usize,
}

fn gsm7_cost(c: char) -> Option<usize> {
    if GSM7_BASIC.contains(c) {
        Some(1)
    } else if GSM7_EXTENDED.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// True when every character of `s` is in GSM-7 (basic or extension table).
pub fn is_gsm7(s: &str) -> bool {
    s.chars().all(|c| gsm7_cost(c).is_some())
}

/// Counts segments as a carrier would.
pub fn segments(s: &str) -> SegmentCount {
    let gsm: Option<usize> = s.chars().map(gsm7_cost).sum();
    match gsm {
        Some(units) => SegmentCount {
            encoding: Encoding::Gsm7,
            units,
            segments: if units <= 160 { 1 } else { units.div_ceil(153) },
        },
        None => {
            let units = s.encode_utf16().count();
            SegmentCount {
                encoding: Encoding::Ucs2,
                units,
                segments: if units <= 70 { 1 } else { units.div_ceil(67) },
            }
        }
    }
}

/// Replaces typographic punctuation by its plain form: these never deserve a UCS-2 message.
pub fn plain_punctuation(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' | '`' | '´' => out.push('\''),
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '«' | '»' => out.push('"'),
            '\u{2013}' | '\u{2014}' | '\u{2212}' | '\u{2010}' | '\u{2011}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            '\u{a0}' | '\u{202f}' | '\u{2009}' => out.push(' '),
            '°' => out.push_str(" deg"),
            '\u{2068}' | '\u{2069}' | '\u{200e}' | '\u{200f}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Transliterates every character that is not GSM-7 (ê→e, ç→c, œ→oe), keeping the ones
/// that are (é, è, à, ù…). Characters with no Latin form are kept, so Arabic stays Arabic.
pub fn to_gsm7(s: &str) -> String {
    let s = plain_punctuation(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if gsm7_cost(c).is_some() {
            out.push(c);
            continue;
        }
        match c {
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'ç' => out.push('c'),
            _ => {
                let base: String = c
                    .to_string()
                    .nfd()
                    .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
                    .collect();
                if !base.is_empty() && base.chars().all(|b| gsm7_cost(b).is_some()) {
                    out.push_str(&base);
                } else {
                    out.push(c);
                }
            }
        }
    }
    out
}

/// Escapes text for XML (TwiML): the five entities, and control characters dropped.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than line breaks are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\n' && c != '\r' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Shortens text a person typed before it is echoed back, on a character boundary.
pub fn shorten(s: &str, max_chars: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let cut: String = s.chars().take(max_chars.saturating_sub(3)).collect();
    format!("{}...", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_case_accents_and_punctuation() {
        assert_eq!(fold("  Bonjour, 2 MERCI !"), "bonjour 2 merci");
        assert_eq!(fold("Arrêt"), "arret");
        assert_eq!(fold("d'accord"), "d accord");
        assert_eq!(fold("Œuf"), "oeuf");
    }

    #[test]
    fn one_edit_means_one() {
        assert!(within_one_edit("courses", "coures"));
        assert!(within_one_edit("courses", "courrses"));
        assert!(within_one_edit("courses", "cuorses"));
        assert!(within_one_edit("visite", "visitr"));
        assert!(!within_one_edit("visite", "vistre"));
        assert!(!within_one_edit("jardin", "jar"));
    }

    #[test]
    fn segments_follow_the_carriers() {
        assert_eq!(segments(&"a".repeat(160)).segments, 1);
        assert_eq!(segments(&"a".repeat(161)).segments, 2);
        assert_eq!(segments(&"a".repeat(306)).segments, 2);
        assert_eq!(segments(&"a".repeat(307)).segments, 3);
        assert_eq!(segments("fenêtre").encoding, Encoding::Ucs2);
        assert_eq!(segments("fenetre à Été").encoding, Encoding::Gsm7);
        assert_eq!(segments("€").units, 2);
        assert_eq!(segments(&"ب".repeat(70)).segments, 1);
        assert_eq!(segments(&"ب".repeat(71)).segments, 2);
    }

    #[test]
    fn transliteration_keeps_gsm7_accents() {
        assert_eq!(to_gsm7("Crempigny-Bonneguête"), "Crempigny-Bonneguete");
        assert_eq!(
            to_gsm7("Ça coûte « 3 € » l’œuf…"),
            "Ça coute \" 3 € \" l'oeuf..."
        );
        assert_eq!(to_gsm7("été à Évian"), "été à Évian");
        assert_eq!(to_gsm7("مرحبا"), "مرحبا");
    }

    #[test]
    fn shortening_marks_the_cut() {
        assert_eq!(shorten("court", 10), "court");
        assert_eq!(shorten("un texte beaucoup trop long", 12), "un texte...");
    }
}

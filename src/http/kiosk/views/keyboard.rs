//! The kiosk's on-screen keyboard for text fields: which keys, in which rows, for the page's
//! language. A kiosk has no keyboard of its own; the page's script shows these keys and types
//! with them, and without the script the field still works with any keyboard.

/// One set of keys of the on-screen keyboard.
pub struct KeyLayout {
    /// `latin`, `arabic`: names the set for the page's script.
    pub name: &'static str,
    /// The language its keys are written in (`lang` of the keys).
    pub lang: &'static str,
    pub dir: &'static str,
    /// A few of its letters, shown on the key that switches to it.
    pub sample: &'static str,
    /// Rows of keys, each key the text it types.
    pub rows: Vec<Vec<&'static str>>,
}

/// French AZERTY with the digits above, and the accents and punctuation French needs below.
const AZERTY: [&str; 5] = [
    "1 2 3 4 5 6 7 8 9 0",
    "a z e r t y u i o p",
    "q s d f g h j k l m",
    "w x c v b n ' , . ?",
    "é è ê à â ç ù ô î -",
];

/// The Arabic keyboard's letters in their usual places.
const ARABIC: [&str; 5] = [
    "1 2 3 4 5 6 7 8 9 0",
    "ض ص ث ق ف غ ع ه خ ح ج",
    "ش س ي ب ل ا ت ن م ك ط",
    "ذ ء ؤ ر ى ة و ز ظ د ئ",
    "أ إ آ لا ، . ؟ -",
];

fn key_layout(
    name: &'static str,
    lang: &'static str,
    dir: &'static str,
    sample: &'static str,
    rows: &[&'static str],
) -> KeyLayout {
    KeyLayout {
        name,
        lang,
        dir,
        sample,
        rows: rows
            .iter()
            .map(|r| r.split(' ').filter(|k| !k.is_empty()).collect())
            .collect(),
    }
}

/// The on-screen keyboard of a text field (the page's script first, then latin letters), with
/// a space bar, erase, capitals for latin letters, and speaking instead where the browser can.
/// Shown by the page's script; without it the field works with any keyboard.
pub struct Keyboard {
    /// The `id` of the field it types into.
    pub field: &'static str,
    pub layouts: Vec<KeyLayout>,
    /// Offer speaking instead (words, not a code).
    pub speak: bool,
}

impl Keyboard {
    pub fn for_field(field: &'static str, lang: &str) -> Self {
        let latin = key_layout("latin", "fr", "ltr", "abc", &AZERTY);
        let layouts = match lang {
            "ar" => vec![key_layout("arabic", "ar", "rtl", "أ ب ت", &ARABIC), latin],
            _ => vec![latin],
        };
        Self {
            field,
            layouts,
            speak: true,
        }
    }

    /// For a code, where speaking would not help.
    pub fn without_speech(mut self) -> Self {
        self.speak = false;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_gets_azerty_with_accents_and_the_apostrophe() {
        let k = Keyboard::for_field("entry", "fr");
        assert_eq!(k.layouts.len(), 1);
        let keys: Vec<&str> = k.layouts[0].rows.iter().flatten().copied().collect();
        assert_eq!(&keys[10..16], ["a", "z", "e", "r", "t", "y"]);
        for k in ["é", "è", "à", "ç", "'", "0"] {
            assert!(keys.contains(&k), "{k}");
        }
    }

    #[test]
    fn arabic_gets_its_letters_first_then_latin_ones() {
        let k = Keyboard::for_field("entry", "ar");
        let names: Vec<&str> = k.layouts.iter().map(|l| l.name).collect();
        assert_eq!(names, ["arabic", "latin"]);
        assert_eq!(k.layouts[0].dir, "rtl");
        assert!(k.layouts[0].rows[1].contains(&"ض"));
    }
}

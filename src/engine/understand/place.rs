//! Where, from a whole sentence: a commune's name anywhere in it ("j'habite à Sallanches",
//! "ST JULIEN EN GENEVOIS", "St-Gervais", one typo "sallanche"), a postal code ("74150",
//! "74 150"), a Lyon arrondissement ("Lyon 7e").
//!
//! Only communes of the region are known, so a place elsewhere ("Paris", "Geneva") is never
//! offered as a match for a typo. Common words that are also commune names ("jardin",
//! "mars", "vers") are skipped through the `words-not-place` lists.

use super::{Lexicon, contains_phrase};
use crate::domain::{Commune, Communes};

/// Longest commune name, in words, looked for in a sentence.
const MAX_WORDS: usize = 7;

/// The commune a message names: one, or several to choose from.
#[derive(Clone, Debug, PartialEq)]
pub enum Place<'c> {
    One(&'c Commune),
    Several(Vec<&'c Commune>),
}

impl<'c> Place<'c> {
    fn from(list: Vec<&'c Commune>) -> Option<Self> {
        let mut list = list;
        list.dedup_by(|a, b| a.insee == b.insee);
        match list.len() {
            0 => None,
            1 => Some(Place::One(list[0])),
            _ => Some(Place::Several(list)),
        }
    }
}

fn is_digits(w: &str, len: usize) -> bool {
    w.len() == len && w.chars().all(|c| c.is_ascii_digit())
}

/// A postal code: `74150`, or `74 150`.
fn postal<'c>(communes: &'c Communes, words: &[String]) -> Option<Place<'c>> {
    for (i, w) in words.iter().enumerate() {
        let code = if is_digits(w, 5) {
            w.clone()
        } else if is_digits(w, 2) && words.get(i + 1).is_some_and(|n| is_digits(n, 3)) {
            format!("{w}{}", words[i + 1])
        } else {
            continue;
        };
        if let Some(p) = Place::from(communes.by_postal_code(&code)) {
            return Some(p);
        }
    }
    None
}

/// "st gervais" → "saint gervais".
fn expand(words: &[String]) -> String {
    words
        .iter()
        .map(|w| match w.as_str() {
            "st" => "saint",
            "ste" => "sainte",
            w => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Lyon 7e", "lyon 3eme", "Lyon 6th": the arrondissement named after a city's name.
fn arrondissement<'c>(
    communes: &'c Communes,
    name: &str,
    next: Option<&String>,
) -> Option<&'c Commune> {
    let next = next?;
    let digits: String = next.chars().take_while(char::is_ascii_digit).collect();
    let n: u32 = digits.parse().ok()?;
    let ordinal = if n == 1 {
        "1er".to_string()
    } else {
        format!("{n}e")
    };
    communes
        .named(&format!("{name} {ordinal} arrondissement"))
        .into_iter()
        .next()
}

/// The department a message names ("dans le Cantal", "en Ardèche"), by its number.
fn department(lex: &Lexicon, words: &[String]) -> Option<String> {
    lex.langs.values().find_map(|l| {
        l.lists.iter().find_map(|(id, phrases)| {
            let dept = id.strip_prefix("words-dept-")?;
            phrases
                .iter()
                .any(|p| contains_phrase(words, p))
                .then(|| dept.to_string())
        })
    })
}

/// Several communes of one name: the one in the department named, or one far more populated
/// than the others (Faverges in Haute-Savoie over Faverges in Isère); else all of them.
fn narrow<'c>(list: Vec<&'c Commune>, dept: Option<&str>) -> Option<Place<'c>> {
    if let Some(d) = dept {
        let inside: Vec<&Commune> = list.iter().copied().filter(|c| c.department == d).collect();
        if !inside.is_empty() {
            return Place::from(inside);
        }
    }
    let mut by_size = list.clone();
    by_size.sort_by_key(|c| std::cmp::Reverse(c.population));
    if let [first, second, ..] = by_size.as_slice()
        && first.population >= second.population.saturating_mul(5)
    {
        return Some(Place::One(first));
    }
    Place::from(list)
}

/// The commune a sentence names, if any.
pub fn find<'c>(lex: &Lexicon, communes: &'c Communes, words: &[String]) -> Option<Place<'c>> {
    if let Some(p) = postal(communes, words) {
        return Some(p);
    }
    let listed = |id: &str, w: &str| {
        lex.langs
            .values()
            .any(|l| l.list(id).iter().any(|c| c == w))
    };
    let common = |w: &str| listed("words-not-place", w) || lex.is_known_word(w);
    let dept = department(lex, words);
    let longest = MAX_WORDS.min(words.len());
    // Exact names, longest first: "saint julien en genevois" before "saint julien"; "au
    // Grand-Bornand" is Le Grand-Bornand.
    for n in (1..=longest).rev() {
        for start in 0..=words.len() - n {
            let window = &words[start..start + n];
            let name = expand(window);
            if (n == 1 && common(&window[0])) || listed("words-not-place", &name) {
                continue;
            }
            let mut found = communes.named(&name);
            let after_au = start > 0 && ["au", "aux"].contains(&words[start - 1].as_str());
            for article in ["le", "les"] {
                if found.is_empty() && after_au {
                    found = communes.named(&format!("{article} {name}"));
                }
            }
            if found.is_empty() {
                continue;
            }
            if let Some(a) = arrondissement(communes, &name, words.get(start + n)) {
                return Some(Place::One(a));
            }
            let longer = communes.named_starting(&name);
            let dwarfs = |c: &Commune| {
                longer
                    .iter()
                    .all(|l| c.population >= l.population.saturating_mul(5))
            };
            if longer.is_empty() || (found.len() == 1 && dwarfs(found[0])) {
                return narrow(found, dept.as_deref());
            }
            // "Besse" is also the start of Besse-et-Saint-Anastaise, "St-Gervais" of
            // Saint-Gervais-les-Bains: offer them all.
            found.extend(longer);
            return match dept {
                Some(d) => narrow(found, Some(&d)),
                None => Place::from(found),
            };
        }
    }
    // The beginning of longer names: "Chamonix", "St-Gervais" (five communes to choose from).
    for n in (1..=3.min(words.len())).rev() {
        for start in 0..=words.len() - n {
            let window = &words[start..start + n];
            let last = &window[n - 1];
            let placed = start == 0 || listed("words-place-before", &words[start - 1]);
            if common(last) || (n == 1 && (last.chars().count() < 5 || !placed)) {
                continue;
            }
            if let Some(p) = narrow(communes.named_starting(&expand(window)), dept.as_deref()) {
                return Some(p);
            }
        }
    }
    // One typo in a name said where a place is said ("à sallanche", "A RUMILY"), or first.
    for n in (1..=3.min(words.len())).rev() {
        for start in 0..=words.len() - n {
            let window = &words[start..start + n];
            let placed = start == 0 || listed("words-place-before", &words[start - 1]);
            if !placed
                || window
                    .iter()
                    .any(|w| common(w) || w.chars().any(|c| c.is_ascii_digit()))
            {
                continue;
            }
            if let Some(p) = narrow(communes.named_nearly(&expand(window)), dept.as_deref()) {
                return Some(p);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locales;

    fn place(text: &str) -> Option<Vec<String>> {
        let locales = Locales::embedded().unwrap();
        let communes = Communes::embedded().unwrap();
        let words: Vec<String> = crate::domain::text::fold(text)
            .split(' ')
            .map(str::to_string)
            .collect();
        find(locales.lexicon(), &communes, &words).map(|p| match p {
            Place::One(c) => vec![c.insee.clone()],
            Place::Several(l) => l.iter().map(|c| c.insee.clone()).collect(),
        })
    }

    #[test]
    fn names_inside_sentences() {
        assert_eq!(place("j'habite à Sallanches merci").unwrap(), ["74256"]);
        assert_eq!(
            place("ST JULIEN EN GENEVOIS AIDE POUR FORMULAIRE").unwrap(),
            ["74243"]
        );
        assert_eq!(place("Mme Dupont St-Gervais-les-Bains").unwrap(), ["74236"]);
        assert_eq!(place("sallanche courses jeudi").unwrap(), ["74256"]);
        assert_eq!(place("Lyon 7e courses samedi").unwrap(), ["69387"]);
    }

    #[test]
    fn postal_codes_with_or_without_a_space() {
        assert_eq!(place("74400").unwrap(), ["74056"]);
        assert_eq!(place("c'est au 74 400").unwrap(), ["74056"]);
        assert!(place("74 150").unwrap().len() >= 17);
    }

    #[test]
    fn common_words_and_places_elsewhere_are_not_communes() {
        assert_eq!(place("pour tondre mon jardin en mars"), None);
        assert_eq!(place("je suis a Paris"), None);
        assert_eq!(place("I live in Geneva"), None);
    }
}

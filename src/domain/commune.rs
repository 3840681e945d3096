//! The communes of Auvergne-Rhône-Alpes and how a person names one.
//!
//! Loaded once from the CSV shipped in `data/` (see `data/COMMUNES-SOURCE.md` for its sources
//! and licences). A person gives a postal code (with or without its leading zero) or a name;
//! input is never matched against INSEE codes. Lyon's postal codes lead straight to the
//! arrondissement. "Near" means same commune, then same EPCI, then within 30 km.

use std::collections::HashMap;

use super::text::{fold, within_one_edit};

const EMBEDDED_CSV: &str = include_str!("../../data/communes-auvergne-rhone-alpes.csv");

/// Distance under which a commune counts as near, after the same commune and the same EPCI.
pub const NEAR_KM: f64 = 30.0;

/// One commune (or one of Lyon's arrondissements).
#[derive(Clone, Debug, PartialEq)]
pub struct Commune {
    pub insee: String,
    pub name: String,
    pub arrondissement: bool,
    pub postal_codes: Vec<String>,
    pub department: String,
    pub epci: String,
    pub population: u32,
    pub lat: f64,
    pub lon: f64,
}

/// What a person's words designate.
#[derive(Debug, PartialEq)]
pub enum CommuneLookup<'a> {
    One(&'a Commune),
    /// Several candidates, most populated first.
    Many(Vec<&'a Commune>),
    None,
}

/// How near a commune is to another.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub enum Nearness {
    SameCommune,
    SameEpci(f64),
    Within(f64),
}

/// Every commune, indexed for the lookups people make.
#[derive(Debug)]
pub struct Communes {
    all: Vec<Commune>,
    by_insee: HashMap<String, usize>,
    by_postal: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    /// Folded names by (first letter, length), for forgiving one typo quickly.
    by_shape: HashMap<(char, usize), Vec<String>>,
    /// Folded names, sorted, for the names that start with some words.
    sorted: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Row {
    insee: String,
    name: String,
    kind: String,
    postal_codes: String,
    department: String,
    epci: String,
    population: u32,
    lat: f64,
    lon: f64,
}

/// The CSV could not be read.
#[derive(Debug, thiserror::Error)]
#[error("communes data, line {line}: {message}")]
pub struct CommunesError {
    pub line: u64,
    pub message: String,
}

impl Communes {
    /// The copy embedded in the binary.
    pub fn embedded() -> Result<Self, CommunesError> {
        Self::from_csv(EMBEDDED_CSV)
    }

    /// Parses the CSV format of `data/communes-auvergne-rhone-alpes.csv`.
    pub fn from_csv(csv_text: &str) -> Result<Self, CommunesError> {
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let mut all = Vec::with_capacity(4100);
        for row in reader.deserialize::<Row>() {
            let row = row.map_err(|e| CommunesError {
                line: e.position().map(|p| p.line()).unwrap_or(0),
                message: e.to_string(),
            })?;
            all.push(Commune {
                insee: row.insee,
                name: row.name,
                arrondissement: row.kind == "arrondissement",
                postal_codes: row
                    .postal_codes
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
                department: row.department,
                epci: row.epci,
                population: row.population,
                lat: row.lat,
                lon: row.lon,
            });
        }
        let has_arrondissements: Vec<String> = all
            .iter()
            .filter(|c| c.arrondissement)
            .flat_map(|c| c.postal_codes.clone())
            .collect();
        let mut by_insee = HashMap::new();
        let mut by_postal: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in all.iter().enumerate() {
            by_insee.insert(c.insee.clone(), i);
            for code in &c.postal_codes {
                // Lyon's codes go to the arrondissement, not to the whole city.
                if !c.arrondissement && has_arrondissements.contains(code) {
                    continue;
                }
                by_postal.entry(code.clone()).or_default().push(i);
            }
            by_name.entry(fold(&c.name)).or_default().push(i);
        }
        for list in by_postal.values_mut().chain(by_name.values_mut()) {
            list.sort_by(|a, b| all[*b].population.cmp(&all[*a].population));
        }
        let mut by_shape: HashMap<(char, usize), Vec<String>> = HashMap::new();
        for name in by_name.keys() {
            if let Some(first) = name.chars().next() {
                by_shape
                    .entry((first, name.chars().count()))
                    .or_default()
                    .push(name.clone());
            }
        }
        let mut sorted: Vec<String> = by_name.keys().cloned().collect();
        sorted.sort();
        Ok(Self {
            all,
            by_insee,
            by_postal,
            by_name,
            by_shape,
            sorted,
        })
    }

    /// Number of communes known.
    pub fn len(&self) -> usize {
        self.all.len()
    }

    /// True when no commune is known.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// Every commune.
    pub fn iter(&self) -> impl Iterator<Item = &Commune> {
        self.all.iter()
    }

    /// The commune with this INSEE code (never used for what a person typed).
    pub fn by_insee(&self, insee: &str) -> Option<&Commune> {
        self.by_insee.get(insee).map(|i| &self.all[*i])
    }

    /// Communes served by a postal code; a 4-digit code gets its leading zero back.
    pub fn by_postal_code(&self, code: &str) -> Vec<&Commune> {
        let code = code.trim();
        let full = if code.len() == 4 {
            format!("0{code}")
        } else {
            code.to_string()
        };
        self.by_postal
            .get(&full)
            .map(|l| l.iter().map(|i| &self.all[*i]).collect())
            .unwrap_or_default()
    }

    /// Reads what a person typed or said: a postal code, or a commune's name.
    pub fn lookup(&self, input: &str) -> CommuneLookup<'_> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if (4..=5).contains(&compact.len()) && compact.chars().all(|c| c.is_ascii_digit()) {
            return Self::from_list(self.by_postal_code(&compact));
        }
        let folded = fold(input);
        if folded.is_empty() {
            return CommuneLookup::None;
        }
        if let Some(list) = self.by_name.get(&folded) {
            return Self::from_list(list.iter().map(|i| &self.all[*i]).collect());
        }
        // "saint julien" for "Saint-Julien-en-Genevois" is too vague; a typo in a long name is not.
        let mut close: Vec<&Commune> = Vec::new();
        if folded.chars().count() >= 5 {
            for (name, list) in &self.by_name {
                if name.chars().count() >= 5 && within_one_edit(name, &folded) {
                    close.extend(list.iter().map(|i| &self.all[*i]));
                }
            }
        }
        if close.is_empty() && folded.chars().count() >= 4 {
            for (name, list) in &self.by_name {
                if name.starts_with(&folded) && name[folded.len()..].starts_with(' ') {
                    close.extend(list.iter().map(|i| &self.all[*i]));
                }
            }
        }
        close.sort_by(|a, b| b.population.cmp(&a.population).then(a.insee.cmp(&b.insee)));
        Self::from_list(close)
    }

    fn from_list(list: Vec<&Commune>) -> CommuneLookup<'_> {
        match list.len() {
            0 => CommuneLookup::None,
            1 => CommuneLookup::One(list[0]),
            _ => CommuneLookup::Many(list),
        }
    }

    /// Communes whose folded name is exactly this (`saint julien en genevois`).
    pub fn named(&self, folded: &str) -> Vec<&Commune> {
        self.by_name
            .get(folded)
            .map(|l| l.iter().map(|i| &self.all[*i]).collect())
            .unwrap_or_default()
    }

    /// Communes whose folded name is one typo away from this one (same first letter, names
    /// of 5 letters or more: "sallanche", "rumily").
    pub fn named_nearly(&self, folded: &str) -> Vec<&Commune> {
        let (Some(first), len) = (folded.chars().next(), folded.chars().count()) else {
            return Vec::new();
        };
        if len < 5 {
            return Vec::new();
        }
        let mut out: Vec<&Commune> = Vec::new();
        for l in [len - 1, len, len + 1] {
            for name in self.by_shape.get(&(first, l)).into_iter().flatten() {
                if within_one_edit(name, folded) {
                    out.extend(self.named(name));
                }
            }
        }
        out.sort_by(|a, b| b.population.cmp(&a.population).then(a.insee.cmp(&b.insee)));
        out
    }

    /// Communes whose folded name starts with these words (`saint gervais` → Saint-Gervais-
    /// les-Bains, Saint-Gervais-sur-Roubion…), most populated first.
    pub fn named_starting(&self, folded: &str) -> Vec<&Commune> {
        let prefix = format!("{folded} ");
        let from = self
            .sorted
            .partition_point(|n| n.as_str() < prefix.as_str());
        let mut out: Vec<&Commune> = self.sorted[from..]
            .iter()
            .take_while(|name| name.starts_with(&prefix))
            .flat_map(|name| self.named(name))
            .filter(|c| !c.arrondissement)
            .collect();
        out.sort_by(|a, b| b.population.cmp(&a.population).then(a.insee.cmp(&b.insee)));
        out
    }

    /// How near `other` is to `home`, or `None` when it is not near at all.
    pub fn nearness(&self, home: &str, other: &str) -> Option<Nearness> {
        let (a, b) = (self.by_insee(home)?, self.by_insee(other)?);
        if a.insee == b.insee {
            return Some(Nearness::SameCommune);
        }
        let km = distance_km(a, b);
        if a.epci == b.epci && !a.epci.is_empty() {
            return Some(Nearness::SameEpci(km));
        }
        (km <= NEAR_KM).then_some(Nearness::Within(km))
    }

    /// The longest commune name, for SMS budget checks.
    pub fn longest_name(&self) -> &str {
        self.all
            .iter()
            .map(|c| c.name.as_str())
            .max_by_key(|n| n.chars().count())
            .unwrap_or("")
    }
}

/// Great-circle distance between two commune centres.
pub fn distance_km(a: &Commune, b: &Commune) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.lat.to_radians(),
        a.lon.to_radians(),
        b.lat.to_radians(),
        b.lon.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn communes() -> Communes {
        Communes::embedded().unwrap()
    }

    #[test]
    fn the_whole_region_is_loaded() {
        assert_eq!(communes().len(), 4034);
    }

    #[test]
    fn a_postal_code_shared_by_17_communes_gives_17() {
        let c = communes();
        assert_eq!(c.by_postal_code("74150").len(), 17);
        match c.lookup("74150") {
            CommuneLookup::Many(list) => assert_eq!(list[0].name, "Rumilly"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_code_without_its_leading_zero_is_understood() {
        let c = communes();
        let with = c.by_postal_code("01400");
        assert!(!with.is_empty());
        assert_eq!(c.by_postal_code("1400"), with);
    }

    #[test]
    fn lyon_codes_lead_to_the_arrondissement() {
        match communes().lookup("69003") {
            CommuneLookup::One(c) => assert_eq!(c.insee, "69383"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn names_are_found_with_or_without_accents_and_with_one_typo() {
        let c = communes();
        for input in ["Annecy", "annecy", "ANNECY", "anecy"] {
            match c.lookup(input) {
                CommuneLookup::One(x) => assert_eq!(x.insee, "74010", "{input}"),
                other => panic!("{input}: {other:?}"),
            }
        }
        match c.lookup("chambery") {
            CommuneLookup::One(x) => assert_eq!(x.name, "Chambéry"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn insee_codes_are_never_matched() {
        // 74010 is Annecy's INSEE code, and no postal code.
        assert_eq!(communes().lookup("74010"), CommuneLookup::None);
    }

    #[test]
    fn nearness_goes_commune_then_epci_then_distance() {
        let c = communes();
        assert_eq!(c.nearness("74225", "74225"), Some(Nearness::SameCommune));
        assert!(matches!(
            c.nearness("74010", "74002"),
            Some(Nearness::SameEpci(_))
        ));
        assert!(matches!(
            c.nearness("74010", "74225"),
            Some(Nearness::Within(_))
        ));
        assert_eq!(c.nearness("74010", "03190"), None);
    }
}

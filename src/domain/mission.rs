//! A mission as a partner gives it (by the API, a JSON feed or a CSV file), checked and made
//! ready to store: known commune and domain, dates as civil times in Europe/Paris
//! (`YYYY-MM-DDTHH:MM`), places not negative. Pure; every problem names its field.

use super::Communes;
use super::catalog::DOMAINS;
use super::text::fold;
use crate::store::NewMission;

/// Longest title and external id kept.
pub const TITLE_MAX: usize = 200;
pub const EXTERNAL_ID_MAX: usize = 200;
/// Longest description kept (SMS and voice use a few words of it).
pub const DESCRIPTION_MAX: usize = 5000;

/// What a partner gives; every field may be missing or wrong.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MissionFields {
    pub source: String,
    pub external_id: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub organization: Option<String>,
    pub domain: Option<String>,
    pub commune_insee: Option<String>,
    /// Used when there is no INSEE code (API Engagement gives a postal code and a city).
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub address: Option<String>,
    pub start_at: Option<String>,
    pub end_at: Option<String>,
    pub places: Option<i64>,
    pub organization_email: Option<String>,
    pub organization_phone: Option<String>,
}

/// A field and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn err(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// Checks a source name: lower-case letters, digits, `_` and `-`, 1 to 40 of them.
pub fn check_source(s: &str) -> Result<(), FieldError> {
    let ok = (1..=40).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(err(
            "source",
            "1 to 40 lower-case letters, digits, _ or - (e.g. api_engagement)",
        ))
    }
}

/// Reads a date-time as a civil time in Paris: `2026-12-01T14:00`, with seconds, a date
/// alone (midnight), or an RFC 3339 time with an offset (converted to Paris).
pub fn paris_civil(s: &str) -> Option<String> {
    let s = s.trim();
    let tz = jiff::tz::TimeZone::get("Europe/Paris").ok()?;
    let dt = if let Ok(t) = s.parse::<jiff::Timestamp>() {
        t.to_zoned(tz).datetime()
    } else if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        dt
    } else {
        s.parse::<jiff::civil::Date>().ok()?.at(0, 0, 0, 0)
    };
    Some(dt.strftime("%Y-%m-%dT%H:%M").to_string())
}

fn text(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The commune a mission names: its INSEE code, or its postal code and city.
fn commune(f: &MissionFields, communes: &Communes) -> Result<String, FieldError> {
    if let Some(code) = text(f.commune_insee.clone()) {
        return communes
            .by_insee(&code)
            .map(|c| c.insee.clone())
            .ok_or_else(|| {
                err(
                    "commune_insee",
                    format!("{code} is not a commune of the region"),
                )
            });
    }
    let Some(pc) = text(f.postal_code.clone()) else {
        return Err(err(
            "commune_insee",
            "missing (or a postal code and a city)",
        ));
    };
    let found = communes.by_postal_code(&pc);
    let city = text(f.city.clone()).map(|c| fold(&c));
    let pick = match found.as_slice() {
        [] => None,
        [one] => Some(*one),
        many => city
            .as_deref()
            .and_then(|c| many.iter().find(|m| fold(&m.name) == c).copied()),
    };
    pick.map(|c| c.insee.clone()).ok_or_else(|| {
        err(
            "postal_code",
            format!("{pc} names no single commune of the region"),
        )
    })
}

/// Checks what a partner gave; every problem at once.
pub fn check(f: MissionFields, communes: &Communes) -> Result<NewMission, Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Err(e) = check_source(&f.source) {
        errors.push(e);
    }
    let external_id = f.external_id.trim().to_string();
    if external_id.is_empty() || external_id.chars().count() > EXTERNAL_ID_MAX {
        errors.push(err(
            "external_id",
            format!("1 to {EXTERNAL_ID_MAX} characters"),
        ));
    }
    let title = text(f.title.clone()).unwrap_or_default();
    if title.is_empty() || title.chars().count() > TITLE_MAX {
        errors.push(err("title", format!("1 to {TITLE_MAX} characters")));
    }
    let organization = text(f.organization.clone()).unwrap_or_default();
    if organization.is_empty() {
        errors.push(err("organization_name", "missing"));
    }
    let domain = text(f.domain.clone()).unwrap_or_else(|| "autre".into());
    if !DOMAINS.contains(&domain.as_str()) {
        errors.push(err(
            "domain",
            format!("\"{domain}\" is not one of: {}", DOMAINS.join(", ")),
        ));
    }
    let commune_insee = commune(&f, communes).map_err(|e| errors.push(e)).ok();
    let mut date = |field: &'static str, v: &Option<String>| match text(v.clone()) {
        None => None,
        Some(s) => match paris_civil(&s) {
            Some(d) => Some(d),
            None => {
                errors.push(err(field, format!("\"{s}\" is not a date-time")));
                None
            }
        },
    };
    let start_at = date("start_at", &f.start_at);
    let end_at = date("end_at", &f.end_at);
    if let (Some(s), Some(e)) = (&start_at, &end_at)
        && e < s
    {
        errors.push(err("end_at", "before start_at"));
    }
    let places = f.places.unwrap_or(1);
    if !(0..=100_000).contains(&places) {
        errors.push(err("places", "a whole number from 0 to 100000"));
    }
    let description = text(f.description.clone()).unwrap_or_default();
    if description.chars().count() > DESCRIPTION_MAX {
        errors.push(err(
            "description",
            format!("at most {DESCRIPTION_MAX} characters"),
        ));
    }
    match commune_insee {
        Some(commune_insee) if errors.is_empty() => Ok(NewMission {
            source: f.source,
            external_id,
            title,
            description,
            organization,
            domain,
            commune_insee,
            address: text(f.address).unwrap_or_default(),
            start_at,
            end_at,
            places_left: places,
            organization_phone: text(f.organization_phone),
            organization_email: text(f.organization_email),
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> MissionFields {
        MissionFields {
            source: "api_engagement".into(),
            external_id: "abc-1".into(),
            title: Some("Distribution alimentaire".into()),
            organization: Some("Restos du Cœur".into()),
            domain: Some("solidarite-insertion".into()),
            commune_insee: Some("74225".into()),
            start_at: Some("2026-12-01T14:00".into()),
            places: Some(3),
            ..MissionFields::default()
        }
    }

    #[test]
    fn a_good_mission_is_ready_to_store() {
        let c = Communes::embedded().unwrap();
        let m = check(fields(), &c).unwrap();
        assert_eq!(m.commune_insee, "74225");
        assert_eq!(m.start_at.as_deref(), Some("2026-12-01T14:00"));
        assert_eq!(m.places_left, 3);
    }

    #[test]
    fn every_problem_is_named() {
        let c = Communes::embedded().unwrap();
        let bad = MissionFields {
            title: None,
            domain: Some("cuisine".into()),
            commune_insee: Some("99999".into()),
            start_at: Some("demain".into()),
            places: Some(-1),
            ..fields()
        };
        let e = check(bad, &c).unwrap_err();
        let names: Vec<&str> = e.iter().map(|e| e.field).collect();
        assert_eq!(
            names,
            ["title", "domain", "commune_insee", "start_at", "places"]
        );
    }

    #[test]
    fn a_postal_code_and_city_find_the_commune() {
        let c = Communes::embedded().unwrap();
        let m = check(
            MissionFields {
                commune_insee: None,
                postal_code: Some("74150".into()),
                city: Some("Rumilly".into()),
                ..fields()
            },
            &c,
        )
        .unwrap();
        assert_eq!(m.commune_insee, "74225");
    }

    #[test]
    fn dates_become_paris_civil_times() {
        assert_eq!(
            paris_civil("2026-12-01T13:00:00Z").as_deref(),
            Some("2026-12-01T14:00")
        );
        assert_eq!(
            paris_civil("2026-12-01T14:00:00").as_deref(),
            Some("2026-12-01T14:00")
        );
        assert_eq!(
            paris_civil("2026-12-01").as_deref(),
            Some("2026-12-01T00:00")
        );
        assert_eq!(paris_civil("tomorrow"), None);
        assert!(check_source("api_engagement").is_ok());
        assert!(check_source("Api Engagement").is_err());
    }
}

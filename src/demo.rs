//! Demo missions (`data/demo-missions.toml`, `source: demo`): loaded into an empty database
//! so a newcomer can sign up at once. Dates are relative to the day they are loaded.

use serde::Deserialize;

use crate::domain::Communes;
use crate::store::{NewMission, Store, StoreError};

const DEMO: &str = include_str!("../data/demo-missions.toml");

#[derive(Deserialize)]
struct DemoFile {
    missions: Vec<DemoMission>,
}

#[derive(Deserialize)]
struct DemoMission {
    external_id: String,
    title: String,
    description: String,
    organization: String,
    domain: String,
    commune_insee: String,
    #[serde(default)]
    address: String,
    start_in_days: i64,
    hour: i8,
    duration_hours: i8,
    places: i64,
    #[serde(default)]
    organization_phone: Option<String>,
    #[serde(default)]
    organization_email: Option<String>,
}

/// The demo missions as they would be stored if loaded at `now`.
pub fn missions(communes: &Communes, now: i64) -> Result<Vec<NewMission>, String> {
    let file: DemoFile =
        toml::from_str(DEMO).map_err(|e| format!("data/demo-missions.toml: {e}"))?;
    let today = jiff::Timestamp::from_second(now)
        .map_err(|e| e.to_string())?
        .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC))
        .date();
    let mut out = Vec::with_capacity(file.missions.len());
    for m in file.missions {
        if communes.by_insee(&m.commune_insee).is_none() {
            return Err(format!(
                "data/demo-missions.toml: {} names an unknown commune {}",
                m.external_id, m.commune_insee
            ));
        }
        let day = today
            .checked_add(jiff::Span::new().days(m.start_in_days))
            .map_err(|e| e.to_string())?;
        let start = day.at(m.hour, 0, 0, 0);
        let end = day.at((m.hour + m.duration_hours).min(23), 0, 0, 0);
        out.push(NewMission {
            source: "demo".into(),
            external_id: m.external_id,
            title: m.title,
            description: m.description,
            organization: m.organization,
            domain: m.domain,
            commune_insee: m.commune_insee,
            address: m.address,
            start_at: Some(start.strftime("%Y-%m-%dT%H:%M").to_string()),
            end_at: Some(end.strftime("%Y-%m-%dT%H:%M").to_string()),
            places_left: m.places,
            organization_phone: m.organization_phone,
            organization_email: m.organization_email,
        });
    }
    Ok(out)
}

/// Loads the demo missions when the database has no mission at all. Returns how many.
pub async fn load_if_empty(
    store: &dyn Store,
    communes: &Communes,
    now: i64,
) -> Result<usize, StoreError> {
    if store.mission_count().await? > 0 {
        return Ok(0);
    }
    let list = missions(communes, now).map_err(StoreError::Corrupt)?;
    for m in &list {
        store.upsert_mission(m, now).await?;
    }
    Ok(list.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_missions_cover_the_twelve_departments() {
        let communes = Communes::embedded().unwrap();
        let list = missions(&communes, 1_795_000_000).unwrap();
        assert!((25..=40).contains(&list.len()), "{}", list.len());
        let mut deps: Vec<String> = list
            .iter()
            .map(|m| {
                communes
                    .by_insee(&m.commune_insee)
                    .unwrap()
                    .department
                    .clone()
            })
            .collect();
        deps.sort();
        deps.dedup();
        assert_eq!(deps.len(), 12, "{deps:?}");
        assert!(
            list.iter()
                .all(|m| crate::domain::catalog::DOMAINS.contains(&m.domain.as_str()))
        );
    }
}

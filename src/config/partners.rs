//! Settings for partner platforms: a missions feed pulled periodically (`[missions_feed]`,
//! `PASSERELLE_MISSIONS_FEED_URL`…).

use serde::Deserialize;

use super::{ConfigError, Settings, bad, parse_url};

/// A full feed of missions pulled every few hours (with `ETag`) through the scheduler.
#[derive(Clone, Debug, PartialEq)]
pub struct MissionsFeed {
    pub url: String,
    /// The missions' source (default `api_engagement`).
    pub source: String,
    pub every_hours: u32,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct FileMissionsFeed {
    url: Option<String>,
    source: Option<String>,
    every_hours: Option<u32>,
}

fn every(setting: &str, v: u32) -> Result<u32, ConfigError> {
    if (1..=168).contains(&v) {
        Ok(v)
    } else {
        Err(bad(
            setting,
            format!("{v} is not a number of hours from 1 to 168"),
        ))
    }
}

impl Settings {
    fn feed(&mut self) -> &mut MissionsFeed {
        self.missions_feed.get_or_insert_with(|| MissionsFeed {
            url: String::new(),
            source: "api_engagement".into(),
            every_hours: 6,
        })
    }

    pub(super) fn apply_partners_file(
        &mut self,
        f: Option<FileMissionsFeed>,
    ) -> Result<(), ConfigError> {
        let Some(f) = f else { return Ok(()) };
        if let Some(v) = f.url.filter(|v| !v.is_empty()) {
            self.feed().url = parse_url("missions_feed.url", &v)?;
        }
        if let Some(v) = f.source {
            self.feed().source = v;
        }
        if let Some(v) = f.every_hours {
            self.feed().every_hours = every("missions_feed.every_hours", v)?;
        }
        Ok(())
    }

    pub(super) fn apply_partners_env(
        &mut self,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        if let Some(v) = env("PASSERELLE_MISSIONS_FEED_URL").filter(|v| !v.is_empty()) {
            self.feed().url = parse_url("PASSERELLE_MISSIONS_FEED_URL", &v)?;
        }
        if let Some(v) = env("PASSERELLE_MISSIONS_FEED_SOURCE") {
            self.feed().source = v;
        }
        if let Some(v) = env("PASSERELLE_MISSIONS_FEED_EVERY_HOURS") {
            let n = v.trim().parse::<u32>().map_err(|_| {
                bad(
                    "PASSERELLE_MISSIONS_FEED_EVERY_HOURS",
                    format!("\"{v}\" is not a whole number"),
                )
            })?;
            self.feed().every_hours = every("PASSERELLE_MISSIONS_FEED_EVERY_HOURS", n)?;
        }
        // A source or a period alone names no feed.
        if self
            .missions_feed
            .as_ref()
            .is_some_and(|f| f.url.is_empty())
        {
            return Err(bad(
                "PASSERELLE_MISSIONS_FEED_URL",
                "missing, while the feed's source or period is set",
            ));
        }
        if let Some(f) = &self.missions_feed {
            crate::domain::mission::check_source(&f.source)
                .map_err(|e| bad("PASSERELLE_MISSIONS_FEED_SOURCE", e.message))?;
        }
        Ok(())
    }
}

//! The periodic pull of a partner's missions feed (`[missions_feed]`): a scheduled job that
//! fetches the URL with `If-None-Match` (nothing to do on `304`), imports the feed as a full
//! one, and schedules itself again, the `ETag` kept in its payload. The fetch runs outside
//! any transaction; only the job's end and its next run are written together.

use serde::{Deserialize, Serialize};

use super::feed::Format;
use super::{Import, Report, import};
use crate::config::MissionsFeed;
use crate::domain::Communes;
use crate::store::{NewJob, Store};

/// The job's kind.
pub const PULL_JOB: &str = "missions_pull";

/// What a pull needs, kept in the job's payload.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullState {
    pub url: String,
    pub source: String,
    pub every_hours: u32,
    /// The `ETag` of the last feed imported.
    pub etag: Option<String>,
}

impl PullState {
    pub fn of(feed: &MissionsFeed) -> Self {
        Self {
            url: feed.url.clone(),
            source: feed.source.clone(),
            every_hours: feed.every_hours,
            etag: None,
        }
    }

    /// The job that runs this pull at `run_at`.
    pub fn job(&self, run_at: i64, now: i64) -> NewJob {
        NewJob {
            kind: PULL_JOB.into(),
            key: format!("missions-pull:{}", self.url),
            payload: serde_json::to_string(self).unwrap_or_default(),
            run_at,
            now,
        }
    }

    /// The next run after one at `now`.
    pub fn next_run(&self, now: i64) -> i64 {
        now + i64::from(self.every_hours.max(1)) * 3600
    }
}

/// What a pull did.
#[derive(Debug, PartialEq, Eq)]
pub enum Pulled {
    /// `304`: the feed did not change.
    NotModified,
    Imported(Report),
}

/// Fetches and imports the feed; returns what happened and the new `ETag`.
pub async fn pull(
    store: &dyn Store,
    communes: &Communes,
    http: &reqwest::Client,
    state: &PullState,
    now: i64,
) -> Result<(Pulled, Option<String>), String> {
    let mut req = http.get(&state.url);
    if let Some(tag) = &state.etag {
        req = req.header(reqwest::header::IF_NONE_MATCH, tag);
    }
    let resp = req.send().await.map_err(|e| format!("fetch failed: {e}"))?;
    if resp.status() == reqwest::StatusCode::NOT_MODIFIED {
        return Ok((Pulled::NotModified, state.etag.clone()));
    }
    if !resp.status().is_success() {
        return Err(format!("the feed answered HTTP {}", resp.status().as_u16()));
    }
    let etag = resp
        .headers()
        .get(reqwest::header::ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let kind = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| format!("read failed: {e}"))?;
    let format = if kind.contains("csv") {
        Format::Csv
    } else {
        Format::guess(&state.url)
    };
    let what = Import {
        bytes: &bytes,
        format,
        source: &state.source,
        full: true,
        now,
    };
    let report = import(store, communes, &what, &mut |_, _| {})
        .await
        .map_err(|e| e.to_string())?;
    Ok((Pulled::Imported(report), etag))
}

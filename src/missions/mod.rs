//! Importing missions from partners' feeds (`passerelle missions import`, `POST
//! /api/v1/missions/import`): read the feed ([`feed`]), check each row
//! (`domain::mission`), write the good ones by (source, external id) — a row already so
//! changes nothing — and report the others with their place in the file. A full feed also
//! closes the source's open missions it no longer lists; nothing is ever deleted. [`pull`]
//! fetches a configured feed periodically through the scheduler.

pub mod feed;
pub mod pull;

use serde::Serialize;

use self::feed::{Format, Position};
use crate::domain::Communes;
use crate::domain::mission::{self, check_source};
use crate::store::partners::{MissionPut, Put};
use crate::store::{Store, StoreError};

/// Missions written per transaction (and per step of the progress bar).
pub const CHUNK: usize = 500;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Report {
    /// Rows in the feed.
    pub received: usize,
    pub created: usize,
    pub updated: usize,
    /// Already exactly so: nothing written.
    pub unchanged: usize,
    /// Open missions of the source the full feed no longer lists, now closed.
    pub closed: u64,
    /// Rows not imported, with where they are and why.
    pub refused: Vec<Refused>,
}

/// A row not imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Refused {
    /// 0-based index in a JSON feed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// 1-based line of a CSV file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub external_id: Option<String>,
    pub reason: String,
}

impl Refused {
    /// `index 17` or `line 18`.
    pub fn place(&self) -> String {
        match (self.index, self.line) {
            (Some(i), _) => format!("index {i}"),
            (_, Some(l)) => format!("line {l}"),
            _ => "?".into(),
        }
    }
}

/// Why a whole import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Source(String),
    #[error("the feed cannot be read: {0}")]
    Feed(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What to import and how.
pub struct Import<'a> {
    pub bytes: &'a [u8],
    pub format: Format,
    pub source: &'a str,
    /// The feed lists every mission of the source: close those it does not list.
    pub full: bool,
    pub now: i64,
}

/// Imports a feed; `progress(done, total)` is called after each chunk written.
pub async fn import(
    store: &dyn Store,
    communes: &Communes,
    what: &Import<'_>,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Report, ImportError> {
    check_source(what.source).map_err(|e| ImportError::Source(e.to_string()))?;
    let rows = feed::read(what.bytes, what.format, what.source).map_err(ImportError::Feed)?;
    let mut report = Report {
        received: rows.len(),
        ..Report::default()
    };
    let mut present = Vec::with_capacity(rows.len());
    let mut good = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(id) = &row.external_id {
            present.push(id.clone());
        }
        let checked = row.fields.and_then(|f| {
            mission::check(f, communes).map_err(|errors| {
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            })
        });
        match checked {
            Ok(m) => good.push(MissionPut {
                mission: m,
                closed: false,
            }),
            Err(reason) => report.refused.push(Refused {
                index: match row.position {
                    Position::Index(i) => Some(i),
                    Position::Line(_) => None,
                },
                line: match row.position {
                    Position::Line(l) => Some(l),
                    Position::Index(_) => None,
                },
                external_id: row.external_id,
                reason,
            }),
        }
    }
    let total = good.len();
    progress(0, total);
    for (n, chunk) in good.chunks(CHUNK).enumerate() {
        for put in store.put_missions(chunk, what.now).await? {
            match put {
                Put::Created(_) => report.created += 1,
                Put::Updated(_) => report.updated += 1,
                Put::Unchanged(_) => report.unchanged += 1,
            }
        }
        progress((n * CHUNK + chunk.len()).min(total), total);
    }
    // A feed with nothing good in it is a broken feed, not an empty source.
    if what.full && total > 0 {
        report.closed = store.close_missing(what.source, &present, what.now).await?;
    }
    Ok(report)
}

//! The JSON API for partner platforms (`/api/v1`): who calls ([`auth`]), errors as problems
//! ([`errors`]), one module per resource, and the OpenAPI document generated from this code
//! (utoipa; [`doc`] adds what attributes cannot say: the lists of allowed values, taken from
//! the same constants the handlers check against).

pub mod audit;
pub mod auth;
pub mod callbacks;
pub mod doc;
pub mod errors;
pub mod help_requests;
pub mod missions;
pub mod signups;
pub mod webhooks;

use axum::Router;
use axum::routing::get;
use base64::Engine;
use serde::Serialize;
use utoipa::ToSchema;

use self::errors::Problem;
use super::AppState;

pub use self::auth::Caller;
pub use self::doc::openapi_document;

/// Most items per page.
pub const MAX_LIMIT: u32 = 200;
/// Items per page unless asked.
pub const DEFAULT_LIMIT: u32 = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(doc::serve))
        .merge(help_requests::router())
        .merge(missions::router())
        .merge(signups::router())
        .merge(callbacks::router())
        .merge(webhooks::router())
        .fallback(not_found)
        // A second before the service's own limit, so a slow call's 503 is a problem too.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            std::time::Duration::from_secs(crate::app::REQUEST_TIMEOUT_SECS - 1),
        ))
        .layer(axum::middleware::from_fn(errors::problem_everywhere))
}

async fn not_found() -> Problem {
    Problem::not_found("no such path in this API (see /api/v1/openapi.json)")
}

/// A Unix time as RFC 3339 (UTC).
pub fn rfc3339(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// The three parameters every list takes, as given.
pub struct WindowParams<'a> {
    pub updated_since: Option<&'a str>,
    pub cursor: Option<&'a str>,
    pub limit: Option<&'a str>,
}

/// Reads the window of a list; fetches one more than asked to know if more follow.
pub fn window(p: WindowParams<'_>) -> Result<(crate::store::partners::Window, i64), Problem> {
    let limit = match p.limit {
        None => DEFAULT_LIMIT,
        Some(s) => match s.parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                return Err(Problem::invalid(
                    "limit",
                    format!("limit must be a whole number from 1 to {MAX_LIMIT}"),
                ));
            }
        },
    };
    let updated_since = p
        .updated_since
        .map(|s| {
            s.parse::<jiff::Timestamp>()
                .map(|t| t.as_second())
                .map_err(|_| {
                    Problem::invalid(
                        "updated_since",
                        "updated_since must be an RFC 3339 date-time, e.g. 2026-11-30T08:00:00Z",
                    )
                })
        })
        .transpose()?;
    let after = p
        .cursor
        .map(Cursor::decode)
        .transpose()?
        .map(|c| (c.0, c.1));
    Ok((
        crate::store::partners::Window {
            updated_since,
            after,
            limit: i64::from(limit) + 1,
        },
        i64::from(limit),
    ))
}

/// Where a list stopped: the `(updated_at, id)` of its last item, opaque to partners.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor(pub i64, pub i64);

impl Cursor {
    pub fn encode(self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{}.{}", self.0, self.1))
    }

    pub fn decode(s: &str) -> Result<Self, Problem> {
        let bad = || {
            Problem::invalid(
                "cursor",
                "cursor must be a next_cursor given by this API, unchanged",
            )
        };
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s)
            .map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        let (a, b) = text.split_once('.').ok_or_else(bad)?;
        Ok(Cursor(
            a.parse().map_err(|_| bad())?,
            b.parse().map_err(|_| bad())?,
        ))
    }
}

/// A page of a list: its items, oldest change first, and where to go on.
#[derive(Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Give it as `cursor` to get what follows (or, later, what changed since). Present even
    /// on the last page, so a partner can keep it and poll.
    pub next_cursor: Option<String>,
    /// More items follow now.
    pub has_more: bool,
}

/// Cuts the extra item fetched and computes the cursor after the last item kept.
pub fn page<R, T>(
    mut rows: Vec<R>,
    limit: i64,
    given: Option<&str>,
    key: impl Fn(&R) -> Cursor,
    out: impl FnMut(R) -> T,
) -> Page<T> {
    let has_more = rows.len() as i64 > limit;
    rows.truncate(limit.max(0) as usize);
    let next_cursor = rows
        .last()
        .map(|r| key(r).encode())
        .or_else(|| given.map(str::to_string));
    Page {
        items: rows.into_iter().map(out).collect(),
        next_cursor,
        has_more,
    }
}

/// Checks a value against the allowed ones (constants of `domain::catalog`).
pub fn one_of(parameter: &str, value: Option<&str>, allowed: &[&str]) -> Result<(), Problem> {
    match value {
        Some(v) if !allowed.contains(&v) => Err(Problem::invalid(
            parameter,
            format!("{parameter} \"{v}\" is not one of: {}", allowed.join(", ")),
        )),
        _ => Ok(()),
    }
}

/// Checks a commune filter: an INSEE code of the region.
pub fn commune(state: &AppState, insee: Option<&str>) -> Result<(), Problem> {
    match insee {
        Some(c) if state.conversations.core.communes.by_insee(c).is_none() => {
            Err(Problem::invalid(
                "commune_insee",
                format!("\"{c}\" is not the INSEE code of a commune of the region"),
            ))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_and_nonsense_is_refused() {
        let c = Cursor(1_795_816_800, 42);
        assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        assert!(Cursor::decode("nonsense!").is_err());
        assert!(
            Cursor::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("1.x"))
                .is_err()
        );
    }

    #[test]
    fn a_window_checks_its_bounds() {
        let w = |limit: Option<&str>, since: Option<&str>| {
            window(WindowParams {
                updated_since: since,
                cursor: None,
                limit,
            })
        };
        assert_eq!(w(None, None).unwrap().1, 50);
        assert_eq!(w(Some("200"), None).unwrap().0.limit, 201);
        assert!(w(Some("0"), None).is_err());
        assert!(w(Some("201"), None).is_err());
        assert!(w(None, Some("yesterday")).is_err());
        assert_eq!(
            w(None, Some("2026-11-30T08:00:00Z"))
                .unwrap()
                .0
                .updated_since,
            Some(1_796_025_600)
        );
    }
}

//! Kiosk visits and the service's own secrets, as stored.
//!
//! A visit is one person at a kiosk screen: named by the hash of its cookie's secret, with its
//! state (language, text size, the last screen) as JSON, the enrolled kiosk or the address it
//! came from, and when it was last seen. Keeping visits in the database means a restart, or
//! another instance behind the same load balancer, does not end them. An ended visit loses
//! its state at once and keeps a bare row for [`ENDED_KEPT_SECS`], so its old cookie is never
//! taken for a new visit.

use async_trait::async_trait;

use super::Result;

/// How long the bare row of an ended visit is kept.
pub const ENDED_KEPT_SECS: i64 = 7 * 24 * 3600;

/// A visit as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredVisit {
    /// SHA-256 (hex) of the cookie's secret: the secret itself is never stored.
    pub id_hash: String,
    /// The id its conversation is held under (`kiosk:<who>`), to erase it when it ends.
    pub who: String,
    /// The enrolled kiosk it runs on, if any.
    pub kiosk: Option<String>,
    /// The address of an unenrolled browser.
    pub address: Option<String>,
    /// The visit's state, JSON (owned by `http::kiosk`); empty once ended.
    pub state: String,
    pub last_seen: i64,
    pub created_at: i64,
    pub ended_at: Option<i64>,
}

/// The columns [`visit_row!`](crate::visit_row) reads, for the statements below.
macro_rules! visit_columns {
    () => {
        "id_hash, who, kiosk, address, state, last_seen, created_at, ended_at"
    };
}

// The statements are the same on both backends; each is one statement, so two instances
// saving or ending one visit at once cannot both create it or both end it.
/// The columns of a visit.
pub(crate) const COLUMNS: &str = visit_columns!();
/// Creates a visit or updates a live one; an ended one stays ended (binds: [`COLUMNS`] but
/// `ended_at`, in order).
pub(crate) const SAVE: &str = "INSERT INTO kiosk_visits (id_hash, who, kiosk, address, state, \
     last_seen, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
     ON CONFLICT (id_hash) DO UPDATE SET state = $5, last_seen = $6 \
     WHERE kiosk_visits.ended_at IS NULL";
/// Ends a live visit (binds: id hash, now).
pub(crate) const END_ONE: &str = concat!(
    "UPDATE kiosk_visits SET ended_at = $2, state = '' \
     WHERE id_hash = $1 AND ended_at IS NULL RETURNING ",
    visit_columns!()
);
/// Ends a kiosk's other live visits (binds: kiosk, the visit kept, now).
pub(crate) const END_OTHERS: &str = concat!(
    "UPDATE kiosk_visits SET ended_at = $3, state = '' \
     WHERE kiosk = $1 AND id_hash <> $2 AND ended_at IS NULL RETURNING ",
    visit_columns!()
);
/// Counts the live visits from an address (binds: address, live since).
pub(crate) const LIVE_FROM: &str = "SELECT COUNT(*) AS n FROM kiosk_visits \
     WHERE address = $1 AND last_seen >= $2 AND ended_at IS NULL";
/// Forgets visits ended before `$1`.
pub(crate) const FORGET_ENDED: &str = "DELETE FROM kiosk_visits WHERE ended_at < $1";
/// Ends the live visits not seen since `$1` (binds: live since, now).
pub(crate) const END_IDLE: &str = concat!(
    "UPDATE kiosk_visits SET ended_at = $2, state = '' \
     WHERE last_seen < $1 AND ended_at IS NULL RETURNING ",
    visit_columns!()
);

/// A [`StoredVisit`] from a row with [`COLUMNS`], in a function returning
/// [`crate::store::Result`].
#[macro_export]
#[doc(hidden)]
macro_rules! visit_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::visits::StoredVisit {
            id_hash: r.try_get("id_hash")?,
            who: r.try_get("who")?,
            kiosk: r.try_get("kiosk")?,
            address: r.try_get("address")?,
            state: r.try_get("state")?,
            last_seen: r.try_get("last_seen")?,
            created_at: r.try_get("created_at")?,
            ended_at: r.try_get("ended_at")?,
        }
    }};
}

/// Storage of kiosk visits.
#[async_trait]
pub trait VisitStore: Send + Sync {
    /// The visit with this hash, live or ended.
    async fn visit(&self, id_hash: &str) -> Result<Option<StoredVisit>>;
    /// Creates a visit, or updates a live one (its state and when it was seen).
    async fn save_visit(&self, v: &StoredVisit) -> Result<()>;
    /// Ends a live visit (its state is erased); returns it if it was live.
    async fn end_visit(&self, id_hash: &str, now: i64) -> Result<Option<StoredVisit>>;
    /// Ends every other live visit of an enrolled kiosk (it shows one person at a time).
    async fn end_other_visits(&self, kiosk: &str, keep: &str, now: i64)
    -> Result<Vec<StoredVisit>>;
    /// Live visits started from one address.
    async fn live_visits_from(&self, address: &str, live_since: i64) -> Result<i64>;
    /// Ends every live visit not seen since `live_since`, returns them, and forgets visits
    /// ended more than [`ENDED_KEPT_SECS`] ago.
    async fn end_idle_visits(&self, live_since: i64, now: i64) -> Result<Vec<StoredVisit>>;
    /// The secret of this name, made from `fresh` the first time it is asked for; the same
    /// for every instance sharing the database.
    async fn secret(&self, name: &str, fresh: &str, now: i64) -> Result<String>;
}

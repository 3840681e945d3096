//! The audit log: every view of someone's personal data and every act for someone — who, for
//! whom (a contact, a request), what, when, under which mandate.
//!
//! Append-only, and the database enforces it: triggers on `audit_log` refuse every UPDATE
//! and DELETE. Record inside a turn ([`AuditTx::record`]) when the act is part of one, so
//! both are stored or neither; otherwise through [`AuditStore::record`].

use async_trait::async_trait;

use super::Result;
use crate::domain::lifecycle::Actor;

/// One entry about to be written.
#[derive(Clone, Debug)]
pub struct NewAudit<'a> {
    pub actor: &'a Actor,
    /// The relais the act belongs to.
    pub relais: Option<&'a str>,
    /// The person whose data was seen or for whom something was done.
    pub contact_id: Option<i64>,
    pub request_reference: Option<&'a str>,
    /// What: `view_request`, `view_conversation`, `change_status`, `send_sms`, `create_request`…
    pub action: &'a str,
    pub mandate_id: Option<i64>,
    /// A few words more (never a phone number or a message body).
    pub detail: Option<&'a str>,
    pub at: i64,
}

/// One entry as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor: Actor,
    pub relais: Option<String>,
    pub contact_id: Option<i64>,
    pub request_reference: Option<String>,
    pub action: String,
    pub mandate_id: Option<i64>,
    pub detail: Option<String>,
}

/// Appends an entry (binds: at, actor kind, id, name, relais, contact, request reference,
/// action, mandate, detail; numbered in the order they appear, as SQLite's writer binds them).
pub(crate) const INSERT: &str = "INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, \
     relais, contact_id, request_reference, action, mandate_id, detail) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
/// Entries with `$1 <= at < $2`, oldest first; [`audit_row!`](crate::audit_row) reads them.
pub(crate) const BETWEEN: &str = "SELECT id, at, actor_kind, actor_id, actor_name, relais, \
     contact_id, request_reference, action, mandate_id, detail FROM audit_log \
     WHERE at >= $1 AND at < $2 ORDER BY at, id";

/// An [`AuditEntry`] from a row of [`BETWEEN`], in a function returning
/// [`crate::store::Result`].
#[macro_export]
#[doc(hidden)]
macro_rules! audit_row {
    ($row:expr) => {{
        let r = $row;
        let kind: String = r.try_get("actor_kind")?;
        let actor = $crate::domain::lifecycle::Actor::from_stored(
            &kind,
            r.try_get("actor_id")?,
            r.try_get("actor_name")?,
        )
        .ok_or_else(|| {
            $crate::store::StoreError::Corrupt(format!("unknown actor kind {kind:?}"))
        })?;
        $crate::store::audit::AuditEntry {
            id: r.try_get("id")?,
            at: r.try_get("at")?,
            actor,
            relais: r.try_get("relais")?,
            contact_id: r.try_get("contact_id")?,
            request_reference: r.try_get("request_reference")?,
            action: r.try_get("action")?,
            mandate_id: r.try_get("mandate_id")?,
            detail: r.try_get("detail")?,
        }
    }};
}

/// Inside a transaction.
#[async_trait]
pub trait AuditTx: Send {
    async fn record(&mut self, e: &NewAudit<'_>) -> Result<()>;
}

/// Outside a turn.
#[async_trait]
pub trait AuditStore: Send + Sync {
    async fn record(&self, e: &NewAudit<'_>) -> Result<()>;
    /// Entries with `from <= at < to`, oldest first.
    async fn audit_entries(&self, from: i64, to: i64) -> Result<Vec<AuditEntry>>;
}

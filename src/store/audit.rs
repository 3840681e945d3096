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

//! Storage of mandates: a resident's consent for mediators of a relais to act for them (the
//! rules are `domain::mandate`). A mandate is never deleted; revoking it keeps it, with when.

use async_trait::async_trait;

use super::Result;
use crate::domain::mandate::{Consent, Scope};

/// A mandate as stored, with what the console shows.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredMandate {
    pub rules: crate::domain::mandate::Mandate,
    pub mediator_id: i64,
    pub mediator_name: String,
    pub resident_name: Option<String>,
    pub text_version: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// A mandate about to be recorded.
#[derive(Clone, Debug)]
pub struct NewMandate<'a> {
    pub contact_id: i64,
    pub relais: &'a str,
    pub mediator_id: i64,
    pub resident_name: Option<&'a str>,
    pub scopes: &'a [Scope],
    pub consent: Consent,
    pub text_version: &'a str,
    /// `active` (in person) or `pending` (waiting for the SMS answer).
    pub state: &'a str,
    pub expires_at: i64,
    pub now: i64,
}

/// A mandate with its mediator's name; [`mandate_row!`](crate::mandate_row) reads its rows
/// (the same SQL on both backends; add `WHERE …` on `m`).
pub(crate) const SELECT: &str = "SELECT m.id, m.contact_id, m.relais, m.mediator_id, \
     d.name AS mediator_name, m.resident_name, m.scopes, m.consent_method, m.text_version, \
     m.status, m.created_at, m.expires_at, m.revoked_at \
     FROM mandates m JOIN mediators d ON d.id = m.mediator_id";
/// Records a mandate (binds: contact, relais, mediator, resident's name, scopes, consent,
/// text version, status, now, confirmed at, expires at).
pub(crate) const INSERT: &str = "INSERT INTO mandates (contact_id, relais, mediator_id, \
     resident_name, scopes, consent_method, text_version, status, created_at, confirmed_at, \
     expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
/// The newest mandate waiting for its SMS answer (binds: contact, relais, since; numbered in
/// the order they appear, as SQLite's writer binds them).
pub(crate) const PENDING_SMS: &str = "SELECT id FROM mandates WHERE contact_id = $1 \
     AND relais = $2 AND status = 'pending' AND consent_method = 'sms' AND created_at > $3 \
     ORDER BY created_at DESC, id DESC LIMIT 1";
/// Answers a pending mandate once (binds: new status, now, id).
pub(crate) const ANSWER_SMS: &str =
    "UPDATE mandates SET status = $1, confirmed_at = $2 WHERE id = $3 AND status = 'pending'";

/// A [`StoredMandate`] from a row of [`SELECT`], in a function returning
/// [`crate::store::Result`].
#[macro_export]
#[doc(hidden)]
macro_rules! mandate_row {
    ($row:expr) => {{
        let r = $row;
        let consent: String = r.try_get("consent_method")?;
        let state: String = r.try_get("status")?;
        $crate::store::mandates::StoredMandate {
            rules: $crate::domain::mandate::Mandate {
                id: r.try_get("id")?,
                contact_id: r.try_get("contact_id")?,
                relais: r.try_get("relais")?,
                scopes: $crate::domain::mandate::scopes_from_str(
                    &r.try_get::<String, _>("scopes")?,
                ),
                consent: $crate::domain::mandate::Consent::parse(&consent).ok_or_else(|| {
                    $crate::store::StoreError::Corrupt(format!("consent {consent:?}"))
                })?,
                state: $crate::domain::mandate::State::parse(&state).ok_or_else(|| {
                    $crate::store::StoreError::Corrupt(format!("mandate status {state:?}"))
                })?,
                expires_at: r.try_get("expires_at")?,
            },
            mediator_id: r.try_get("mediator_id")?,
            mediator_name: r.try_get("mediator_name")?,
            resident_name: r.try_get("resident_name")?,
            text_version: r.try_get("text_version")?,
            created_at: r.try_get("created_at")?,
            revoked_at: r.try_get("revoked_at")?,
        }
    }};
}

/// Inside a turn: the resident's answer to a recap SMS.
#[async_trait]
pub trait MandateTx: Send {
    /// The newest mandate of this contact and relais waiting for its SMS answer, created
    /// after `since`.
    async fn pending_sms_mandate(
        &mut self,
        contact_id: i64,
        relais: &str,
        since: i64,
    ) -> Result<Option<i64>>;
    /// Records the answer: `active` on a clear yes, `refused` otherwise.
    async fn answer_sms_mandate(&mut self, id: i64, yes: bool, now: i64) -> Result<()>;
}

#[async_trait]
pub trait MandateStore: Send + Sync {
    async fn create_mandate(&self, m: &NewMandate<'_>) -> Result<i64>;
    /// A contact's mandates with a relais, newest first.
    async fn mandates_of(&self, contact_id: i64, relais: &str) -> Result<Vec<StoredMandate>>;
    async fn mandate(&self, id: i64) -> Result<Option<StoredMandate>>;
    /// Revokes a mandate that is not revoked yet; false when it was.
    async fn revoke_mandate(&self, id: i64, now: i64) -> Result<bool>;
}

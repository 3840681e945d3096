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

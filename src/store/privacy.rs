//! One person's data: everything held about a phone number, as JSON (`passerelle contact
//! export`), and erasing it (`passerelle contact erase`, the console's "erase" for admins):
//! personal data removed or anonymised everywhere, while counts (requests, sign-ups,
//! messages) and the audit log's entries stay. Also retention: what each relais keeps and for
//! how long (its own periods, stored on `relais`), and forgetting what is older.

use async_trait::async_trait;

use super::Result;
use super::audit::NewAudit;
use crate::domain::retention::OwnPeriods;

/// What an erasure changed, table by table (rows touched).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Erased {
    pub tables: Vec<(String, u64)>,
}

impl Erased {
    /// Adds `rows` to what `table` had.
    pub fn add(&mut self, table: &str, rows: u64) {
        match self.tables.iter_mut().find(|(t, _)| t == table) {
            Some((_, n)) => *n += rows,
            None => self.tables.push((table.to_string(), rows)),
        }
    }
}

/// Which relais a retention rule covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// This relais.
    One(String),
    /// Every relais but these (those with rules of their own, or none).
    AllBut(Vec<String>),
}

/// What one relais (or the rest) forgets: what is older than these (Unix seconds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cutoff {
    pub scope: Scope,
    /// Messages, sessions, call-backs' words, sent texts.
    pub conversations_before: i64,
    /// The free text of requests closed (last changed) before this.
    pub requests_before: i64,
}

#[async_trait]
pub trait PrivacyStore: Send + Sync {
    /// Everything held about the contact with this E.164 number, by table; `None` when the
    /// number is unknown.
    async fn export_contact(&self, phone: &str) -> Result<Option<serde_json::Value>>;

    /// Forgets, for each rule, what is older than its cut-offs: the words of messages,
    /// call-backs and closed requests (with their notes), idle conversations, sent texts.
    /// Counts stay. One transaction.
    async fn forget_before(&self, cutoffs: &[Cutoff], now: i64) -> Result<Erased>;

    /// Removes or anonymises everything about this number (E.164, and `written` as texts to
    /// the team show it), and writes `audit` (its `contact_id` set to the person's) in the
    /// same transaction; `None` when the number is unknown (nothing written).
    async fn erase_contact(
        &self,
        phone: &str,
        written: &str,
        audit: &NewAudit<'_>,
    ) -> Result<Option<Erased>>;

    /// The periods each stored relais set for itself (relais without a row: none).
    async fn relais_retention(&self) -> Result<Vec<(String, OwnPeriods)>>;

    /// Sets a stored relais's own periods (`None`: the instance's default); false when no
    /// relais is stored under this id.
    async fn save_relais_retention(&self, id: &str, own: OwnPeriods, now: i64) -> Result<bool>;
}

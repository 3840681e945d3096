//! One person's data: everything held about a phone number, as JSON (`passerelle contact
//! export`), and erasing it (`passerelle contact erase`): personal data removed or anonymised
//! everywhere, while counts (requests, sign-ups, messages) and the audit log's entries stay.

use async_trait::async_trait;

use super::Result;

/// What an erasure changed, table by table (rows touched).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Erased {
    pub tables: Vec<(String, u64)>,
}

#[async_trait]
pub trait PrivacyStore: Send + Sync {
    /// Everything held about the contact with this E.164 number, by table; `None` when the
    /// number is unknown.
    async fn export_contact(&self, phone: &str) -> Result<Option<serde_json::Value>>;

    /// Forgets what is older than `before` (Unix seconds): the words of messages, call-backs
    /// and closed requests, idle conversations, sent texts. Counts stay.
    async fn forget_before(&self, before: i64, now: i64) -> Result<Erased>;

    /// Removes or anonymises everything about this number (E.164, and `written` as texts to
    /// the team show it); `None` when it is unknown.
    async fn erase_contact(&self, phone: &str, written: &str, now: i64) -> Result<Option<Erased>>;
}

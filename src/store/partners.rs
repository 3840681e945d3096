//! Storage for partner platforms: API clients (token hashes, scopes, relais), listings that
//! follow changes (`updated_since` and a cursor on `(updated_at, id)`, oldest change first, so
//! a partner can poll without missing or repeating anything), missions written by their
//! source (created, updated or closed; never deleted).

use async_trait::async_trait;

use super::{HelpRequest, Mission, NewMission, Result};

/// A partner client as stored (never its token, only the token's hash).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiClient {
    pub id: i64,
    pub name: String,
    /// The relais whose data it sees; `None`: every relais.
    pub relais: Option<String>,
    /// Space-separated scopes (`domain::api_client::Scopes`).
    pub scopes: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// Which slice of a listing: changes since a time, after a cursor, at most `limit`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    /// Only rows changed at or after this time.
    pub updated_since: Option<i64>,
    /// Only rows after this `(updated_at, id)` (the cursor).
    pub after: Option<(i64, i64)>,
    pub limit: i64,
}

/// Filters; each listing uses those that apply to it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub relais: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    pub mission_id: Option<i64>,
    pub source: Option<String>,
    pub commune_insee: Option<String>,
}

/// A help request with its contact's key (an E.164 number or `kiosk:<id>`).
#[derive(Clone, Debug, PartialEq)]
pub struct RequestRow {
    pub request: HelpRequest,
    pub contact: Option<String>,
}

/// A sign-up as partners see it.
#[derive(Clone, Debug, PartialEq)]
pub struct SignupRow {
    pub id: i64,
    pub mission_id: i64,
    pub mission_source: String,
    pub mission_external_id: String,
    pub relais: String,
    pub status: String,
    pub channel: String,
    pub note: Option<String>,
    pub contact_id: i64,
    pub contact: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A call-back request: someone asked to be called.
#[derive(Clone, Debug, PartialEq)]
pub struct CallbackRow {
    pub id: i64,
    pub relais: String,
    /// `asked`, `stuck`, `voice_message`, `voice_silent`, `call_abandoned`.
    pub reason: String,
    pub channel: String,
    pub status: String,
    pub recording_url: Option<String>,
    /// Where the conversation stood and what was already said.
    pub context: Option<String>,
    pub contact_id: i64,
    pub contact: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A mission as its source wants it now.
#[derive(Clone, Debug)]
pub struct MissionPut {
    pub mission: NewMission,
    /// Closed: kept, shown as closed, no new sign-ups.
    pub closed: bool,
}

/// What writing a mission did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Put {
    Created(i64),
    Updated(i64),
    /// Already exactly so: nothing written (its `updated_at` does not move).
    Unchanged(i64),
}

impl Put {
    pub fn id(self) -> i64 {
        match self {
            Put::Created(id) | Put::Updated(id) | Put::Unchanged(id) => id,
        }
    }
}

#[async_trait]
pub trait PartnerStore: Send + Sync {
    /// Adds a client; `Duplicate` when the name is taken.
    async fn add_client(
        &self,
        name: &str,
        relais: Option<&str>,
        scopes: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<i64>;
    async fn clients(&self) -> Result<Vec<ApiClient>>;
    /// Revokes a client by name; false when there is none not revoked yet.
    async fn revoke_client(&self, name: &str, now: i64) -> Result<bool>;
    /// The client holding a token (by its hash), unless revoked.
    async fn client_by_token(&self, token_hash: &str) -> Result<Option<ApiClient>>;

    async fn list_requests(&self, f: &Filter, w: &Window) -> Result<Vec<RequestRow>>;
    async fn partner_request(&self, reference: &str) -> Result<Option<RequestRow>>;
    async fn list_missions(&self, f: &Filter, w: &Window) -> Result<Vec<Mission>>;
    async fn mission_by_key(&self, source: &str, external_id: &str) -> Result<Option<Mission>>;
    async fn list_signups(&self, f: &Filter, w: &Window) -> Result<Vec<SignupRow>>;
    async fn signup_row(&self, id: i64) -> Result<Option<SignupRow>>;
    async fn list_callbacks(&self, f: &Filter, w: &Window) -> Result<Vec<CallbackRow>>;

    /// Writes missions by (source, external id), all in one transaction.
    async fn put_missions(&self, list: &[MissionPut], now: i64) -> Result<Vec<Put>>;
    /// Closes the open missions of `source` whose external id is not in `keep` (a full feed
    /// no longer lists them); returns how many.
    async fn close_missing(&self, source: &str, keep: &[String], now: i64) -> Result<u64>;
}

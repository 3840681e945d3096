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

// What both backends' listings share (their windows differ: PostgreSQL types its NULL
// parameters). Each listing is on alias `t`, its cursor order by `(updated_at, id)`.

/// The columns [`api_client_row!`](crate::api_client_row) reads.
pub(crate) const CLIENT_COLUMNS: &str = "id, name, relais, scopes, created_at, revoked_at";
/// The cursor's order, with the window's limit (`$4`).
pub(crate) const ORDER: &str = "ORDER BY t.updated_at, t.id LIMIT $4";
/// Sign-ups as partners see them; [`partner_signup_row!`](crate::partner_signup_row) reads
/// them.
pub(crate) const SIGNUP_SELECT: &str = "SELECT t.id, t.mission_id, m.source AS m_source, \
     m.external_id AS m_external_id, t.relais, t.status, t.channel, t.note, t.contact_id, \
     c.phone AS contact_key, t.created_at, t.updated_at \
     FROM signups t JOIN missions m ON m.id = t.mission_id JOIN contacts c ON c.id = t.contact_id";
/// Call-back requests; [`partner_callback_row!`](crate::partner_callback_row) reads them.
pub(crate) const CALLBACK_SELECT: &str = "SELECT t.id, t.relais, t.reason, t.channel, t.status, \
     t.recording_url, t.context, t.contact_id, c.phone AS contact_key, t.created_at, t.updated_at \
     FROM callback_requests t JOIN contacts c ON c.id = t.contact_id";

/// `cols` (a comma-separated list) on alias `t`.
pub(crate) fn on_t(cols: &str) -> String {
    cols.split(", ")
        .map(|c| format!("t.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Help requests with their contact's key; [`partner_request_row!`](crate::partner_request_row)
/// reads them.
pub(crate) fn request_select() -> String {
    format!(
        "SELECT {}, c.phone AS contact_key FROM help_requests t LEFT JOIN contacts c ON c.id = t.contact_id",
        on_t(super::rows::REQUEST_COLUMNS)
    )
}

/// An [`ApiClient`] from a row with [`CLIENT_COLUMNS`], in a function returning
/// [`crate::store::Result`].
#[macro_export]
#[doc(hidden)]
macro_rules! api_client_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::partners::ApiClient {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            relais: r.try_get("relais")?,
            scopes: r.try_get("scopes")?,
            created_at: r.try_get("created_at")?,
            revoked_at: r.try_get("revoked_at")?,
        }
    }};
}

/// A [`RequestRow`] from a row of [`request_select`].
#[macro_export]
#[doc(hidden)]
macro_rules! partner_request_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::partners::RequestRow {
            request: $crate::request_row!(r),
            contact: r.try_get("contact_key")?,
        }
    }};
}

/// A [`SignupRow`] from a row of [`SIGNUP_SELECT`].
#[macro_export]
#[doc(hidden)]
macro_rules! partner_signup_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::partners::SignupRow {
            id: r.try_get("id")?,
            mission_id: r.try_get("mission_id")?,
            mission_source: r.try_get("m_source")?,
            mission_external_id: r.try_get("m_external_id")?,
            relais: r.try_get("relais")?,
            status: r.try_get("status")?,
            channel: r.try_get("channel")?,
            note: r.try_get("note")?,
            contact_id: r.try_get("contact_id")?,
            contact: r.try_get("contact_key")?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
        }
    }};
}

/// A [`CallbackRow`] from a row of [`CALLBACK_SELECT`].
#[macro_export]
#[doc(hidden)]
macro_rules! partner_callback_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::partners::CallbackRow {
            id: r.try_get("id")?,
            relais: r.try_get("relais")?,
            reason: r.try_get("reason")?,
            channel: r.try_get("channel")?,
            status: r.try_get("status")?,
            recording_url: r.try_get("recording_url")?,
            context: r.try_get("context")?,
            contact_id: r.try_get("contact_id")?,
            contact: r.try_get("contact_key")?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
        }
    }};
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

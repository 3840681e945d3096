//! Storage: one trait ([`Store`], with [`Tx`] for a turn's transaction) and its two
//! implementations, [`sqlite`] (one file, group commit on a writer thread) and [`postgres`]
//! (several instances on one server); [`open`] picks one by the URL's scheme.
//!
//! The trait speaks only domain and plain Rust types. Times are Unix seconds.
//!
//! One concern, one place: a new area of storage (mediation, outbox, partners…) declares its
//! own trait in its own module here (`Store` and `Tx` list them as supertraits) and each
//! backend implements it in its own file (`sqlite/<area>.rs`, `postgres/<area>.rs`). Turns' futures are `Send`, so
//! a backend may run them on any thread or runtime.

pub mod audit;
pub mod error;
pub mod jobs;
pub mod mandates;
pub mod mediators;
pub mod outbox;
pub mod partners;
pub mod postgres;
pub mod privacy;
pub mod requests;
pub mod rows;
pub mod signups;
pub mod sqlite;
pub mod visits;
pub mod webhooks;

pub use error::{StoreError, Unwritable};

use async_trait::async_trait;

pub use audit::{AuditEntry, AuditStore, AuditTx, NewAudit};
pub use jobs::{Job, JobStore, JobTx, NewJob};
pub use mandates::{MandateStore, MandateTx, NewMandate, StoredMandate};
pub use mediators::{Mediator, MediatorSession, MediatorStore, NewMediator};
pub use outbox::{NewOutbound, OutboxItem, OutboxStore, OutboxTx};
pub use requests::{NewRequestEvent, RequestEvent, RequestStore, RequestTx};
use serde::Serialize;
pub use signups::{SignupStore, SignupTx, SignupView};

use crate::domain::{PhoneNumber, RefCode};

pub type Result<T> = std::result::Result<T, StoreError>;

/// Opens (creating and migrating if needed) the store a `DATABASE_URL` names: `sqlite:FILE`
/// or `postgres://…`.
pub async fn open(url: &str) -> Result<std::sync::Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(std::sync::Arc::new(postgres::PgStore::open(url).await?))
    } else {
        Ok(std::sync::Arc::new(sqlite::SqliteStore::open(url).await?))
    }
}

/// A database URL fit for logs and error messages: the password, if any, is hidden.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = rest.split_once('/').map_or((rest, ""), |(a, t)| (a, t));
    let Some((user_info, host)) = authority.rsplit_once('@') else {
        return url.to_string();
    };
    let Some((user, _password)) = user_info.split_once(':') else {
        return url.to_string();
    };
    let sep = if rest.contains('/') { "/" } else { "" };
    format!("{scheme}://{user}:***@{host}{sep}{tail}")
}

/// A person we talk to.
#[derive(Clone, Debug, PartialEq)]
pub struct Contact {
    pub id: i64,
    /// What the contact is stored under: the E.164 number, or `kiosk:<id>`.
    pub key: String,
    /// The phone number, for contacts that have one.
    pub phone: Option<PhoneNumber>,
    pub language: String,
    pub commune_insee: Option<String>,
    pub opted_out_at: Option<i64>,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// A help request.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HelpRequest {
    #[serde(skip)]
    pub id: i64,
    pub reference: String,
    #[serde(skip)]
    pub contact_id: Option<i64>,
    pub relais: String,
    pub category: String,
    pub commune_insee: String,
    pub urgency: String,
    /// The day asked for (`YYYY-MM-DD`, maybe `THH:MM`), when the person named one.
    pub wanted_on: Option<String>,
    pub details: Option<String>,
    pub recording_url: Option<String>,
    pub status: String,
    pub channel: String,
    /// The kiosk it was made at, if any.
    pub kiosk: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The name of who took it (a mediator, a partner), once taken.
    #[serde(skip)]
    pub taken_by: Option<String>,
    /// Who helps (`domain::lifecycle::Helper`), once help is found.
    #[serde(skip)]
    pub helper: Option<crate::domain::lifecycle::Helper>,
    /// The reason given when it was cancelled or found impossible.
    #[serde(skip)]
    pub status_note: Option<String>,
}

/// A help request about to be created.
#[derive(Clone, Debug)]
pub struct NewHelpRequest {
    pub contact_id: Option<i64>,
    pub relais: String,
    pub category: String,
    pub commune_insee: String,
    pub urgency: String,
    pub wanted_on: Option<String>,
    pub details: Option<String>,
    pub recording_url: Option<String>,
    pub channel: String,
    /// The kiosk it was made at.
    pub kiosk: Option<String>,
    pub now: i64,
}

/// A volunteering mission.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mission {
    pub id: i64,
    pub source: String,
    pub external_id: String,
    pub title: String,
    pub description: String,
    pub organization: String,
    pub domain: String,
    pub commune_insee: String,
    pub address: String,
    pub start_at: Option<String>,
    pub end_at: Option<String>,
    pub places_left: i64,
    pub created_at: i64,
    /// When anything of it last changed (places included).
    pub updated_at: i64,
    /// Closed by its source (no new sign-ups); missions are never deleted.
    pub closed_at: Option<i64>,
    /// How to reach the organisation by SMS (E.164), if it gave a number.
    #[serde(skip)]
    pub organization_phone: Option<String>,
    /// How to reach the organisation by e-mail, if it gave an address.
    #[serde(skip)]
    pub organization_email: Option<String>,
}

/// A mission to import (its `source` + `external_id` make it unique).
#[derive(Clone, Debug, serde::Deserialize)]
pub struct NewMission {
    pub source: String,
    pub external_id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub organization: String,
    pub domain: String,
    pub commune_insee: String,
    #[serde(default)]
    pub address: String,
    pub start_at: Option<String>,
    pub end_at: Option<String>,
    pub places_left: i64,
    /// The organisation's phone, told of each sign-up by SMS.
    #[serde(default)]
    pub organization_phone: Option<String>,
    /// The organisation's e-mail address, told of each sign-up (preferred to the phone).
    #[serde(default)]
    pub organization_email: Option<String>,
}

/// A sign-up to a mission.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Signup {
    #[serde(skip)]
    pub id: i64,
    pub mission_id: i64,
    #[serde(skip)]
    pub contact_id: i64,
    pub relais: String,
    pub status: String,
    pub channel: String,
    pub created_at: i64,
}

/// What signing up gave.
#[derive(Clone, Debug, PartialEq)]
pub enum SignupOutcome {
    Done(Signup),
    Already,
    Full,
}

/// A call-back request about to be recorded.
#[derive(Clone, Debug)]
pub struct NewCallback<'a> {
    pub contact_id: i64,
    pub relais: &'a str,
    /// Why: `asked`, `stuck`, `voice_message`, `voice_silent`, `call_abandoned`.
    pub reason: &'a str,
    pub channel: &'a str,
    pub recording_url: Option<&'a str>,
    /// Where the conversation stood and what was already said.
    pub context: Option<&'a str>,
    pub now: i64,
}

/// A message received or sent, for the record.
#[derive(Clone, Debug)]
pub struct NewMessage {
    pub contact_id: Option<i64>,
    pub relais: String,
    pub direction: &'static str,
    pub channel: String,
    pub provider_id: Option<String>,
    pub body: String,
    pub reply: Option<String>,
    pub segments: Option<i64>,
    pub status: &'static str,
    pub now: i64,
}

/// A relais as stored (set by the CLI).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredRelais {
    pub id: String,
    pub name: String,
    pub numbers: Vec<String>,
    pub communes: Vec<String>,
    pub help_line: Option<String>,
    pub opening_hours: String,
    /// `21:00-08:00`, `none`, or empty for the instance's default.
    pub quiet_hours: String,
}

/// A kiosk at a mairie, tied to a relais and a commune.
#[derive(Clone, Debug, PartialEq)]
pub struct Kiosk {
    pub id: String,
    pub relais: String,
    pub commune_insee: String,
    pub label: String,
    pub enrolled_at: Option<i64>,
}

/// Which page of a listing, 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub page: u32,
    pub per_page: u32,
}

impl Page {
    pub fn offset(self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.per_page)
    }
}

/// Filters for listing help requests.
#[derive(Clone, Debug, Default)]
pub struct RequestFilter {
    pub relais: Option<String>,
    pub status: Option<String>,
}

/// Work done in one transaction (a savepoint of a group commit): everything a turn reads and
/// writes. It runs on the store's writer; it must not wait on anything but the [`Tx`].
pub type Work =
    Box<dyn for<'a> FnOnce(&'a mut dyn Tx) -> futures::future::BoxFuture<'a, Result<()>> + Send>;

/// Runs `f` in one transaction of `store` and returns its result once durable.
pub async fn within<T, F>(store: &dyn Store, f: F) -> Result<T>
where
    T: Send + 'static,
    F: for<'a> FnOnce(&'a mut dyn Tx) -> futures::future::BoxFuture<'a, Result<T>> + Send + 'static,
{
    let slot = std::sync::Arc::new(std::sync::Mutex::new(None));
    let out = slot.clone();
    store
        .transact(Box::new(
            move |tx: &mut dyn Tx| -> futures::future::BoxFuture<'_, Result<()>> {
                Box::pin(async move {
                    let value = f(tx).await?;
                    if let Ok(mut s) = out.lock() {
                        *s = Some(value);
                    }
                    Ok(())
                })
            },
        ))
        .await?;
    let value = slot.lock().ok().and_then(|mut s| s.take());
    value.ok_or_else(|| StoreError::Corrupt("a transaction gave no result".into()))
}

/// One turn's transaction: everything a turn reads and writes, committed at once. Areas with
/// their own module add their part as supertraits.
#[async_trait]
pub trait Tx: OutboxTx + JobTx + SignupTx + RequestTx + AuditTx + MandateTx + Send {
    /// The reply already given to this provider message id, if it was handled.
    async fn replayed_reply(&mut self, provider_id: &str) -> Result<Option<String>>;
    /// The contact with this key (an E.164 number or `kiosk:<id>`), created if new.
    async fn contact(&mut self, key: &str, now: i64) -> Result<Contact>;
    async fn save_contact(&mut self, contact: &Contact, opt_out_method: Option<&str>)
    -> Result<()>;
    /// The session state (JSON) and its version.
    async fn session(&mut self, contact_id: i64, relais: &str) -> Result<Option<(String, i64)>>;
    /// Saves a session if its version is still `expected` (`None`: it must not exist yet).
    async fn save_session(
        &mut self,
        contact_id: i64,
        relais: &str,
        state: &str,
        expected: Option<i64>,
        now: i64,
    ) -> Result<()>;
    async fn record_message(&mut self, m: &NewMessage) -> Result<()>;
    /// Creates a help request with the first free reference among `candidates`.
    async fn create_help_request(
        &mut self,
        r: &NewHelpRequest,
        candidates: &[RefCode],
    ) -> Result<HelpRequest>;
    /// A contact's requests with a relais, newest first.
    async fn requests_of(&mut self, contact_id: i64, relais: &str) -> Result<Vec<HelpRequest>>;
    /// Missions still open (places left, not over) as of `today` (`YYYY-MM-DD`).
    async fn open_missions(&mut self, today: &str) -> Result<Vec<Mission>>;
    async fn mission(&mut self, id: i64) -> Result<Option<Mission>>;
    async fn sign_up(
        &mut self,
        mission_id: i64,
        contact_id: i64,
        relais: &str,
        channel: &str,
        now: i64,
    ) -> Result<SignupOutcome>;
    async fn create_callback(&mut self, c: &NewCallback<'_>) -> Result<i64>;
    /// Queues an SMS to send as soon as allowed (quiet hours apply); see
    /// [`OutboxTx::enqueue_message`] for the other options.
    async fn enqueue(
        &mut self,
        relais: &str,
        to: &str,
        body: &str,
        kind: &str,
        now: i64,
    ) -> Result<()> {
        self.enqueue_message(&NewOutbound::sms(relais, to, body, kind, now))
            .await
            .map(|_| ())
    }
    async fn follow_failures_since(&mut self, contact_id: i64, since: i64) -> Result<i64>;
    async fn record_follow_failure(&mut self, contact_id: i64, now: i64) -> Result<()>;
    /// Writes the readiness row: proves a turn can be stored and synced now.
    async fn touch_readiness(&mut self, now: i64) -> Result<()>;
    /// Records that the loop guard silenced a sender whose messages look automatic.
    async fn record_guard_trip(
        &mut self,
        contact_id: i64,
        relais: &str,
        channel: &str,
        now: i64,
    ) -> Result<()>;
    /// Erases what a contact said (messages, sessions, failed codes); the contact itself goes
    /// too unless requests, sign-ups or call-backs still point to it.
    async fn forget(&mut self, key: &str) -> Result<()>;
}

/// The storage API. Areas with their own module add their part as supertraits.
#[async_trait]
pub trait Store:
    OutboxStore
    + JobStore
    + SignupStore
    + RequestStore
    + AuditStore
    + MediatorStore
    + MandateStore
    + partners::PartnerStore
    + privacy::PrivacyStore
    + webhooks::WebhookStore
    + visits::VisitStore
    + Send
    + Sync
{
    /// Runs `work` atomically; returns once its writes are durable (committed and synced).
    async fn transact(&self, work: Work) -> Result<()>;
    async fn ping(&self) -> Result<()>;
    async fn help_requests(
        &self,
        filter: &RequestFilter,
        page: Page,
    ) -> Result<(Vec<HelpRequest>, i64)>;
    async fn help_request(&self, reference: &str) -> Result<Option<HelpRequest>>;
    async fn missions(&self, page: Page) -> Result<(Vec<Mission>, i64)>;
    async fn signups(&self, page: Page) -> Result<(Vec<Signup>, i64)>;
    async fn mission_count(&self) -> Result<i64>;
    /// Inserts or updates a mission by (source, external id); returns its id.
    async fn upsert_mission(&self, m: &NewMission, now: i64) -> Result<i64>;
    async fn stored_relais(&self) -> Result<Vec<StoredRelais>>;
    async fn save_relais(&self, r: &StoredRelais, now: i64) -> Result<()>;
    /// Writes a consistent copy of the database to a new file.
    async fn backup(&self, path: &std::path::Path) -> Result<()>;
    /// Registers a kiosk waiting to be enrolled with a one-time code (stored hashed).
    #[allow(clippy::too_many_arguments)]
    async fn create_kiosk(
        &self,
        id: &str,
        relais: &str,
        commune_insee: &str,
        label: &str,
        enrol_code_hash: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<()>;
    /// Uses a one-time code: the kiosk it names gets this token (hashed) and the code is
    /// spent. `None` when the code is unknown, spent or expired.
    async fn enrol_kiosk(
        &self,
        enrol_code_hash: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<Kiosk>>;
    /// The enrolled kiosk holding this token (hashed).
    async fn kiosk_by_token(&self, token_hash: &str) -> Result<Option<Kiosk>>;
    /// Records a call's status (Twilio's call status callback).
    async fn call_status(
        &self,
        call_sid: &str,
        relais: &str,
        status: &str,
        duration_secs: Option<i64>,
        now: i64,
    ) -> Result<()>;
    /// Marks the contact with this key as opted out (the provider reported 21610: the person
    /// replied STOP to the carrier).
    async fn mark_opted_out(&self, key: &str, method: &str, now: i64) -> Result<()>;
    /// A contact's language, without creating the contact.
    async fn contact_language(&self, key: &str) -> Result<Option<String>>;
    /// Counts rows of a table, for tests and operators.
    async fn count(&self, table: &str) -> Result<i64>;
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn a_database_password_never_reaches_a_log() {
        assert_eq!(
            redact_url("postgres://passerelle:s3cret@db.example:5432/passerelle?sslmode=require"),
            "postgres://passerelle:***@db.example:5432/passerelle?sslmode=require"
        );
        assert_eq!(
            redact_url("postgres://passerelle@127.0.0.1/passerelle"),
            "postgres://passerelle@127.0.0.1/passerelle"
        );
        assert_eq!(redact_url("sqlite:passerelle.db"), "sqlite:passerelle.db");
        assert_eq!(redact_url("postgres://u:p@h"), "postgres://u:***@h");
    }
}

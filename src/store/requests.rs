//! Storage of a help request's life after its creation (which stays with the turn,
//! [`super::Tx::create_help_request`]): each status change applied through the rules of
//! `domain::lifecycle` and recorded in `request_events` (who, when, from, to, note), notes,
//! and reading the history back.
//!
//! [`RequestTx::change_request_status`] is the one way a status changes: the resident's
//! cancel in a conversation, `passerelle requests set`, the console and the partner API all
//! go through it, inside their transaction.

use async_trait::async_trait;

use super::{HelpRequest, Result};
use crate::domain::lifecycle::{self, Actor, Change, Helper, LifecycleError, RequestStatus};

/// One line of a request's history.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestEvent {
    pub id: i64,
    pub request_id: i64,
    /// `status` (a change), `note`, `sms` (written to the resident), `call`.
    pub kind: String,
    pub actor: Actor,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: Option<String>,
    pub helper: Option<Helper>,
    pub at: i64,
}

/// A line about to be added to a request's history.
#[derive(Clone, Debug)]
pub struct NewRequestEvent<'a> {
    pub request_id: i64,
    pub kind: &'a str,
    pub actor: &'a Actor,
    pub from_status: Option<&'a str>,
    pub to_status: Option<&'a str>,
    pub note: Option<&'a str>,
    pub helper: Option<&'a Helper>,
    pub at: i64,
}

/// What a status change stores on the request itself, beside its status.
#[derive(Clone, Debug)]
pub struct StatusWrite<'a> {
    pub id: i64,
    pub from: &'a str,
    pub to: &'a str,
    /// Who took it (`to` = taken); kept afterwards.
    pub taken_by: Option<&'a Actor>,
    /// Who helps (`to` = matched).
    pub helper: Option<&'a Helper>,
    /// The reason, kept for `cancelled` and `impossible`.
    pub note: Option<&'a str>,
    pub now: i64,
}

/// Inside a transaction.
#[async_trait]
pub trait RequestTx: Send {
    async fn request_by_reference(&mut self, reference: &str) -> Result<Option<HelpRequest>>;
    /// Writes a new status if the request is still at `w.from`; false when someone else
    /// changed it first.
    async fn write_request_status(&mut self, w: &StatusWrite<'_>) -> Result<bool>;
    async fn add_request_event(&mut self, e: &NewRequestEvent<'_>) -> Result<i64>;
    /// The contact with this id (who asked), if it still exists.
    async fn contact_by_id(&mut self, id: i64) -> Result<Option<super::Contact>>;
    /// A request's history (status changes, notes), oldest first.
    async fn request_events(&mut self, request_id: i64) -> Result<Vec<RequestEvent>>;

    /// Moves the request `reference` to `to` if the lifecycle allows it for `actor`, and
    /// records the change. `note` is the reason (or a remark); `helper` who helps (matched).
    #[allow(clippy::too_many_arguments)]
    async fn change_request_status(
        &mut self,
        reference: &str,
        to: RequestStatus,
        actor: &Actor,
        note: Option<&str>,
        helper: Option<&Helper>,
        now: i64,
    ) -> std::result::Result<Change, LifecycleError> {
        let r = self
            .request_by_reference(reference)
            .await?
            .ok_or(LifecycleError::NotFound)?;
        let from = RequestStatus::parse(&r.status)
            .ok_or_else(|| LifecycleError::UnknownStatus(r.status.clone()))?;
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let change = lifecycle::transition(from, to, actor, note, helper)?;
        let written = self
            .write_request_status(&StatusWrite {
                id: r.id,
                from: from.as_str(),
                to: to.as_str(),
                taken_by: (to == RequestStatus::Taken).then_some(actor),
                helper: if to == RequestStatus::Matched {
                    helper
                } else {
                    None
                },
                note,
                now,
            })
            .await?;
        if !written {
            return Err(LifecycleError::Conflict);
        }
        self.add_request_event(&NewRequestEvent {
            request_id: r.id,
            kind: "status",
            actor,
            from_status: Some(from.as_str()),
            to_status: Some(to.as_str()),
            note,
            helper: if to == RequestStatus::Matched {
                helper
            } else {
                None
            },
            at: now,
        })
        .await?;
        Ok(change)
    }
}

/// A request with who asked and when it last had news, as the console and the command line
/// list it.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestRow {
    pub request: HelpRequest,
    /// The contact's key: an E.164 number, or `kiosk:<visit>` for a kiosk visit without one.
    pub contact_key: Option<String>,
    pub contact_language: Option<String>,
    /// The contact opted out of SMS.
    pub opted_out: bool,
    /// The commune of the kiosk it was made at, if any.
    pub kiosk_commune: Option<String>,
    /// The last event of its history, or its creation.
    pub last_news_at: i64,
}

/// Which requests to list.
#[derive(Clone, Debug, Default)]
pub struct RequestQuery {
    pub relais: Option<String>,
    pub status: Option<String>,
    pub commune: Option<String>,
    pub category: Option<String>,
    pub channel: Option<String>,
}

/// A message of a contact's conversation with a relais.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredMessage {
    /// `in` (from the person) or `out`.
    pub direction: String,
    pub channel: String,
    pub body: String,
    pub reply: Option<String>,
    pub status: String,
    pub at: i64,
}

/// A call-back request still waiting.
#[derive(Clone, Debug, PartialEq)]
pub struct CallbackRow {
    pub id: i64,
    pub relais: String,
    pub contact_key: String,
    pub reason: String,
    pub channel: String,
    pub recording_url: Option<String>,
    pub context: Option<String>,
    pub status: String,
    pub created_at: i64,
}

/// A message to a person that could not be delivered.
#[derive(Clone, Debug, PartialEq)]
pub struct Undelivered {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub status: String,
    pub dedupe_key: Option<String>,
    pub updated_at: i64,
}

/// The actor of a stored event.
pub(crate) fn stored_actor(kind: &str, id: Option<i64>, name: Option<String>) -> Result<Actor> {
    Actor::from_stored(kind, id, name)
        .ok_or_else(|| super::StoreError::Corrupt(format!("unknown actor kind {kind:?}")))
}

/// What both backends run as it is, each statement numbering its parameters in the order they
/// first appear (rusqlite binds `$n` by that order, sqlx by number).
pub(crate) mod sql {
    use crate::store::rows::REQUEST_COLUMNS;

    /// The columns of a [`super::RequestEvent`].
    pub const EVENT_COLUMNS: &str = "id, request_id, kind, actor_kind, actor_id, actor_name, from_status, \
         to_status, note, helper_kind, helper_name, helper_when, at";

    /// A request's history, oldest first. Binds: request_id.
    pub fn events() -> String {
        format!("SELECT {EVENT_COLUMNS} FROM request_events WHERE request_id = $1 ORDER BY at, id")
    }

    /// Binds: to, now, taken_by kind, id, name, helper kind, name, when, note, id, from.
    pub const WRITE_STATUS: &str = "UPDATE help_requests SET status = $1, updated_at = $2, \
         taken_by_kind = COALESCE($3, taken_by_kind), taken_by_id = COALESCE($4, taken_by_id), \
         taken_by_name = COALESCE($5, taken_by_name), \
         helper_kind = CASE WHEN $1 = 'matched' THEN $6 ELSE helper_kind END, \
         helper_name = CASE WHEN $1 = 'matched' THEN $7 ELSE helper_name END, \
         helper_when = CASE WHEN $1 = 'matched' THEN $8 ELSE helper_when END, \
         status_note = CASE WHEN $1 IN ('cancelled', 'impossible') THEN $9 ELSE status_note END \
         WHERE id = $10 AND status = $11";

    /// Binds: request_id, kind, actor kind, id, name, from, to, note, helper kind, name, when,
    /// at.
    pub const ADD_EVENT: &str = "INSERT INTO request_events (request_id, kind, actor_kind, actor_id, actor_name, \
         from_status, to_status, note, helper_kind, helper_name, helper_when, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id";

    /// A request with its contact and its last news (`r.` columns keep their names), for
    /// [`super::RequestRow`].
    pub fn row_select() -> String {
        let cols: Vec<String> = REQUEST_COLUMNS
            .split(", ")
            .map(|c| format!("r.{c}"))
            .collect();
        format!(
            "SELECT {}, c.phone AS contact_key, c.language AS contact_language, \
             c.opted_out_at AS contact_opted_out_at, \
             (SELECT k.commune_insee FROM kiosks k WHERE k.id = r.kiosk) AS kiosk_commune, \
             COALESCE((SELECT MAX(e.at) FROM request_events e WHERE e.request_id = r.id), r.created_at) AS last_news_at \
             FROM help_requests r LEFT JOIN contacts c ON c.id = r.contact_id",
            cols.join(", ")
        )
    }

    /// A [`super::CallbackRow`]'s `SELECT … FROM … JOIN …`.
    pub const CALLBACK_SELECT: &str = "SELECT b.id, b.relais, c.phone AS contact_key, b.reason, b.channel, \
         b.recording_url, b.context, b.status, b.created_at \
         FROM callback_requests b JOIN contacts c ON c.id = b.contact_id";

    /// Binds: id.
    pub const CLOSE_CALLBACK: &str = "UPDATE callback_requests SET status = 'done' WHERE id = $1";

    /// Binds: relais, limit.
    pub const UNDELIVERED: &str = "SELECT id, kind, recipient, status, dedupe_key, updated_at FROM outbox \
         WHERE relais = $1 AND channel = 'sms' AND status IN ('failed', 'unknown', 'expired') \
         ORDER BY updated_at DESC, id DESC LIMIT $2";
}

/// A [`RequestEvent`] from a sqlx row of either backend with [`sql::EVENT_COLUMNS`].
#[macro_export]
#[doc(hidden)]
macro_rules! request_event_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::requests::RequestEvent {
            id: r.try_get("id")?,
            request_id: r.try_get("request_id")?,
            kind: r.try_get("kind")?,
            actor: $crate::store::requests::stored_actor(
                &r.try_get::<String, _>("actor_kind")?,
                r.try_get("actor_id")?,
                r.try_get("actor_name")?,
            )?,
            from_status: r.try_get("from_status")?,
            to_status: r.try_get("to_status")?,
            note: r.try_get("note")?,
            helper: $crate::store::rows::helper_of(
                r.try_get("helper_kind")?,
                r.try_get("helper_name")?,
                r.try_get("helper_when")?,
            ),
            at: r.try_get("at")?,
        }
    }};
}

/// A [`RequestRow`] from a sqlx row of either backend read by [`sql::row_select`].
#[macro_export]
#[doc(hidden)]
macro_rules! request_list_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::requests::RequestRow {
            request: $crate::request_row!(r),
            contact_key: r.try_get("contact_key")?,
            contact_language: r.try_get("contact_language")?,
            opted_out: r
                .try_get::<Option<i64>, _>("contact_opted_out_at")?
                .is_some(),
            kiosk_commune: r.try_get("kiosk_commune")?,
            last_news_at: r.try_get("last_news_at")?,
        }
    }};
}

/// A [`CallbackRow`] from a sqlx row of either backend read by [`sql::CALLBACK_SELECT`].
#[macro_export]
#[doc(hidden)]
macro_rules! callback_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::requests::CallbackRow {
            id: r.try_get("id")?,
            relais: r.try_get("relais")?,
            contact_key: r.try_get("contact_key")?,
            reason: r.try_get("reason")?,
            channel: r.try_get("channel")?,
            recording_url: r.try_get("recording_url")?,
            context: r.try_get("context")?,
            status: r.try_get("status")?,
            created_at: r.try_get("created_at")?,
        }
    }};
}

/// An [`Undelivered`] from a sqlx row of either backend read by [`sql::UNDELIVERED`].
#[macro_export]
#[doc(hidden)]
macro_rules! undelivered_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::requests::Undelivered {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            recipient: r.try_get("recipient")?,
            status: r.try_get("status")?,
            dedupe_key: r.try_get("dedupe_key")?,
            updated_at: r.try_get("updated_at")?,
        }
    }};
}

/// A [`StoredMessage`] from a sqlx row of either backend (`created_at` is its time).
#[macro_export]
#[doc(hidden)]
macro_rules! stored_message_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::requests::StoredMessage {
            direction: r.try_get("direction")?,
            channel: r.try_get("channel")?,
            body: r.try_get("body")?,
            reply: r.try_get("reply")?,
            status: r.try_get("status")?,
            at: r.try_get("created_at")?,
        }
    }};
}

/// Reading outside a turn (the console, the command line).
#[async_trait]
pub trait RequestStore: Send + Sync {
    /// A request's history (status changes, notes), oldest first.
    async fn request_history(&self, request_id: i64) -> Result<Vec<RequestEvent>>;
    /// Requests matching `q`, newest first, at most `limit`.
    async fn request_rows(&self, q: &RequestQuery, limit: i64) -> Result<Vec<RequestRow>>;
    async fn request_row(&self, reference: &str) -> Result<Option<RequestRow>>;
    /// A contact's messages with a relais, oldest first (the last `limit`).
    async fn contact_messages(
        &self,
        contact_id: i64,
        relais: &str,
        limit: i64,
    ) -> Result<Vec<StoredMessage>>;
    /// Call-back requests of a relais still open, oldest first.
    async fn open_callbacks(&self, relais: &str) -> Result<Vec<CallbackRow>>;
    async fn callback(&self, id: i64) -> Result<Option<CallbackRow>>;
    /// Marks a call-back request done.
    async fn close_callback(&self, id: i64) -> Result<()>;
    /// SMS to people of a relais that failed, expired or whose fate is unknown, newest first.
    async fn undelivered(&self, relais: &str, limit: i64) -> Result<Vec<Undelivered>>;
}

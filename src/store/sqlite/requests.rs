//! SQLite side of a help request's life ([`crate::store::requests`]): status writes guarded by
//! the status read (a concurrent change loses), `request_events`, and what the console and the command line list (requests with
//! their contact, messages, call-backs, undelivered SMS).

use async_trait::async_trait;
use rusqlite::params;
use sqlx::Row;

use super::SqliteStore;
use super::writer::TurnTx;
use crate::domain::lifecycle::Actor;
use crate::store::requests::{
    CallbackRow, NewRequestEvent, RequestEvent, RequestQuery, RequestRow, RequestStore, RequestTx,
    StatusWrite, StoredMessage, Undelivered,
};
use crate::store::{HelpRequest, Result, StoreError};

const EVENT_COLUMNS: &str = "id, request_id, kind, actor_kind, actor_id, actor_name, from_status, \
     to_status, note, helper_kind, helper_name, helper_when, at";

/// A helper from its stored columns (none when no name was stored).

fn actor_of(kind: &str, id: Option<i64>, name: Option<String>) -> Result<Actor> {
    Actor::from_stored(kind, id, name)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown actor kind {kind:?}")))
}

/// An event and its actor's stored columns (checked by [`actor_of`] outside rusqlite).
type EventRow = (RequestEvent, String, Option<i64>, Option<String>);

fn event_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    Ok((
        RequestEvent {
            id: r.get("id")?,
            request_id: r.get("request_id")?,
            kind: r.get("kind")?,
            actor: Actor::System,
            from_status: r.get("from_status")?,
            to_status: r.get("to_status")?,
            note: r.get("note")?,
            helper: crate::store::rows::helper_of(
                r.get("helper_kind")?,
                r.get("helper_name")?,
                r.get("helper_when")?,
            ),
            at: r.get("at")?,
        },
        r.get("actor_kind")?,
        r.get("actor_id")?,
        r.get("actor_name")?,
    ))
}

#[async_trait]
impl RequestTx for TurnTx<'_> {
    async fn request_by_reference(&mut self, reference: &str) -> Result<Option<HelpRequest>> {
        use rusqlite::OptionalExtension;
        let sql = format!(
            "SELECT {} FROM help_requests WHERE reference = $1",
            super::writer::REQUEST_COLUMNS
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![reference], super::writer::request_from)
            .optional()?)
    }

    async fn write_request_status(&mut self, w: &StatusWrite<'_>) -> Result<bool> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE help_requests SET status = $1, updated_at = $2, \
                 taken_by_kind = COALESCE($3, taken_by_kind), taken_by_id = COALESCE($4, taken_by_id), \
                 taken_by_name = COALESCE($5, taken_by_name), \
                 helper_kind = CASE WHEN $1 = 'matched' THEN $6 ELSE helper_kind END, \
                 helper_name = CASE WHEN $1 = 'matched' THEN $7 ELSE helper_name END, \
                 helper_when = CASE WHEN $1 = 'matched' THEN $8 ELSE helper_when END, \
                 status_note = CASE WHEN $1 IN ('cancelled', 'impossible') THEN $9 ELSE status_note END \
                 WHERE id = $10 AND status = $11",
            )?
            .execute(params![
                w.to,
                w.now,
                w.taken_by.map(Actor::kind),
                w.taken_by.and_then(Actor::id),
                w.taken_by.and_then(Actor::name),
                w.helper.map(|h| h.kind.as_str()),
                w.helper.map(|h| h.name.as_str()),
                w.helper.and_then(|h| h.when.as_deref()),
                w.note,
                w.id,
                w.from
            ])?;
        Ok(n == 1)
    }

    async fn add_request_event(&mut self, e: &NewRequestEvent<'_>) -> Result<i64> {
        let id = self
            .conn
            .prepare_cached(
                "INSERT INTO request_events (request_id, kind, actor_kind, actor_id, actor_name, \
                 from_status, to_status, note, helper_kind, helper_name, helper_when, at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )?
            .query_row(
                params![
                    e.request_id,
                    e.kind,
                    e.actor.kind(),
                    e.actor.id(),
                    e.actor.name(),
                    e.from_status,
                    e.to_status,
                    e.note,
                    e.helper.map(|h| h.kind.as_str()),
                    e.helper.map(|h| h.name.as_str()),
                    e.helper.and_then(|h| h.when.as_deref()),
                    e.at
                ],
                |r| r.get(0),
            )?;
        Ok(id)
    }

    async fn contact_by_id(&mut self, id: i64) -> Result<Option<crate::store::Contact>> {
        use rusqlite::OptionalExtension;
        let sql = format!(
            "SELECT {} FROM contacts WHERE id = $1",
            super::writer::CONTACT_COLUMNS
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![id], super::writer::contact_from)
            .optional()?)
    }

    async fn request_events(&mut self, request_id: i64) -> Result<Vec<RequestEvent>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM request_events WHERE request_id = $1 ORDER BY at, id"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![request_id], event_from)?;
        let mut out = Vec::new();
        for row in rows {
            let (mut e, kind, id, name) = row?;
            e.actor = actor_of(&kind, id, name)?;
            out.push(e);
        }
        Ok(out)
    }
}

/// A request with its contact and its last news (`r.` columns keep their names).
fn row_select() -> String {
    let cols: Vec<String> = super::writer::REQUEST_COLUMNS
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

fn row_from(r: &sqlx::sqlite::SqliteRow) -> Result<RequestRow> {
    Ok(RequestRow {
        request: super::request_from(r)?,
        contact_key: r.try_get("contact_key")?,
        contact_language: r.try_get("contact_language")?,
        opted_out: r
            .try_get::<Option<i64>, _>("contact_opted_out_at")?
            .is_some(),
        kiosk_commune: r.try_get("kiosk_commune")?,
        last_news_at: r.try_get("last_news_at")?,
    })
}

const CALLBACK_SELECT: &str = "SELECT b.id, b.relais, c.phone AS contact_key, b.reason, b.channel, \
     b.recording_url, b.context, b.status, b.created_at \
     FROM callback_requests b JOIN contacts c ON c.id = b.contact_id";

fn callback_from(r: &sqlx::sqlite::SqliteRow) -> Result<CallbackRow> {
    Ok(CallbackRow {
        id: r.try_get("id")?,
        relais: r.try_get("relais")?,
        contact_key: r.try_get("contact_key")?,
        reason: r.try_get("reason")?,
        channel: r.try_get("channel")?,
        recording_url: r.try_get("recording_url")?,
        context: r.try_get("context")?,
        status: r.try_get("status")?,
        created_at: r.try_get("created_at")?,
    })
}

#[async_trait]
impl RequestStore for SqliteStore {
    async fn request_history(&self, request_id: i64) -> Result<Vec<RequestEvent>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {EVENT_COLUMNS} FROM request_events WHERE request_id = $1 ORDER BY at, id"
        )))
        .bind(request_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RequestEvent {
                    id: r.try_get("id")?,
                    request_id: r.try_get("request_id")?,
                    kind: r.try_get("kind")?,
                    actor: actor_of(
                        &r.try_get::<String, _>("actor_kind")?,
                        r.try_get("actor_id")?,
                        r.try_get("actor_name")?,
                    )?,
                    from_status: r.try_get("from_status")?,
                    to_status: r.try_get("to_status")?,
                    note: r.try_get("note")?,
                    helper: crate::store::rows::helper_of(
                        r.try_get("helper_kind")?,
                        r.try_get("helper_name")?,
                        r.try_get("helper_when")?,
                    ),
                    at: r.try_get("at")?,
                })
            })
            .collect()
    }

    async fn request_rows(&self, q: &RequestQuery, limit: i64) -> Result<Vec<RequestRow>> {
        let sql = format!(
            "{} WHERE ($1 IS NULL OR r.relais = $1) AND ($2 IS NULL OR r.status = $2) \
             AND ($3 IS NULL OR r.commune_insee = $3) AND ($4 IS NULL OR r.category = $4) \
             AND ($5 IS NULL OR r.channel = $5) ORDER BY r.created_at DESC, r.id DESC LIMIT $6",
            row_select()
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&q.relais)
            .bind(&q.status)
            .bind(&q.commune)
            .bind(&q.category)
            .bind(&q.channel)
            .bind(limit)
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(row_from).collect()
    }

    async fn request_row(&self, reference: &str) -> Result<Option<RequestRow>> {
        let sql = format!("{} WHERE r.reference = $1", row_select());
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(reference)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(row_from).transpose()
    }

    async fn contact_messages(
        &self,
        contact_id: i64,
        relais: &str,
        limit: i64,
    ) -> Result<Vec<StoredMessage>> {
        let rows = sqlx::query(
            "SELECT direction, channel, body, reply, status, created_at FROM \
             (SELECT * FROM messages WHERE contact_id = $1 AND relais = $2 \
              ORDER BY created_at DESC, id DESC LIMIT $3) ORDER BY created_at, id",
        )
        .bind(contact_id)
        .bind(relais)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredMessage {
                    direction: r.try_get("direction")?,
                    channel: r.try_get("channel")?,
                    body: r.try_get("body")?,
                    reply: r.try_get("reply")?,
                    status: r.try_get("status")?,
                    at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    async fn open_callbacks(&self, relais: &str) -> Result<Vec<CallbackRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{CALLBACK_SELECT} WHERE b.relais = $1 AND b.status = 'open' ORDER BY b.created_at, b.id LIMIT 200"
        )))
        .bind(relais)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(callback_from).collect()
    }

    async fn callback(&self, id: i64) -> Result<Option<CallbackRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{CALLBACK_SELECT} WHERE b.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(callback_from).transpose()
    }

    async fn close_callback(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE callback_requests SET status = 'done' WHERE id = $1")
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn undelivered(&self, relais: &str, limit: i64) -> Result<Vec<Undelivered>> {
        let rows = sqlx::query(
            "SELECT id, kind, recipient, status, dedupe_key, updated_at FROM outbox \
             WHERE relais = $1 AND channel = 'sms' AND status IN ('failed', 'unknown', 'expired') \
             ORDER BY updated_at DESC, id DESC LIMIT $2",
        )
        .bind(relais)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Undelivered {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    recipient: r.try_get("recipient")?,
                    status: r.try_get("status")?,
                    dedupe_key: r.try_get("dedupe_key")?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect()
    }
}

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
    StatusWrite, StoredMessage, Undelivered, sql, stored_actor,
};
use crate::store::{HelpRequest, Result};

/// An event and its actor's stored columns (checked by [`stored_actor`] outside rusqlite).
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
            .prepare_cached(sql::WRITE_STATUS)?
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
        let id = self.conn.prepare_cached(sql::ADD_EVENT)?.query_row(
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
        let mut st = self.conn.prepare_cached(&sql::events())?;
        let rows = st.query_map(params![request_id], event_from)?;
        let mut out = Vec::new();
        for row in rows {
            let (mut e, kind, id, name) = row?;
            e.actor = stored_actor(&kind, id, name)?;
            out.push(e);
        }
        Ok(out)
    }
}

fn row_from(r: &sqlx::sqlite::SqliteRow) -> Result<RequestRow> {
    Ok(crate::request_list_row!(r))
}

fn callback_from(r: &sqlx::sqlite::SqliteRow) -> Result<CallbackRow> {
    Ok(crate::callback_row!(r))
}

#[async_trait]
impl RequestStore for SqliteStore {
    async fn request_history(&self, request_id: i64) -> Result<Vec<RequestEvent>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql::events()))
            .bind(request_id)
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(|r| Ok(crate::request_event_row!(r)))
            .collect()
    }

    async fn request_rows(&self, q: &RequestQuery, limit: i64) -> Result<Vec<RequestRow>> {
        let query = format!(
            "{} WHERE ($1 IS NULL OR r.relais = $1) AND ($2 IS NULL OR r.status = $2) \
             AND ($3 IS NULL OR r.commune_insee = $3) AND ($4 IS NULL OR r.category = $4) \
             AND ($5 IS NULL OR r.channel = $5) ORDER BY r.created_at DESC, r.id DESC LIMIT $6",
            sql::row_select()
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(query))
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
        let query = format!("{} WHERE r.reference = $1", sql::row_select());
        let row = sqlx::query(sqlx::AssertSqlSafe(query))
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
            .map(|r| Ok(crate::stored_message_row!(r)))
            .collect::<Result<Vec<StoredMessage>>>()
    }

    async fn open_callbacks(&self, relais: &str) -> Result<Vec<CallbackRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{} WHERE b.relais = $1 AND b.status = 'open' ORDER BY b.created_at, b.id LIMIT 200",
            sql::CALLBACK_SELECT
        )))
        .bind(relais)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(callback_from).collect()
    }

    async fn callback(&self, id: i64) -> Result<Option<CallbackRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{} WHERE b.id = $1",
            sql::CALLBACK_SELECT
        )))
        .bind(id)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(callback_from).transpose()
    }

    async fn close_callback(&self, id: i64) -> Result<()> {
        sqlx::query(sql::CLOSE_CALLBACK)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn undelivered(&self, relais: &str, limit: i64) -> Result<Vec<Undelivered>> {
        let rows = sqlx::query(sql::UNDELIVERED)
            .bind(relais)
            .bind(limit)
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(|r| Ok(crate::undelivered_row!(r)))
            .collect::<Result<Vec<Undelivered>>>()
    }
}

//! PostgreSQL side of a help request's life ([`crate::store::requests`]): status writes
//! guarded by the status read (of two concurrent changes, the second waits for the first's
//! row lock, then finds the status moved and loses), `request_events`, and what the console
//! and the command line list. The statements both backends share are in
//! [`crate::store::requests::sql`].

use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, Row};

use super::turn::PgTx;
use super::{PgStore, request_from};
use crate::domain::lifecycle::Actor;
use crate::store::requests::{
    CallbackRow, NewRequestEvent, RequestEvent, RequestQuery, RequestRow, RequestStore, RequestTx,
    StatusWrite, StoredMessage, Undelivered, sql,
};
use crate::store::rows::{CONTACT_COLUMNS, REQUEST_COLUMNS};
use crate::store::{Contact, HelpRequest, Result};

fn event_from(r: &PgRow) -> Result<RequestEvent> {
    Ok(crate::request_event_row!(r))
}

fn row_from(r: &PgRow) -> Result<RequestRow> {
    Ok(crate::request_list_row!(r))
}

fn callback_from(r: &PgRow) -> Result<CallbackRow> {
    Ok(crate::callback_row!(r))
}

fn contact_from(r: &PgRow) -> Result<Contact> {
    Ok(crate::contact_row!(r))
}

#[async_trait]
impl RequestTx for PgTx<'_> {
    async fn request_by_reference(&mut self, reference: &str) -> Result<Option<HelpRequest>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {REQUEST_COLUMNS} FROM help_requests WHERE reference = $1"
        )))
        .bind(reference)
        .fetch_optional(&mut *self.conn)
        .await?;
        row.as_ref().map(request_from).transpose()
    }

    async fn write_request_status(&mut self, w: &StatusWrite<'_>) -> Result<bool> {
        let done = sqlx::query(sql::WRITE_STATUS)
            .bind(w.to)
            .bind(w.now)
            .bind(w.taken_by.map(Actor::kind))
            .bind(w.taken_by.and_then(Actor::id))
            .bind(w.taken_by.and_then(Actor::name))
            .bind(w.helper.map(|h| h.kind.as_str()))
            .bind(w.helper.map(|h| h.name.as_str()))
            .bind(w.helper.and_then(|h| h.when.as_deref()))
            .bind(w.note)
            .bind(w.id)
            .bind(w.from)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn add_request_event(&mut self, e: &NewRequestEvent<'_>) -> Result<i64> {
        let row = sqlx::query(sql::ADD_EVENT)
            .bind(e.request_id)
            .bind(e.kind)
            .bind(e.actor.kind())
            .bind(e.actor.id())
            .bind(e.actor.name())
            .bind(e.from_status)
            .bind(e.to_status)
            .bind(e.note)
            .bind(e.helper.map(|h| h.kind.as_str()))
            .bind(e.helper.map(|h| h.name.as_str()))
            .bind(e.helper.and_then(|h| h.when.as_deref()))
            .bind(e.at)
            .fetch_one(&mut *self.conn)
            .await?;
        Ok(row.try_get("id")?)
    }

    async fn contact_by_id(&mut self, id: i64) -> Result<Option<Contact>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *self.conn)
        .await?;
        row.as_ref().map(contact_from).transpose()
    }

    async fn request_events(&mut self, request_id: i64) -> Result<Vec<RequestEvent>> {
        let rows = sqlx::query(AssertSqlSafe(sql::events()))
            .bind(request_id)
            .fetch_all(&mut *self.conn)
            .await?;
        rows.iter().map(event_from).collect()
    }
}

#[async_trait]
impl RequestStore for PgStore {
    async fn request_history(&self, request_id: i64) -> Result<Vec<RequestEvent>> {
        let rows = sqlx::query(AssertSqlSafe(sql::events()))
            .bind(request_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(event_from).collect()
    }

    async fn request_rows(&self, q: &RequestQuery, limit: i64) -> Result<Vec<RequestRow>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE ($1::text IS NULL OR r.relais = $1) AND ($2::text IS NULL OR r.status = $2) \
             AND ($3::text IS NULL OR r.commune_insee = $3) AND ($4::text IS NULL OR r.category = $4) \
             AND ($5::text IS NULL OR r.channel = $5) ORDER BY r.created_at DESC, r.id DESC LIMIT $6",
            sql::row_select()
        )))
        .bind(&q.relais)
        .bind(&q.status)
        .bind(&q.commune)
        .bind(&q.category)
        .bind(&q.channel)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row_from).collect()
    }

    async fn request_row(&self, reference: &str) -> Result<Option<RequestRow>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE r.reference = $1",
            sql::row_select()
        )))
        .bind(reference)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(row_from).transpose()
    }

    async fn contact_messages(
        &self,
        contact_id: i64,
        relais: &str,
        limit: i64,
    ) -> Result<Vec<StoredMessage>> {
        // PostgreSQL names every subquery in FROM.
        let rows = sqlx::query(
            "SELECT direction, channel, body, reply, status, created_at FROM \
             (SELECT * FROM messages WHERE contact_id = $1 AND relais = $2 \
              ORDER BY created_at DESC, id DESC LIMIT $3) AS latest ORDER BY created_at, id",
        )
        .bind(contact_id)
        .bind(relais)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok(crate::stored_message_row!(r)))
            .collect::<Result<Vec<StoredMessage>>>()
    }

    async fn open_callbacks(&self, relais: &str) -> Result<Vec<CallbackRow>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE b.relais = $1 AND b.status = 'open' ORDER BY b.created_at, b.id LIMIT 200",
            sql::CALLBACK_SELECT
        )))
        .bind(relais)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(callback_from).collect()
    }

    async fn callback(&self, id: i64) -> Result<Option<CallbackRow>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE b.id = $1",
            sql::CALLBACK_SELECT
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(callback_from).transpose()
    }

    async fn close_callback(&self, id: i64) -> Result<()> {
        sqlx::query(sql::CLOSE_CALLBACK)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn undelivered(&self, relais: &str, limit: i64) -> Result<Vec<Undelivered>> {
        let rows = sqlx::query(sql::UNDELIVERED)
            .bind(relais)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok(crate::undelivered_row!(r)))
            .collect::<Result<Vec<Undelivered>>>()
    }
}

//! SQLite side of a help request's life ([`crate::store::requests`]): status writes guarded by
//! the status read (a concurrent change loses), and `request_events`.

use async_trait::async_trait;
use rusqlite::params;
use sqlx::Row;

use super::SqliteStore;
use super::writer::TurnTx;
use crate::domain::lifecycle::{Actor, Helper, HelperKind};
use crate::store::requests::{NewRequestEvent, RequestEvent, RequestStore, RequestTx, StatusWrite};
use crate::store::{HelpRequest, Result, StoreError};

const EVENT_COLUMNS: &str = "id, request_id, kind, actor_kind, actor_id, actor_name, from_status, \
     to_status, note, helper_kind, helper_name, helper_when, at";

/// A helper from its stored columns (none when no name was stored).
pub(super) fn helper_of(
    kind: Option<String>,
    name: Option<String>,
    when: Option<String>,
) -> Option<Helper> {
    Some(Helper {
        kind: kind
            .as_deref()
            .and_then(HelperKind::parse)
            .unwrap_or(HelperKind::Person),
        name: name?,
        when,
    })
}

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
            helper: helper_of(
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
                    helper: helper_of(
                        r.try_get("helper_kind")?,
                        r.try_get("helper_name")?,
                        r.try_get("helper_when")?,
                    ),
                    at: r.try_get("at")?,
                })
            })
            .collect()
    }
}

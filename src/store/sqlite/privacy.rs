//! SQLite side of one person's data: export as JSON, erase in one transaction (with its audit
//! entry); retention: each relais's own periods, forgetting what is older.

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use sqlx::{Column, Row, TypeInfo, ValueRef};

use super::SqliteStore;
use crate::domain::retention::OwnPeriods;
use crate::store::Result;
use crate::store::audit::NewAudit;
use crate::store::privacy::{Cutoff, Erased, PrivacyStore, Scope};

/// Where a contact's data lives: table and the condition on `$1` (the contact's id) or `$2`
/// (their number).
const HELD: &[(&str, &str)] = &[
    ("contacts", "id = $1"),
    ("sessions", "contact_id = $1"),
    ("messages", "contact_id = $1"),
    ("calls", "contact_id = $1"),
    ("help_requests", "contact_id = $1"),
    (
        "request_events",
        "request_id IN (SELECT id FROM help_requests WHERE contact_id = $1)",
    ),
    ("callback_requests", "contact_id = $1"),
    ("signups", "contact_id = $1"),
    (
        "signup_changes",
        "signup_id IN (SELECT id FROM signups WHERE contact_id = $1)",
    ),
    ("mandates", "contact_id = $1"),
    ("guard_trips", "contact_id = $1"),
    ("follow_failures", "contact_id = $1"),
    ("outbox", "recipient = $2"),
    ("audit_log", "contact_id = $1"),
];

/// What erasing does, in order (`$1` the contact's id, `$2` its number, `$3` now, `$4` the
/// number as written in texts to the team, `06 12 34 56 78`).
const ERASE: &[(&str, &str)] = &[
    ("sessions", "DELETE FROM sessions WHERE contact_id = $1"),
    (
        "messages",
        "UPDATE messages SET body = '', reply = NULL, error = NULL WHERE contact_id = $1",
    ),
    (
        "help_requests",
        "UPDATE help_requests SET details = NULL, recording_url = NULL, status_note = NULL, \
         updated_at = $3 WHERE contact_id = $1",
    ),
    (
        "request_events",
        "UPDATE request_events SET note = NULL \
         WHERE request_id IN (SELECT id FROM help_requests WHERE contact_id = $1)",
    ),
    (
        "callback_requests",
        "UPDATE callback_requests SET recording_url = NULL, context = NULL, updated_at = $3 \
         WHERE contact_id = $1",
    ),
    (
        "signups",
        "UPDATE signups SET note = NULL WHERE contact_id = $1",
    ),
    (
        "signup_changes",
        "UPDATE signup_changes SET note = NULL \
         WHERE signup_id IN (SELECT id FROM signups WHERE contact_id = $1)",
    ),
    (
        "mandates",
        "UPDATE mandates SET resident_name = NULL WHERE contact_id = $1",
    ),
    (
        "guard_trips",
        "DELETE FROM guard_trips WHERE contact_id = $1",
    ),
    (
        "follow_failures",
        "DELETE FROM follow_failures WHERE contact_id = $1",
    ),
    // Nothing waiting is sent any more; what was sent keeps its count, not its words.
    (
        "outbox",
        "UPDATE outbox SET status = CASE WHEN status IN ('pending', 'claimed') THEN 'cancelled' \
         ELSE status END, recipient = 'erased', subject = NULL, body = '', updated_at = $3 \
         WHERE recipient = $2",
    ),
    // A kiosk visit where the number was typed.
    (
        "kiosk_visits",
        "UPDATE kiosk_visits SET state = '{}' WHERE instr(state, $2) > 0",
    ),
    // The team's notices name the number to ring back.
    (
        "outbox",
        "UPDATE outbox SET body = '', updated_at = $3 \
         WHERE instr(body, $4) > 0 OR instr(body, $2) > 0",
    ),
    // The contact row stays (requests and sign-ups point to it) without its number, and is
    // marked opted out so that nothing can be sent to it.
    (
        "contacts",
        "UPDATE contacts SET phone = 'erased:' || id, commune_insee = NULL, \
         opted_out_at = $3, opt_out_method = 'erased' WHERE id = $1",
    ),
];

/// What retention forgets: `$1` the conversations' cut-off, `$2` the requests' cut-off, `$3`
/// now, `{scope}` the relais (a condition on `$4`). Notes go before their requests, whose
/// `updated_at` is then now.
const FORGET: &[(&str, &str)] = &[
    (
        "messages",
        "UPDATE messages SET body = '', reply = NULL, error = NULL \
         WHERE created_at < $1 AND (body <> '' OR reply IS NOT NULL OR error IS NOT NULL) \
         AND {scope}",
    ),
    (
        "sessions",
        "DELETE FROM sessions WHERE updated_at < $1 AND {scope}",
    ),
    (
        "callback_requests",
        "UPDATE callback_requests SET recording_url = NULL, context = NULL, updated_at = $3 \
         WHERE created_at < $1 AND status <> 'open' \
         AND (recording_url IS NOT NULL OR context IS NOT NULL) AND {scope}",
    ),
    (
        "outbox",
        "UPDATE outbox SET body = '', recipient = 'expired', subject = NULL, updated_at = $3 \
         WHERE created_at < $1 AND status NOT IN ('pending', 'claimed', 'sending') \
         AND recipient <> 'expired' AND {scope}",
    ),
    (
        "request_events",
        "UPDATE request_events SET note = NULL WHERE note IS NOT NULL AND request_id IN \
         (SELECT id FROM help_requests WHERE updated_at < $2 \
          AND status IN ('done', 'cancelled', 'impossible') AND {scope})",
    ),
    (
        "help_requests",
        "UPDATE help_requests SET details = NULL, recording_url = NULL, status_note = NULL, \
         updated_at = $3 WHERE updated_at < $2 AND status IN ('done', 'cancelled', 'impossible') \
         AND (details IS NOT NULL OR recording_url IS NOT NULL OR status_note IS NOT NULL) \
         AND {scope}",
    ),
];

/// The condition on `relais` a rule covers, and the value bound to `$4`.
fn scope_sql(scope: &Scope) -> (&'static str, String) {
    match scope {
        Scope::One(id) => ("relais = $4", id.clone()),
        Scope::AllBut(ids) => (
            "relais NOT IN (SELECT value FROM json_each($4))",
            serde_json::Value::from(ids.clone()).to_string(),
        ),
    }
}

/// The erasure's audit entry.
const AUDIT: &str = "INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, relais, \
     contact_id, request_reference, action, mandate_id, detail) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

/// A row as JSON: integers, reals, text, null.
fn row_json(r: &SqliteRow) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for col in r.columns() {
        let i = col.ordinal();
        let raw = r.try_get_raw(i).ok();
        let value = match raw {
            Some(v) if v.is_null() => serde_json::Value::Null,
            Some(v) => match v.type_info().name() {
                "INTEGER" => r
                    .try_get::<i64, _>(i)
                    .map(serde_json::Value::from)
                    .unwrap_or_default(),
                "REAL" => r
                    .try_get::<f64, _>(i)
                    .map(serde_json::Value::from)
                    .unwrap_or_default(),
                _ => r
                    .try_get::<String, _>(i)
                    .map(serde_json::Value::from)
                    .unwrap_or_default(),
            },
            None => serde_json::Value::Null,
        };
        out.insert(col.name().to_string(), value);
    }
    serde_json::Value::Object(out)
}

impl SqliteStore {
    async fn contact_id(&self, phone: &str) -> Result<Option<i64>> {
        Ok(sqlx::query("SELECT id FROM contacts WHERE phone = $1")
            .bind(phone)
            .fetch_optional(&self.reader)
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?)
    }
}

#[async_trait]
impl PrivacyStore for SqliteStore {
    async fn export_contact(&self, phone: &str) -> Result<Option<serde_json::Value>> {
        let Some(id) = self.contact_id(phone).await? else {
            return Ok(None);
        };
        let mut out = serde_json::Map::new();
        for (table, condition) in HELD {
            // Table names and conditions are the constants above, never input.
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT * FROM {table} WHERE {condition}"
            )))
            .bind(id)
            .bind(phone)
            .fetch_all(&self.reader)
            .await?;
            out.insert(
                (*table).to_string(),
                serde_json::Value::Array(rows.iter().map(row_json).collect()),
            );
        }
        Ok(Some(serde_json::Value::Object(out)))
    }

    async fn forget_before(&self, cutoffs: &[Cutoff], now: i64) -> Result<Erased> {
        let mut tx = self.writer.begin().await?;
        let mut forgotten = Erased::default();
        for cut in cutoffs {
            let (scope, value) = scope_sql(&cut.scope);
            for (table, sql) in FORGET {
                // The statements and the scope are the constants above, never input.
                let done = sqlx::query(sqlx::AssertSqlSafe(sql.replace("{scope}", scope)))
                    .bind(cut.conversations_before)
                    .bind(cut.requests_before)
                    .bind(now)
                    .bind(&value)
                    .execute(&mut *tx)
                    .await?;
                forgotten.add(table, done.rows_affected());
            }
        }
        tx.commit().await?;
        Ok(forgotten)
    }

    async fn erase_contact(
        &self,
        phone: &str,
        written: &str,
        audit: &NewAudit<'_>,
    ) -> Result<Option<Erased>> {
        let Some(id) = self.contact_id(phone).await? else {
            return Ok(None);
        };
        let now = audit.at;
        let mut tx = self.writer.begin().await?;
        let mut erased = Erased::default();
        for (table, sql) in ERASE {
            let done = sqlx::query(*sql)
                .bind(id)
                .bind(phone)
                .bind(now)
                .bind(written)
                .execute(&mut *tx)
                .await?;
            erased.add(table, done.rows_affected());
        }
        sqlx::query(AUDIT)
            .bind(audit.at)
            .bind(audit.actor.kind())
            .bind(audit.actor.id())
            .bind(audit.actor.name())
            .bind(audit.relais)
            .bind(id)
            .bind(audit.request_reference)
            .bind(audit.action)
            .bind(audit.mandate_id)
            .bind(audit.detail)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(erased))
    }

    async fn relais_retention(&self) -> Result<Vec<(String, OwnPeriods)>> {
        let rows =
            sqlx::query("SELECT id, conversation_days, request_days FROM relais ORDER BY id")
                .fetch_all(&self.reader)
                .await?;
        rows.iter()
            .map(|r| {
                let days = |name: &str| -> Result<Option<u32>> {
                    let v: Option<i64> = r.try_get(name)?;
                    Ok(v.and_then(|d| u32::try_from(d).ok()))
                };
                Ok((
                    r.try_get("id")?,
                    OwnPeriods {
                        conversation_days: days("conversation_days")?,
                        request_days: days("request_days")?,
                    },
                ))
            })
            .collect()
    }

    async fn save_relais_retention(&self, id: &str, own: OwnPeriods, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE relais SET conversation_days = $2, request_days = $3, updated_at = $4 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(own.conversation_days.map(i64::from))
        .bind(own.request_days.map(i64::from))
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

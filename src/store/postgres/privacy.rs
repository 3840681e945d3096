//! PostgreSQL side of one person's data ([`crate::store::privacy`]), the same contract as
//! SQLite's: export as JSON (each table's rows through `json_agg`), erase in one transaction
//! with its audit entry (the audit log's triggers refuse any change to what it holds: its
//! entries stay), and retention: each relais's own periods, forgetting what is older.
//!
//! PostgreSQL wants every statement's parameters numbered `$1…$n` with none left unused, so
//! each statement below lists what it binds, in order.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{AssertSqlSafe, Postgres};

use super::PgStore;
use crate::domain::retention::OwnPeriods;
use crate::store::Result;
use crate::store::audit::NewAudit;
use crate::store::privacy::{Cutoff, Erased, PrivacyStore, Scope};

/// What a statement binds, in the order of its `$n`.
#[derive(Clone, Copy)]
enum P {
    /// The contact's id.
    Id,
    /// Their number (E.164).
    Phone,
    /// Now.
    Now,
    /// Their number as texts to the team write it (`06 12 34 56 78`).
    Written,
    /// Retention: the conversations' cut-off.
    Conversations,
    /// Retention: the requests' cut-off.
    Requests,
    /// Retention: the relais covered (an id, or a JSON array of those excluded).
    Scope,
}

/// Where a contact's data lives: table, condition, and what `$1` is.
const HELD: &[(&str, &str, P)] = &[
    ("contacts", "id = $1", P::Id),
    ("sessions", "contact_id = $1", P::Id),
    ("messages", "contact_id = $1", P::Id),
    ("calls", "contact_id = $1", P::Id),
    ("help_requests", "contact_id = $1", P::Id),
    (
        "request_events",
        "request_id IN (SELECT id FROM help_requests WHERE contact_id = $1)",
        P::Id,
    ),
    ("callback_requests", "contact_id = $1", P::Id),
    ("signups", "contact_id = $1", P::Id),
    (
        "signup_changes",
        "signup_id IN (SELECT id FROM signups WHERE contact_id = $1)",
        P::Id,
    ),
    ("mandates", "contact_id = $1", P::Id),
    ("guard_trips", "contact_id = $1", P::Id),
    ("follow_failures", "contact_id = $1", P::Id),
    ("outbox", "recipient = $1", P::Phone),
    ("audit_log", "contact_id = $1", P::Id),
];

/// What erasing does, in order.
const ERASE: &[(&str, &str, &[P])] = &[
    (
        "sessions",
        "DELETE FROM sessions WHERE contact_id = $1",
        &[P::Id],
    ),
    (
        "messages",
        "UPDATE messages SET body = '', reply = NULL, error = NULL WHERE contact_id = $1",
        &[P::Id],
    ),
    (
        "help_requests",
        "UPDATE help_requests SET details = NULL, recording_url = NULL, status_note = NULL, \
         updated_at = $2 WHERE contact_id = $1",
        &[P::Id, P::Now],
    ),
    (
        "request_events",
        "UPDATE request_events SET note = NULL \
         WHERE request_id IN (SELECT id FROM help_requests WHERE contact_id = $1)",
        &[P::Id],
    ),
    (
        "callback_requests",
        "UPDATE callback_requests SET recording_url = NULL, context = NULL, updated_at = $2 \
         WHERE contact_id = $1",
        &[P::Id, P::Now],
    ),
    (
        "signups",
        "UPDATE signups SET note = NULL WHERE contact_id = $1",
        &[P::Id],
    ),
    (
        "signup_changes",
        "UPDATE signup_changes SET note = NULL \
         WHERE signup_id IN (SELECT id FROM signups WHERE contact_id = $1)",
        &[P::Id],
    ),
    (
        "mandates",
        "UPDATE mandates SET resident_name = NULL WHERE contact_id = $1",
        &[P::Id],
    ),
    (
        "guard_trips",
        "DELETE FROM guard_trips WHERE contact_id = $1",
        &[P::Id],
    ),
    (
        "follow_failures",
        "DELETE FROM follow_failures WHERE contact_id = $1",
        &[P::Id],
    ),
    // Nothing waiting is sent any more; what was sent keeps its count, not its words.
    (
        "outbox",
        "UPDATE outbox SET status = CASE WHEN status IN ('pending', 'claimed') THEN 'cancelled' \
         ELSE status END, recipient = 'erased', subject = NULL, body = '', updated_at = $2 \
         WHERE recipient = $1",
        &[P::Phone, P::Now],
    ),
    // A kiosk visit where the number was typed.
    (
        "kiosk_visits",
        "UPDATE kiosk_visits SET state = '{}' WHERE strpos(state, $1) > 0",
        &[P::Phone],
    ),
    // The team's notices name the number to ring back.
    (
        "outbox",
        "UPDATE outbox SET body = '', updated_at = $3 \
         WHERE strpos(body, $1) > 0 OR strpos(body, $2) > 0",
        &[P::Written, P::Phone, P::Now],
    ),
    // The contact row stays (requests and sign-ups point to it) without its number, and is
    // marked opted out so that nothing can be sent to it.
    (
        "contacts",
        "UPDATE contacts SET phone = 'erased:' || id, commune_insee = NULL, \
         opted_out_at = $2, opt_out_method = 'erased' WHERE id = $1",
        &[P::Id, P::Now],
    ),
];

/// What retention forgets; `{scope}` is the condition on the relais (on `$` the position of
/// [`P::Scope`]). Notes go before their requests, whose `updated_at` is then now.
const FORGET: &[(&str, &str, &[P])] = &[
    (
        "messages",
        "UPDATE messages SET body = '', reply = NULL, error = NULL \
         WHERE created_at < $1 AND (body <> '' OR reply IS NOT NULL OR error IS NOT NULL) \
         AND {scope}",
        &[P::Conversations, P::Scope],
    ),
    (
        "sessions",
        "DELETE FROM sessions WHERE updated_at < $1 AND {scope}",
        &[P::Conversations, P::Scope],
    ),
    (
        "callback_requests",
        "UPDATE callback_requests SET recording_url = NULL, context = NULL, updated_at = $2 \
         WHERE created_at < $1 AND status <> 'open' \
         AND (recording_url IS NOT NULL OR context IS NOT NULL) AND {scope}",
        &[P::Conversations, P::Now, P::Scope],
    ),
    (
        "outbox",
        "UPDATE outbox SET body = '', recipient = 'expired', subject = NULL, updated_at = $2 \
         WHERE created_at < $1 AND status NOT IN ('pending', 'claimed', 'sending') \
         AND recipient <> 'expired' AND {scope}",
        &[P::Conversations, P::Now, P::Scope],
    ),
    (
        "request_events",
        "UPDATE request_events SET note = NULL WHERE note IS NOT NULL AND request_id IN \
         (SELECT id FROM help_requests WHERE updated_at < $1 \
          AND status IN ('done', 'cancelled', 'impossible') AND {scope})",
        &[P::Requests, P::Scope],
    ),
    (
        "help_requests",
        "UPDATE help_requests SET details = NULL, recording_url = NULL, status_note = NULL, \
         updated_at = $2 WHERE updated_at < $1 AND status IN ('done', 'cancelled', 'impossible') \
         AND (details IS NOT NULL OR recording_url IS NOT NULL OR status_note IS NOT NULL) \
         AND {scope}",
        &[P::Requests, P::Now, P::Scope],
    ),
];

/// The erasure's audit entry.
const AUDIT: &str = "INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, relais, \
     contact_id, request_reference, action, mandate_id, detail) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

/// The values a statement may bind.
struct Values<'a> {
    id: i64,
    phone: &'a str,
    written: &'a str,
    now: i64,
    conversations: i64,
    requests: i64,
    scope: String,
}

impl Values<'_> {
    fn bind<'q>(
        &'q self,
        mut q: Query<'q, Postgres, PgArguments>,
        params: &[P],
    ) -> Query<'q, Postgres, PgArguments> {
        for p in params {
            q = match p {
                P::Id => q.bind(self.id),
                P::Phone => q.bind(self.phone),
                P::Written => q.bind(self.written),
                P::Now => q.bind(self.now),
                P::Conversations => q.bind(self.conversations),
                P::Requests => q.bind(self.requests),
                P::Scope => q.bind(self.scope.as_str()),
            };
        }
        q
    }
}

/// The condition on `relais` a rule covers (on `$n`), and the value bound there.
fn scope_sql(scope: &Scope, n: usize) -> (String, String) {
    match scope {
        Scope::One(id) => (format!("relais = ${n}"), id.clone()),
        Scope::AllBut(ids) => (
            format!("relais NOT IN (SELECT jsonb_array_elements_text(${n}::jsonb))"),
            serde_json::Value::from(ids.clone()).to_string(),
        ),
    }
}

impl PgStore {
    async fn contact_id(&self, phone: &str) -> Result<Option<i64>> {
        Ok(sqlx::query("SELECT id FROM contacts WHERE phone = $1")
            .bind(phone)
            .fetch_optional(self.pool())
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?)
    }
}

#[async_trait]
impl PrivacyStore for PgStore {
    async fn export_contact(&self, phone: &str) -> Result<Option<serde_json::Value>> {
        let Some(id) = self.contact_id(phone).await? else {
            return Ok(None);
        };
        let values = Values {
            id,
            phone,
            written: "",
            now: 0,
            conversations: 0,
            requests: 0,
            scope: String::new(),
        };
        let mut out = serde_json::Map::new();
        for (table, condition, param) in HELD {
            // Table names and conditions are the constants above, never input.
            let sql = format!(
                "SELECT COALESCE(json_agg(t), '[]'::json)::text AS rows \
                 FROM (SELECT * FROM {table} WHERE {condition}) t"
            );
            let row = values
                .bind(sqlx::query(AssertSqlSafe(sql)), &[*param])
                .fetch_one(self.pool())
                .await?;
            let text: String = row.try_get("rows")?;
            let rows: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| crate::store::StoreError::Corrupt(format!("{table} as JSON: {e}")))?;
            out.insert((*table).to_string(), rows);
        }
        Ok(Some(serde_json::Value::Object(out)))
    }

    async fn forget_before(&self, cutoffs: &[Cutoff], now: i64) -> Result<Erased> {
        let mut tx = self.pool().begin().await?;
        let mut forgotten = Erased::default();
        for cut in cutoffs {
            for (table, sql, params) in FORGET {
                let n = params
                    .iter()
                    .position(|p| matches!(p, P::Scope))
                    .map_or(0, |i| i + 1);
                let (scope, value) = scope_sql(&cut.scope, n);
                let values = Values {
                    id: 0,
                    phone: "",
                    written: "",
                    now,
                    conversations: cut.conversations_before,
                    requests: cut.requests_before,
                    scope: value,
                };
                // The statements and the scope are the constants above, never input.
                let q = sqlx::query(AssertSqlSafe(sql.replace("{scope}", &scope)));
                let done = values.bind(q, params).execute(&mut *tx).await?;
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
        let mut tx = self.pool().begin().await?;
        // The contact's row is held until the end: a turn of theirs meanwhile waits, then
        // finds the number gone.
        let id: Option<i64> = sqlx::query("SELECT id FROM contacts WHERE phone = $1 FOR UPDATE")
            .bind(phone)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?;
        let Some(id) = id else {
            return Ok(None);
        };
        let values = Values {
            id,
            phone,
            written,
            now: audit.at,
            conversations: 0,
            requests: 0,
            scope: String::new(),
        };
        let mut erased = Erased::default();
        for (table, sql, params) in ERASE {
            let done = values
                .bind(sqlx::query(*sql), params)
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
                .fetch_all(self.pool())
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
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

//! One turn, one PostgreSQL transaction: [`transact`] begins it on a pooled connection, runs
//! the turn's work through [`PgTx`] and commits; the caller is answered only after the
//! commit. Two instances handling the same person at once meet on the session's version
//! (`Conflict`) or a unique key (`Duplicate`): the turn is run again and then sees the other's
//! write. Each area's `Tx` part lives beside its store code (`outbox.rs`, `jobs.rs`…).

use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, PgConnection, PgPool, Row};

use crate::domain::RefCode;
use crate::store::rows::{CONTACT_COLUMNS, MISSION_COLUMNS, REQUEST_COLUMNS, SIGNUP_COLUMNS};
use crate::store::{
    Contact, HelpRequest, Mission, NewCallback, NewHelpRequest, NewMessage, Result, SignupOutcome,
    StoreError, Tx, Work,
};

use super::{mission_from, request_from, signup_from};

/// A turn's view of its transaction.
pub(super) struct PgTx<'c> {
    pub(super) conn: &'c mut PgConnection,
}

/// Runs `work` in one transaction; returns once it is committed (or with why it is not).
pub(super) async fn transact(pool: &PgPool, work: Work) -> Result<()> {
    let mut tx = pool.begin().await?;
    let outcome = {
        let mut turn = PgTx { conn: &mut tx };
        work(&mut turn).await
    };
    match outcome {
        Ok(()) => {
            tx.commit().await?;
            Ok(())
        }
        Err(e) => {
            // Dropping the transaction rolls it back too; saying so returns the connection
            // to the pool at once.
            let _ = tx.rollback().await;
            Err(e)
        }
    }
}

fn contact_from(row: &PgRow) -> Result<Contact> {
    Ok(crate::contact_row!(row))
}

#[async_trait]
impl Tx for PgTx<'_> {
    async fn replayed_reply(&mut self, provider_id: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT reply FROM messages WHERE provider_id = $1")
            .bind(provider_id)
            .fetch_optional(&mut *self.conn)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get::<Option<String>, _>("reply")?.unwrap_or_default()),
            None => None,
        })
    }

    async fn contact(&mut self, key: &str, now: i64) -> Result<Contact> {
        // Insert first: of two instances meeting a new number at once, one inserts and the
        // other waits for it, then reads the row (each statement sees what was committed).
        sqlx::query(
            "INSERT INTO contacts (phone, language, created_at, last_seen_at) VALUES ($1, 'fr', $2, $2) \
             ON CONFLICT (phone) DO NOTHING",
        )
        .bind(key)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts WHERE phone = $1"
        )))
        .bind(key)
        .fetch_one(&mut *self.conn)
        .await?;
        contact_from(&row)
    }

    async fn save_contact(&mut self, c: &Contact, opt_out_method: Option<&str>) -> Result<()> {
        sqlx::query(
            "UPDATE contacts SET language = $1, commune_insee = $2, opted_out_at = $3, \
             opt_out_method = COALESCE($4, opt_out_method), last_seen_at = $5 WHERE id = $6",
        )
        .bind(&c.language)
        .bind(&c.commune_insee)
        .bind(c.opted_out_at)
        .bind(opt_out_method)
        .bind(c.last_seen_at)
        .bind(c.id)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    async fn session(&mut self, contact_id: i64, relais: &str) -> Result<Option<(String, i64)>> {
        let row = sqlx::query(
            "SELECT state, version FROM sessions WHERE contact_id = $1 AND relais = $2",
        )
        .bind(contact_id)
        .bind(relais)
        .fetch_optional(&mut *self.conn)
        .await?;
        Ok(match row {
            Some(r) => Some((r.try_get("state")?, r.try_get("version")?)),
            None => None,
        })
    }

    async fn save_session(
        &mut self,
        contact_id: i64,
        relais: &str,
        state: &str,
        expected: Option<i64>,
        now: i64,
    ) -> Result<()> {
        let done = match expected {
            Some(v) => sqlx::query(
                "UPDATE sessions SET state = $1, version = version + 1, updated_at = $2 \
                 WHERE contact_id = $3 AND relais = $4 AND version = $5",
            )
            .bind(state)
            .bind(now)
            .bind(contact_id)
            .bind(relais)
            .bind(v)
            .execute(&mut *self.conn)
            .await?
            .rows_affected(),
            None => sqlx::query(
                "INSERT INTO sessions (contact_id, relais, state, version, updated_at) VALUES ($1, $2, $3, 1, $4) \
                 ON CONFLICT (contact_id, relais) DO NOTHING",
            )
            .bind(contact_id)
            .bind(relais)
            .bind(state)
            .bind(now)
            .execute(&mut *self.conn)
            .await?
            .rows_affected(),
        };
        if done == 1 {
            Ok(())
        } else {
            Err(StoreError::Conflict)
        }
    }

    async fn record_message(&mut self, m: &NewMessage) -> Result<()> {
        sqlx::query(
            "INSERT INTO messages (contact_id, relais, direction, channel, provider_id, body, reply, segments, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(m.contact_id)
        .bind(&m.relais)
        .bind(m.direction)
        .bind(&m.channel)
        .bind(&m.provider_id)
        .bind(&m.body)
        .bind(&m.reply)
        .bind(m.segments)
        .bind(m.status)
        .bind(m.now)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    async fn create_help_request(
        &mut self,
        r: &NewHelpRequest,
        candidates: &[RefCode],
    ) -> Result<HelpRequest> {
        for code in candidates {
            // ON CONFLICT: a reference taken meanwhile by another instance is skipped, not
            // an error that would abort the whole transaction.
            let row = sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO help_requests (reference, contact_id, relais, category, commune_insee, urgency, details, \
                 recording_url, status, channel, created_at, updated_at, kiosk, wanted_on) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $10, $11, $12) \
                 ON CONFLICT (reference) DO NOTHING RETURNING {REQUEST_COLUMNS}"
            )))
            .bind(code.compact())
            .bind(r.contact_id)
            .bind(&r.relais)
            .bind(&r.category)
            .bind(&r.commune_insee)
            .bind(&r.urgency)
            .bind(&r.details)
            .bind(&r.recording_url)
            .bind(&r.channel)
            .bind(r.now)
            .bind(&r.kiosk)
            .bind(&r.wanted_on)
            .fetch_optional(&mut *self.conn)
            .await?;
            if let Some(row) = row {
                return request_from(&row);
            }
        }
        Err(StoreError::Corrupt("no free reference code".into()))
    }

    async fn requests_of(&mut self, contact_id: i64, relais: &str) -> Result<Vec<HelpRequest>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {REQUEST_COLUMNS} FROM help_requests WHERE contact_id = $1 AND relais = $2 \
             ORDER BY created_at DESC, id DESC LIMIT 30"
        )))
        .bind(contact_id)
        .bind(relais)
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(request_from).collect()
    }

    async fn open_missions(&mut self, today: &str) -> Result<Vec<Mission>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {MISSION_COLUMNS} FROM missions WHERE places_left > 0 AND closed_at IS NULL \
             AND (COALESCE(end_at, start_at) IS NULL OR COALESCE(end_at, start_at) >= $1) \
             ORDER BY start_at NULLS FIRST, id"
        )))
        .bind(today)
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(mission_from).collect()
    }

    async fn mission(&mut self, id: i64) -> Result<Option<Mission>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {MISSION_COLUMNS} FROM missions WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *self.conn)
        .await?;
        row.as_ref().map(mission_from).transpose()
    }

    async fn sign_up(
        &mut self,
        mission_id: i64,
        contact_id: i64,
        relais: &str,
        channel: &str,
        now: i64,
    ) -> Result<SignupOutcome> {
        let exists = sqlx::query(
            "SELECT 1 FROM signups WHERE mission_id = $1 AND contact_id = $2 AND status <> 'annulee'",
        )
        .bind(mission_id)
        .bind(contact_id)
        .fetch_optional(&mut *self.conn)
        .await?
        .is_some();
        if exists {
            return Ok(SignupOutcome::Already);
        }
        // The row lock taken here orders concurrent sign-ups: the last place goes to one.
        let taken = sqlx::query(
            "UPDATE missions SET places_left = places_left - 1, updated_at = $1 \
             WHERE id = $2 AND places_left > 0 AND closed_at IS NULL",
        )
        .bind(now)
        .bind(mission_id)
        .execute(&mut *self.conn)
        .await?
        .rows_affected();
        if taken == 0 {
            return Ok(SignupOutcome::Full);
        }
        let row = sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO signups (mission_id, contact_id, relais, status, channel, created_at, updated_at) \
             VALUES ($1, $2, $3, 'en_attente_validation', $4, $5, $5) \
             ON CONFLICT (mission_id, contact_id) DO UPDATE SET status = 'en_attente_validation', channel = $4, \
             created_at = $5, updated_at = $5 RETURNING {SIGNUP_COLUMNS}"
        )))
        .bind(mission_id)
        .bind(contact_id)
        .bind(relais)
        .bind(channel)
        .bind(now)
        .fetch_one(&mut *self.conn)
        .await?;
        Ok(SignupOutcome::Done(signup_from(&row)?))
    }

    async fn create_callback(&mut self, c: &NewCallback<'_>) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO callback_requests (contact_id, relais, reason, channel, recording_url, context, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $7) RETURNING id",
        )
        .bind(c.contact_id)
        .bind(c.relais)
        .bind(c.reason)
        .bind(c.channel)
        .bind(c.recording_url)
        .bind(c.context)
        .bind(c.now)
        .fetch_one(&mut *self.conn)
        .await?;
        Ok(row.try_get("id")?)
    }

    async fn follow_failures_since(&mut self, contact_id: i64, since: i64) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM follow_failures WHERE contact_id = $1 AND at >= $2",
        )
        .bind(contact_id)
        .bind(since)
        .fetch_one(&mut *self.conn)
        .await?;
        Ok(row.try_get("n")?)
    }

    async fn record_follow_failure(&mut self, contact_id: i64, now: i64) -> Result<()> {
        sqlx::query("INSERT INTO follow_failures (contact_id, at) VALUES ($1, $2)")
            .bind(contact_id)
            .bind(now)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn touch_readiness(&mut self, now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO readiness (id, at, beats) VALUES (1, $1, 1) \
             ON CONFLICT (id) DO UPDATE SET at = $1, beats = readiness.beats + 1",
        )
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    async fn record_guard_trip(
        &mut self,
        contact_id: i64,
        relais: &str,
        channel: &str,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO guard_trips (contact_id, relais, channel, at) VALUES ($1, $2, $3, $4)",
        )
        .bind(contact_id)
        .bind(relais)
        .bind(channel)
        .bind(now)
        .execute(&mut *self.conn)
        .await?;
        Ok(())
    }

    async fn forget(&mut self, key: &str) -> Result<()> {
        let row = sqlx::query("SELECT id FROM contacts WHERE phone = $1")
            .bind(key)
            .fetch_optional(&mut *self.conn)
            .await?;
        let Some(row) = row else { return Ok(()) };
        let id: i64 = row.try_get("id")?;
        for sql in [
            "DELETE FROM sessions WHERE contact_id = $1",
            "DELETE FROM messages WHERE contact_id = $1",
            "DELETE FROM follow_failures WHERE contact_id = $1",
            "DELETE FROM guard_trips WHERE contact_id = $1",
            "DELETE FROM contacts WHERE id = $1 \
             AND NOT EXISTS (SELECT 1 FROM help_requests WHERE contact_id = $1) \
             AND NOT EXISTS (SELECT 1 FROM signups WHERE contact_id = $1) \
             AND NOT EXISTS (SELECT 1 FROM callback_requests WHERE contact_id = $1)",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *self.conn).await?;
        }
        Ok(())
    }
}

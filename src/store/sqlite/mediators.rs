//! SQLite side of mediators' accounts and sessions ([`crate::store::mediators`]).

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::SqliteStore;
use crate::store::Result;
use crate::store::mediators::{
    COLUMNS, FINISH_SETUP, INSERT, Mediator, MediatorSession, MediatorStore, NewMediator,
    PENDING_TOTP, PRUNE_SIGN_IN_FAILURES, RECORD_SIGN_IN_FAILURE, SESSION_COLUMNS,
    SIGN_IN_FAILURES, USE_TOTP_STEP,
};

fn mediator_from(r: &SqliteRow) -> Result<Mediator> {
    Ok(crate::mediator_row!(r))
}

fn session_from(r: &SqliteRow) -> Result<MediatorSession> {
    Ok(crate::mediator_session_row!(r))
}

#[async_trait]
impl MediatorStore for SqliteStore {
    async fn create_mediator(&self, m: &NewMediator<'_>) -> Result<i64> {
        let id: i64 = sqlx::query(INSERT)
            .bind(m.relais)
            .bind(m.email)
            .bind(m.name)
            .bind(m.role)
            .bind(m.setup_token_hash)
            .bind(m.setup_expires_at)
            .bind(m.now)
            .fetch_one(&self.writer)
            .await?
            .try_get("id")?;
        Ok(id)
    }

    async fn mediator(&self, id: i64) -> Result<Option<Mediator>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM mediators WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.writer)
        .await?;
        row.as_ref().map(mediator_from).transpose()
    }

    async fn mediator_by_email(&self, email: &str) -> Result<Option<Mediator>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM mediators WHERE email = $1 COLLATE NOCASE"
        )))
        .bind(email)
        .fetch_optional(&self.writer)
        .await?;
        row.as_ref().map(mediator_from).transpose()
    }

    async fn mediator_by_setup(&self, token_hash: &str, now: i64) -> Result<Option<Mediator>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM mediators WHERE setup_token_hash = $1 \
             AND setup_expires_at > $2 AND disabled_at IS NULL"
        )))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.writer)
        .await?;
        row.as_ref().map(mediator_from).transpose()
    }

    async fn pending_totp_secret(&self, id: i64, fresh: &str) -> Result<String> {
        let row = sqlx::query(PENDING_TOTP)
            .bind(id)
            .bind(fresh)
            .fetch_one(&self.writer)
            .await?;
        Ok(row.try_get("totp_secret")?)
    }

    async fn finish_setup(
        &self,
        id: i64,
        token_hash: &str,
        password_hash: &str,
        step: i64,
        now: i64,
    ) -> Result<bool> {
        let done = sqlx::query(FINISH_SETUP)
            .bind(id)
            .bind(token_hash)
            .bind(password_hash)
            .bind(step)
            .bind(now)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn sign_in_failures(&self, account: &str, since: i64) -> Result<i64> {
        let row = sqlx::query(SIGN_IN_FAILURES)
            .bind(account)
            .bind(since)
            .fetch_one(&self.reader)
            .await?;
        Ok(row.try_get("n")?)
    }

    async fn record_sign_in_failure(&self, account: &str, now: i64) -> Result<()> {
        for sql in [RECORD_SIGN_IN_FAILURE, PRUNE_SIGN_IN_FAILURES] {
            sqlx::query(sql)
                .bind(account)
                .bind(now)
                .execute(&self.writer)
                .await?;
        }
        Ok(())
    }

    async fn use_totp_step(&self, id: i64, step: i64) -> Result<bool> {
        let done = sqlx::query(USE_TOTP_STEP)
            .bind(id)
            .bind(step)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn mediators_of(&self, relais: &str) -> Result<Vec<Mediator>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM mediators WHERE relais = $1 ORDER BY name, id"
        )))
        .bind(relais)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(mediator_from).collect()
    }

    async fn set_mediator_disabled(&self, id: i64, at: Option<i64>, now: i64) -> Result<()> {
        sqlx::query("UPDATE mediators SET disabled_at = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(at)
            .bind(now)
            .execute(&self.writer)
            .await?;
        if at.is_some() {
            sqlx::query(
                "UPDATE mediator_sessions SET ended_at = $2 WHERE mediator_id = $1 AND ended_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .execute(&self.writer)
            .await?;
        }
        Ok(())
    }

    async fn create_mediator_session(&self, s: &MediatorSession) -> Result<()> {
        sqlx::query(
            "INSERT INTO mediator_sessions (id_hash, mediator_id, csrf, created_at, last_seen) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&s.id_hash)
        .bind(s.mediator_id)
        .bind(&s.csrf)
        .bind(s.created_at)
        .bind(s.last_seen)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn mediator_session(&self, id_hash: &str) -> Result<Option<MediatorSession>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SESSION_COLUMNS} FROM mediator_sessions WHERE id_hash = $1"
        )))
        .bind(id_hash)
        .fetch_optional(&self.writer)
        .await?;
        row.as_ref().map(session_from).transpose()
    }

    async fn touch_mediator_session(&self, id_hash: &str, now: i64) -> Result<()> {
        sqlx::query("UPDATE mediator_sessions SET last_seen = $2 WHERE id_hash = $1")
            .bind(id_hash)
            .bind(now)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn end_mediator_session(&self, id_hash: &str, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE mediator_sessions SET ended_at = $2 WHERE id_hash = $1 AND ended_at IS NULL",
        )
        .bind(id_hash)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}

//! SQLite side of mandates ([`crate::store::mandates`]). With rusqlite, `$n` parameters are
//! bound in the order they first appear, so each statement numbers them in that order.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::SqliteStore;
use super::writer::TurnTx;
use crate::domain::mandate;
use crate::store::Result;
use crate::store::mandates::{
    ANSWER_SMS, INSERT, MandateStore, MandateTx, NewMandate, PENDING_SMS, SELECT, StoredMandate,
};

fn from(r: &SqliteRow) -> Result<StoredMandate> {
    Ok(crate::mandate_row!(r))
}

#[async_trait]
impl MandateTx for TurnTx<'_> {
    async fn pending_sms_mandate(
        &mut self,
        contact_id: i64,
        relais: &str,
        since: i64,
    ) -> Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached(PENDING_SMS)?
            .query_row(rusqlite::params![contact_id, relais, since], |r| r.get(0))
            .optional()?)
    }

    async fn answer_sms_mandate(&mut self, id: i64, yes: bool, now: i64) -> Result<()> {
        self.conn
            .prepare_cached(ANSWER_SMS)?
            .execute(rusqlite::params![
                if yes { "active" } else { "refused" },
                now,
                id
            ])?;
        Ok(())
    }
}

#[async_trait]
impl MandateStore for SqliteStore {
    async fn create_mandate(&self, m: &NewMandate<'_>) -> Result<i64> {
        let confirmed = (m.state == "active").then_some(m.now);
        let row = sqlx::query(INSERT)
            .bind(m.contact_id)
            .bind(m.relais)
            .bind(m.mediator_id)
            .bind(m.resident_name)
            .bind(mandate::scopes_to_string(m.scopes))
            .bind(m.consent.as_str())
            .bind(m.text_version)
            .bind(m.state)
            .bind(m.now)
            .bind(confirmed)
            .bind(m.expires_at)
            .fetch_one(&self.writer)
            .await?;
        Ok(row.try_get("id")?)
    }

    async fn mandates_of(&self, contact_id: i64, relais: &str) -> Result<Vec<StoredMandate>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE m.contact_id = $1 AND m.relais = $2 ORDER BY m.created_at DESC, m.id DESC"
        )))
        .bind(contact_id)
        .bind(relais)
        .fetch_all(&self.writer)
        .await?;
        rows.iter().map(from).collect()
    }

    async fn mandate(&self, id: i64) -> Result<Option<StoredMandate>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE m.id = $1")))
            .bind(id)
            .fetch_optional(&self.writer)
            .await?;
        row.as_ref().map(from).transpose()
    }

    async fn revoke_mandate(&self, id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE mandates SET status = 'revoked', revoked_at = $2 WHERE id = $1 AND status <> 'revoked'",
        )
        .bind(id)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

//! PostgreSQL side of mandates ([`crate::store::mandates`]): the same statements as SQLite's;
//! an answer and a revocation change a mandate only from the state they expect, in one
//! statement.

use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, Row};

use super::PgStore;
use super::turn::PgTx;
use crate::domain::mandate;
use crate::store::Result;
use crate::store::mandates::{
    ANSWER_SMS, INSERT, MandateStore, MandateTx, NewMandate, PENDING_SMS, SELECT, StoredMandate,
};

fn from(r: &PgRow) -> Result<StoredMandate> {
    Ok(crate::mandate_row!(r))
}

#[async_trait]
impl MandateTx for PgTx<'_> {
    async fn pending_sms_mandate(
        &mut self,
        contact_id: i64,
        relais: &str,
        since: i64,
    ) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(PENDING_SMS)
            .bind(contact_id)
            .bind(relais)
            .bind(since)
            .fetch_optional(&mut *self.conn)
            .await?)
    }

    async fn answer_sms_mandate(&mut self, id: i64, yes: bool, now: i64) -> Result<()> {
        sqlx::query(ANSWER_SMS)
            .bind(if yes { "active" } else { "refused" })
            .bind(now)
            .bind(id)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }
}

#[async_trait]
impl MandateStore for PgStore {
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
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("id")?)
    }

    async fn mandates_of(&self, contact_id: i64, relais: &str) -> Result<Vec<StoredMandate>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{SELECT} WHERE m.contact_id = $1 AND m.relais = $2 ORDER BY m.created_at DESC, m.id DESC"
        )))
        .bind(contact_id)
        .bind(relais)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from).collect()
    }

    async fn mandate(&self, id: i64) -> Result<Option<StoredMandate>> {
        let row = sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE m.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from).transpose()
    }

    async fn revoke_mandate(&self, id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE mandates SET status = 'revoked', revoked_at = $2 WHERE id = $1 AND status <> 'revoked'",
        )
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

//! SQLite side of mandates ([`crate::store::mandates`]). With rusqlite, `$n` parameters are
//! bound in the order they first appear, so each statement numbers them in that order.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::SqliteStore;
use super::writer::TurnTx;
use crate::domain::mandate::{self, Consent, Mandate, State};
use crate::store::mandates::{MandateStore, MandateTx, NewMandate, StoredMandate};
use crate::store::{Result, StoreError};

const SELECT: &str = "SELECT m.id, m.contact_id, m.relais, m.mediator_id, d.name AS mediator_name, \
     m.resident_name, m.scopes, m.consent_method, m.text_version, m.status, m.created_at, \
     m.expires_at, m.revoked_at FROM mandates m JOIN mediators d ON d.id = m.mediator_id";

fn from(r: &SqliteRow) -> Result<StoredMandate> {
    let consent: String = r.try_get("consent_method")?;
    let state: String = r.try_get("status")?;
    Ok(StoredMandate {
        rules: Mandate {
            id: r.try_get("id")?,
            contact_id: r.try_get("contact_id")?,
            relais: r.try_get("relais")?,
            scopes: mandate::scopes_from_str(&r.try_get::<String, _>("scopes")?),
            consent: Consent::parse(&consent)
                .ok_or_else(|| StoreError::Corrupt(format!("consent {consent:?}")))?,
            state: State::parse(&state)
                .ok_or_else(|| StoreError::Corrupt(format!("mandate status {state:?}")))?,
            expires_at: r.try_get("expires_at")?,
        },
        mediator_id: r.try_get("mediator_id")?,
        mediator_name: r.try_get("mediator_name")?,
        resident_name: r.try_get("resident_name")?,
        text_version: r.try_get("text_version")?,
        created_at: r.try_get("created_at")?,
        revoked_at: r.try_get("revoked_at")?,
    })
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
            .prepare_cached(
                "SELECT id FROM mandates WHERE contact_id = $1 AND relais = $2 \
                 AND status = 'pending' AND consent_method = 'sms' AND created_at > $3 \
                 ORDER BY created_at DESC, id DESC LIMIT 1",
            )?
            .query_row(rusqlite::params![contact_id, relais, since], |r| r.get(0))
            .optional()?)
    }

    async fn answer_sms_mandate(&mut self, id: i64, yes: bool, now: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE mandates SET status = $1, confirmed_at = $2 WHERE id = $3 AND status = 'pending'",
            )?
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
        let row = sqlx::query(
            "INSERT INTO mandates (contact_id, relais, mediator_id, resident_name, scopes, \
             consent_method, text_version, status, created_at, confirmed_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
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

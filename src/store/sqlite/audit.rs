//! SQLite side of the audit log ([`crate::store::audit`]): inserts only; the schema's
//! triggers refuse UPDATE and DELETE on `audit_log`.

use async_trait::async_trait;
use rusqlite::params;
use sqlx::Row;

use super::SqliteStore;
use super::writer::TurnTx;
use crate::domain::lifecycle::Actor;
use crate::store::audit::{AuditEntry, AuditStore, AuditTx, NewAudit};
use crate::store::{Result, StoreError};

const INSERT: &str = "INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, relais, \
     contact_id, request_reference, action, mandate_id, detail) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

#[async_trait]
impl AuditTx for TurnTx<'_> {
    async fn record(&mut self, e: &NewAudit<'_>) -> Result<()> {
        self.conn.prepare_cached(INSERT)?.execute(params![
            e.at,
            e.actor.kind(),
            e.actor.id(),
            e.actor.name(),
            e.relais,
            e.contact_id,
            e.request_reference,
            e.action,
            e.mandate_id,
            e.detail
        ])?;
        Ok(())
    }
}

#[async_trait]
impl AuditStore for SqliteStore {
    async fn record(&self, e: &NewAudit<'_>) -> Result<()> {
        sqlx::query(INSERT)
            .bind(e.at)
            .bind(e.actor.kind())
            .bind(e.actor.id())
            .bind(e.actor.name())
            .bind(e.relais)
            .bind(e.contact_id)
            .bind(e.request_reference)
            .bind(e.action)
            .bind(e.mandate_id)
            .bind(e.detail)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn audit_entries(&self, from: i64, to: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, at, actor_kind, actor_id, actor_name, relais, contact_id, \
             request_reference, action, mandate_id, detail FROM audit_log \
             WHERE at >= $1 AND at < $2 ORDER BY at, id",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("actor_kind")?;
                let actor =
                    Actor::from_stored(&kind, r.try_get("actor_id")?, r.try_get("actor_name")?)
                        .ok_or_else(|| {
                            StoreError::Corrupt(format!("unknown actor kind {kind:?}"))
                        })?;
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor,
                    relais: r.try_get("relais")?,
                    contact_id: r.try_get("contact_id")?,
                    request_reference: r.try_get("request_reference")?,
                    action: r.try_get("action")?,
                    mandate_id: r.try_get("mandate_id")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect()
    }
}

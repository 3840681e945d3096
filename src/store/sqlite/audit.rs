//! SQLite side of the audit log ([`crate::store::audit`]): inserts only; the schema's
//! triggers refuse UPDATE and DELETE on `audit_log`.

use async_trait::async_trait;
use rusqlite::params;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::SqliteStore;
use super::writer::TurnTx;
use crate::store::Result;
use crate::store::audit::{AuditEntry, AuditStore, AuditTx, BETWEEN, INSERT, NewAudit};

fn entry_from(r: &SqliteRow) -> Result<AuditEntry> {
    Ok(crate::audit_row!(r))
}

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
        let rows = sqlx::query(BETWEEN)
            .bind(from)
            .bind(to)
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(entry_from).collect()
    }
}

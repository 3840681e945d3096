//! PostgreSQL side of the audit log ([`crate::store::audit`]): inserts only; the triggers of
//! migration 0005 refuse UPDATE, DELETE and TRUNCATE on `audit_log`.

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::Query;

use super::PgStore;
use super::turn::PgTx;
use crate::store::Result;
use crate::store::audit::{AuditEntry, AuditStore, AuditTx, BETWEEN, INSERT, NewAudit};

fn entry_from(r: &PgRow) -> Result<AuditEntry> {
    Ok(crate::audit_row!(r))
}

/// [`INSERT`] with an entry's values bound.
fn insert<'q>(e: &'q NewAudit<'q>) -> Query<'q, sqlx::Postgres, PgArguments> {
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
}

#[async_trait]
impl AuditTx for PgTx<'_> {
    async fn record(&mut self, e: &NewAudit<'_>) -> Result<()> {
        insert(e).execute(&mut *self.conn).await?;
        Ok(())
    }
}

#[async_trait]
impl AuditStore for PgStore {
    async fn record(&self, e: &NewAudit<'_>) -> Result<()> {
        insert(e).execute(&self.pool).await?;
        Ok(())
    }

    async fn audit_entries(&self, from: i64, to: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(BETWEEN)
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(entry_from).collect()
    }
}

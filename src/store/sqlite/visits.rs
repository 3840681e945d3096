//! SQLite storage of kiosk visits and of the service's secrets ([`crate::store::visits`]).

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::SqliteStore;
use crate::store::Result;
use crate::store::visits::{
    COLUMNS, END_IDLE, END_ONE, END_OTHERS, ENDED_KEPT_SECS, FORGET_ENDED, LIVE_FROM, SAVE,
    StoredVisit, VisitStore,
};

fn visit_from(row: &SqliteRow) -> Result<StoredVisit> {
    Ok(crate::visit_row!(row))
}

#[async_trait]
impl VisitStore for SqliteStore {
    async fn visit(&self, id_hash: &str) -> Result<Option<StoredVisit>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM kiosk_visits WHERE id_hash = $1"
        )))
        .bind(id_hash)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(visit_from).transpose()
    }

    async fn save_visit(&self, v: &StoredVisit) -> Result<()> {
        sqlx::query(SAVE)
            .bind(&v.id_hash)
            .bind(&v.who)
            .bind(&v.kiosk)
            .bind(&v.address)
            .bind(&v.state)
            .bind(v.last_seen)
            .bind(v.created_at)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn end_visit(&self, id_hash: &str, now: i64) -> Result<Option<StoredVisit>> {
        let row = sqlx::query(END_ONE)
            .bind(id_hash)
            .bind(now)
            .fetch_optional(&self.writer)
            .await?;
        row.as_ref().map(visit_from).transpose()
    }

    async fn end_other_visits(
        &self,
        kiosk: &str,
        keep: &str,
        now: i64,
    ) -> Result<Vec<StoredVisit>> {
        let rows = sqlx::query(END_OTHERS)
            .bind(kiosk)
            .bind(keep)
            .bind(now)
            .fetch_all(&self.writer)
            .await?;
        rows.iter().map(visit_from).collect()
    }

    async fn live_visits_from(&self, address: &str, live_since: i64) -> Result<i64> {
        let row = sqlx::query(LIVE_FROM)
            .bind(address)
            .bind(live_since)
            .fetch_one(&self.reader)
            .await?;
        Ok(row.try_get("n")?)
    }

    async fn end_idle_visits(&self, live_since: i64, now: i64) -> Result<Vec<StoredVisit>> {
        sqlx::query(FORGET_ENDED)
            .bind(now - ENDED_KEPT_SECS)
            .execute(&self.writer)
            .await?;
        let rows = sqlx::query(END_IDLE)
            .bind(live_since)
            .bind(now)
            .fetch_all(&self.writer)
            .await?;
        rows.iter().map(visit_from).collect()
    }

    async fn secret(&self, name: &str, fresh: &str, now: i64) -> Result<String> {
        sqlx::query(
            "INSERT INTO app_secrets (name, value, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(fresh)
        .bind(now)
        .execute(&self.writer)
        .await?;
        let row = sqlx::query("SELECT value FROM app_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&self.writer)
            .await?;
        Ok(row.try_get("value")?)
    }
}

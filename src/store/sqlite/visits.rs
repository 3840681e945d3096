//! SQLite storage of kiosk visits and of the service's secrets ([`crate::store::visits`]).

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::SqliteStore;
use crate::store::Result;
use crate::store::visits::{ENDED_KEPT_SECS, StoredVisit, VisitStore};

const COLUMNS: &str = "id_hash, who, kiosk, address, state, last_seen, created_at, ended_at";

fn visit_from(row: &SqliteRow) -> Result<StoredVisit> {
    Ok(StoredVisit {
        id_hash: row.try_get("id_hash")?,
        who: row.try_get("who")?,
        kiosk: row.try_get("kiosk")?,
        address: row.try_get("address")?,
        state: row.try_get("state")?,
        last_seen: row.try_get("last_seen")?,
        created_at: row.try_get("created_at")?,
        ended_at: row.try_get("ended_at")?,
    })
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
        sqlx::query(
            "INSERT INTO kiosk_visits (id_hash, who, kiosk, address, state, last_seen, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (id_hash) DO UPDATE SET state = $5, last_seen = $6 \
             WHERE kiosk_visits.ended_at IS NULL",
        )
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
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE kiosk_visits SET ended_at = $2, state = '' \
             WHERE id_hash = $1 AND ended_at IS NULL RETURNING {COLUMNS}"
        )))
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
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE kiosk_visits SET ended_at = $3, state = '' \
             WHERE kiosk = $1 AND id_hash <> $2 AND ended_at IS NULL RETURNING {COLUMNS}"
        )))
        .bind(kiosk)
        .bind(keep)
        .bind(now)
        .fetch_all(&self.writer)
        .await?;
        rows.iter().map(visit_from).collect()
    }

    async fn live_visits_from(&self, address: &str, live_since: i64) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM kiosk_visits \
             WHERE address = $1 AND last_seen >= $2 AND ended_at IS NULL",
        )
        .bind(address)
        .bind(live_since)
        .fetch_one(&self.reader)
        .await?;
        Ok(row.try_get("n")?)
    }

    async fn end_idle_visits(&self, live_since: i64, now: i64) -> Result<Vec<StoredVisit>> {
        sqlx::query("DELETE FROM kiosk_visits WHERE ended_at < $1")
            .bind(now - ENDED_KEPT_SECS)
            .execute(&self.writer)
            .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE kiosk_visits SET ended_at = $2, state = '' \
             WHERE last_seen < $1 AND ended_at IS NULL RETURNING {COLUMNS}"
        )))
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

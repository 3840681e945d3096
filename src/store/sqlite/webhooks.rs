//! SQLite side of event subscriptions (occasional writes: the API, the worker's outcomes).

use async_trait::async_trait;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::SqliteStore;
use crate::store::Result;
use crate::store::webhooks::{
    COLUMNS, NewSubscription, Subscription, SubscriptionChange, WITHDRAW_DELIVERIES, WebhookStore,
};

fn from_row(r: &SqliteRow) -> Result<Subscription> {
    Ok(crate::subscription_row!(r))
}

#[async_trait]
impl WebhookStore for SqliteStore {
    async fn create_subscription(&self, s: &NewSubscription<'_>) -> Result<Subscription> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO webhook_subscriptions (client_id, client_name, relais, url, events, secret, status, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $7) RETURNING {COLUMNS}"
        )))
        .bind(s.client_id)
        .bind(s.client_name)
        .bind(s.relais)
        .bind(s.url)
        .bind(s.events.join(" "))
        .bind(s.secret)
        .bind(s.now)
        .fetch_one(&self.writer)
        .await?;
        from_row(&row)
    }

    async fn subscriptions(&self, client_id: Option<i64>) -> Result<Vec<Subscription>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM webhook_subscriptions WHERE ($1 IS NULL OR client_id = $1) ORDER BY id"
        )))
        .bind(client_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(from_row).collect()
    }

    async fn subscription(&self, id: i64) -> Result<Option<Subscription>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM webhook_subscriptions WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    async fn change_subscription(
        &self,
        id: i64,
        c: &SubscriptionChange,
        now: i64,
    ) -> Result<Option<Subscription>> {
        let status = c.active.map(|a| if a { "active" } else { "disabled" });
        let reason = (c.active == Some(false)).then_some("paused by its owner");
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE webhook_subscriptions SET url = COALESCE($1, url), events = COALESCE($2, events), \
             status = COALESCE($3, status), \
             failures = CASE WHEN $3 = 'active' THEN 0 ELSE failures END, \
             disabled_reason = CASE WHEN $3 = 'active' THEN NULL WHEN $3 = 'disabled' THEN $4 ELSE disabled_reason END, \
             disabled_at = CASE WHEN $3 = 'active' THEN NULL WHEN $3 = 'disabled' THEN $5 ELSE disabled_at END, \
             updated_at = $5 WHERE id = $6 RETURNING {COLUMNS}"
        )))
        .bind(&c.url)
        .bind(c.events.as_ref().map(|e| e.join(" ")))
        .bind(status)
        .bind(reason)
        .bind(now)
        .bind(id)
        .fetch_optional(&self.writer)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    async fn delete_subscription(&self, id: i64, now: i64) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(WITHDRAW_DELIVERIES)
            .bind(now)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM webhook_subscriptions WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    async fn rotate_secret(
        &self,
        id: i64,
        secret: &str,
        previous_until: i64,
        now: i64,
    ) -> Result<Option<Subscription>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE webhook_subscriptions SET previous_secret = secret, previous_until = $1, secret = $2, \
             updated_at = $3 WHERE id = $4 RETURNING {COLUMNS}"
        )))
        .bind(previous_until)
        .bind(secret)
        .bind(now)
        .bind(id)
        .fetch_optional(&self.writer)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    async fn delivery_ok(&self, id: i64, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE webhook_subscriptions SET failures = 0, updated_at = $1 WHERE id = $2 AND failures > 0",
        )
        .bind(now)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn delivery_failed(
        &self,
        id: i64,
        error: &str,
        disable: Option<&str>,
        now: i64,
    ) -> Result<i64> {
        let row = sqlx::query(
            "UPDATE webhook_subscriptions SET failures = failures + 1, last_error = $1, updated_at = $2, \
             status = CASE WHEN $3 IS NULL THEN status ELSE 'disabled' END, \
             disabled_reason = COALESCE($3, disabled_reason), \
             disabled_at = CASE WHEN $3 IS NULL THEN disabled_at ELSE $2 END \
             WHERE id = $4 RETURNING failures",
        )
        .bind(error)
        .bind(now)
        .bind(disable)
        .bind(id)
        .fetch_optional(&self.writer)
        .await?;
        Ok(match row {
            Some(r) => r.try_get("failures")?,
            None => 0,
        })
    }
}

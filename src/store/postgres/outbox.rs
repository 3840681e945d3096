//! PostgreSQL side of the outbox: queuing inside a turn's transaction and the worker's claims,
//! reports and operators' reads. Several instances claim from one table: the inner `SELECT`
//! of a claim locks its rows `FOR UPDATE SKIP LOCKED`, so two workers never take the same
//! message and neither waits for the other. The statements both backends share are in
//! [`crate::store::outbox::sql`].

use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, Row};

use super::PgStore;
use super::turn::PgTx;
use crate::domain::text::segments;
use crate::store::Result;
use crate::store::outbox::{
    NewOutbound, OutboxFilter, OutboxItem, OutboxRow, OutboxStore, OutboxTx, Outcome, Report,
    channel, sql,
};

/// The optional filters of operators' reads (a NULL parameter is typed by its cast).
const FILTER: &str = "($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2)";

#[async_trait]
impl OutboxTx for PgTx<'_> {
    async fn enqueue_message(&mut self, m: &NewOutbound) -> Result<Option<i64>> {
        let segs = (m.channel == channel::SMS).then(|| segments(&m.body).segments as i64);
        let row = sqlx::query(sql::ENQUEUE)
            .bind(&m.channel)
            .bind(&m.kind)
            .bind(&m.relais)
            .bind(&m.recipient)
            .bind(&m.subject)
            .bind(&m.body)
            .bind(m.urgent)
            .bind(&m.dedupe_key)
            .bind(m.not_before)
            .bind(m.expires_at)
            .bind(segs)
            .bind(m.now)
            .fetch_optional(&mut *self.conn)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get("id")?),
            None => None,
        })
    }

    async fn withdraw(&mut self, dedupe_key: &str, reason: &str, now: i64) -> Result<u64> {
        let done = sqlx::query(sql::WITHDRAW)
            .bind(reason)
            .bind(now)
            .bind(dedupe_key)
            .execute(&mut *self.conn)
            .await?;
        Ok(done.rows_affected())
    }
}

fn item_from(r: &PgRow) -> Result<OutboxItem> {
    Ok(crate::outbox_item_row!(r))
}

fn row_from(r: &PgRow) -> Result<OutboxRow> {
    Ok(crate::outbox_row!(r))
}

#[async_trait]
impl OutboxStore for PgStore {
    async fn claim_outbox(
        &self,
        worker: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<OutboxItem>> {
        for lapsed in [sql::LAPSED_CLAIMS, sql::LAPSED_SENDING] {
            sqlx::query(lapsed).bind(now).execute(&self.pool).await?;
        }
        // Rows another instance is claiming right now are skipped, not waited for; the outer
        // UPDATE changes only the rows this SELECT locked.
        let rows = sqlx::query(AssertSqlSafe(format!(
            "UPDATE outbox SET status = 'claimed', claimed_by = $1, lease_until = $2, updated_at = $3 \
             WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND not_before <= $3 \
                          ORDER BY urgent DESC, not_before, id LIMIT $4 FOR UPDATE SKIP LOCKED) \
             RETURNING {}",
            sql::ITEM_COLUMNS
        )))
        .bind(worker)
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut items = rows.iter().map(item_from).collect::<Result<Vec<_>>>()?;
        items.sort_by_key(|i| (!i.urgent, i.id));
        Ok(items)
    }

    async fn outbox_sending(&self, id: i64, worker: &str, now: i64) -> Result<bool> {
        let done = sqlx::query(sql::SENDING)
            .bind(now)
            .bind(id)
            .bind(worker)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn outbox_done(&self, id: i64, worker: &str, outcome: &Outcome, now: i64) -> Result<()> {
        // Who may change the row depends on the hand-over: see `sql::done`.
        sql::done::<sqlx::Postgres>(id, worker, outcome, now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn release_outbox(&self, worker: &str, now: i64) -> Result<u64> {
        let done = sqlx::query(sql::RELEASE)
            .bind(now)
            .bind(worker)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    async fn delivery_report(
        &self,
        report: Report<'_>,
        new_status: &str,
        provider_id: Option<&str>,
        error: Option<&str>,
        now: i64,
    ) -> Result<bool> {
        let Some(q) = sql::report::<sqlx::Postgres>(report, new_status, provider_id, error, now)
        else {
            return Ok(false);
        };
        let done = q.execute(&self.pool).await?;
        Ok(done.rows_affected() > 0)
    }

    async fn opted_out(&self, key: &str) -> Result<bool> {
        let row = sqlx::query(sql::OPTED_OUT)
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => r.try_get::<Option<i64>, _>("opted_out_at")?.is_some(),
            None => false,
        })
    }

    async fn outbox_list(&self, filter: &OutboxFilter, limit: i64) -> Result<Vec<OutboxRow>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {} FROM outbox WHERE {FILTER} ORDER BY id DESC LIMIT $3",
            sql::ROW_COLUMNS
        )))
        .bind(&filter.status)
        .bind(&filter.kind)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row_from).collect()
    }

    async fn outbox_oldest(&self, filter: &OutboxFilter) -> Result<Option<i64>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT MIN(created_at) AS oldest FROM outbox WHERE {FILTER}"
        )))
        .bind(&filter.status)
        .bind(&filter.kind)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("oldest")?)
    }

    async fn outbox_counts(&self) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query(sql::COUNTS).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| Ok((r.try_get("status")?, r.try_get("n")?)))
            .collect()
    }

    async fn outbox_retry(&self, id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(sql::RETRY)
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn outbox_cancel(&self, id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(sql::CANCEL)
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn set_outbox_paused(&self, paused: bool, now: i64) -> Result<()> {
        sqlx::query(sql::SET_SWITCH)
            .bind(sql::PAUSED)
            .bind(if paused { "true" } else { "false" })
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn outbox_paused(&self) -> Result<bool> {
        let row = sqlx::query(sql::SWITCH)
            .bind(sql::PAUSED)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => r.try_get::<String, _>("value")? == "true",
            None => false,
        })
    }
}

//! SQLite side of the outbox: queuing inside a turn (rusqlite, on the writer thread) and the
//! worker's claims, reports and operators' reads (sqlx). Each claim is one statement, atomic in
//! SQLite; PostgreSQL will add `FOR UPDATE SKIP LOCKED` to the inner `SELECT`.

use async_trait::async_trait;
use rusqlite::{OptionalExtension, params};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::SqliteStore;
use super::writer::TurnTx;
use crate::domain::text::segments;
use crate::store::Result;
use crate::store::outbox::{
    NewOutbound, OutboxFilter, OutboxItem, OutboxRow, OutboxStore, OutboxTx, Outcome, Report,
    channel, parse_reference, status,
};

/// The switch that pauses every worker.
const PAUSED: &str = "outbox_paused";

#[async_trait]
impl OutboxTx for TurnTx<'_> {
    async fn enqueue_message(&mut self, m: &NewOutbound) -> Result<Option<i64>> {
        let segs = (m.channel == channel::SMS).then(|| segments(&m.body).segments as i64);
        Ok(self
            .conn
            .prepare_cached(
                "INSERT INTO outbox (channel, kind, relais, recipient, subject, body, urgent, dedupe_key, \
                 not_before, expires_at, segments, status, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $12) \
                 ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
            )?
            .query_row(
                params![
                    m.channel,
                    m.kind,
                    m.relais,
                    m.recipient,
                    m.subject,
                    m.body,
                    m.urgent,
                    m.dedupe_key,
                    m.not_before,
                    m.expires_at,
                    segs,
                    m.now
                ],
                |r| r.get(0),
            )
            .optional()?)
    }

    async fn withdraw(&mut self, dedupe_key: &str, reason: &str, now: i64) -> Result<u64> {
        Ok(self
            .conn
            .prepare_cached(
                "UPDATE outbox SET status = 'cancelled', last_error = $1, claimed_by = NULL, lease_until = NULL, \
                 updated_at = $2 WHERE dedupe_key = $3 AND status IN ('pending', 'claimed')",
            )?
            .execute(params![reason, now, dedupe_key])? as u64)
    }
}

fn item_from(r: &SqliteRow) -> Result<OutboxItem> {
    Ok(OutboxItem {
        id: r.try_get("id")?,
        channel: r.try_get("channel")?,
        kind: r.try_get("kind")?,
        relais: r.try_get("relais")?,
        recipient: r.try_get("recipient")?,
        subject: r.try_get("subject")?,
        body: r.try_get("body")?,
        urgent: r.try_get("urgent")?,
        attempts: r.try_get("attempts")?,
        expires_at: r.try_get("expires_at")?,
        created_at: r.try_get("created_at")?,
    })
}

fn row_from(r: &SqliteRow) -> Result<OutboxRow> {
    Ok(OutboxRow {
        id: r.try_get("id")?,
        channel: r.try_get("channel")?,
        kind: r.try_get("kind")?,
        relais: r.try_get("relais")?,
        recipient: r.try_get("recipient")?,
        status: r.try_get("status")?,
        urgent: r.try_get("urgent")?,
        attempts: r.try_get("attempts")?,
        not_before: r.try_get("not_before")?,
        expires_at: r.try_get("expires_at")?,
        dedupe_key: r.try_get("dedupe_key")?,
        provider_id: r.try_get("provider_id")?,
        last_error: r.try_get("last_error")?,
        segments: r.try_get("segments")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        sent_at: r.try_get("sent_at")?,
    })
}

#[async_trait]
impl OutboxStore for SqliteStore {
    async fn claim_outbox(
        &self,
        worker: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<OutboxItem>> {
        // Leases that ran out: a claim never handed over goes back; a message being handed
        // over may have gone, so it waits for a report or an operator.
        sqlx::query(
            "UPDATE outbox SET status = 'pending', claimed_by = NULL, lease_until = NULL, updated_at = $1 \
             WHERE status = 'claimed' AND lease_until < $1",
        )
        .bind(now)
        .execute(&self.writer)
        .await?;
        sqlx::query(
            "UPDATE outbox SET status = 'unknown', last_error = 'the worker stopped while the provider was answering', \
             claimed_by = NULL, lease_until = NULL, updated_at = $1 WHERE status = 'sending' AND lease_until < $1",
        )
        .bind(now)
        .execute(&self.writer)
        .await?;
        let rows = sqlx::query(
            "UPDATE outbox SET status = 'claimed', claimed_by = $1, lease_until = $2, updated_at = $3 \
             WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND not_before <= $3 \
                          ORDER BY urgent DESC, not_before, id LIMIT $4) \
             RETURNING id, channel, kind, relais, recipient, subject, body, urgent, attempts, expires_at, created_at",
        )
        .bind(worker)
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.writer)
        .await?;
        let mut items = rows.iter().map(item_from).collect::<Result<Vec<_>>>()?;
        items.sort_by_key(|i| (!i.urgent, i.id));
        Ok(items)
    }

    async fn outbox_sending(&self, id: i64, worker: &str, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE outbox SET status = 'sending', updated_at = $1 \
             WHERE id = $2 AND claimed_by = $3 AND status = 'claimed'",
        )
        .bind(now)
        .bind(id)
        .bind(worker)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn outbox_done(&self, id: i64, worker: &str, outcome: &Outcome, now: i64) -> Result<()> {
        // After a hand-over (sent, retry, unknown, failed) the attempt's result is the truth,
        // whoever holds the row now; before it (deferred, cancelled, expired), only the
        // claim's holder may change the row.
        let q = match outcome {
            Outcome::Sent {
                provider_id,
                segments,
            } => sqlx::query(
                "UPDATE outbox SET status = CASE WHEN status IN ('delivered', 'failed') THEN status ELSE 'sent' END, \
                 provider_id = $1, segments = COALESCE($2, segments), sent_at = $3, attempts = attempts + 1, \
                 claimed_by = NULL, lease_until = NULL, updated_at = $3 WHERE id = $4",
            )
            .bind(provider_id)
            .bind(segments)
            .bind(now)
            .bind(id),
            Outcome::Retry { at, error, counts } => sqlx::query(
                "UPDATE outbox SET status = 'pending', last_error = $1, not_before = $2, attempts = attempts + $3, \
                 claimed_by = NULL, lease_until = NULL, updated_at = $4 WHERE id = $5 AND status IN ('sending', 'claimed')",
            )
            .bind(error)
            .bind(at)
            .bind(i64::from(*counts))
            .bind(now)
            .bind(id),
            Outcome::Unknown { error } => sqlx::query(
                "UPDATE outbox SET status = CASE WHEN status = 'sending' THEN 'unknown' ELSE status END, \
                 last_error = $1, attempts = attempts + 1, claimed_by = NULL, lease_until = NULL, updated_at = $2 \
                 WHERE id = $3",
            )
            .bind(error)
            .bind(now)
            .bind(id),
            Outcome::Failed { error } => sqlx::query(
                "UPDATE outbox SET status = CASE WHEN status = 'delivered' THEN status ELSE 'failed' END, \
                 last_error = $1, attempts = attempts + 1, claimed_by = NULL, lease_until = NULL, updated_at = $2 \
                 WHERE id = $3",
            )
            .bind(error)
            .bind(now)
            .bind(id),
            Outcome::Deferred { until } => sqlx::query(
                "UPDATE outbox SET status = 'pending', not_before = $1, claimed_by = NULL, lease_until = NULL, \
                 updated_at = $2 WHERE id = $3 AND claimed_by = $4 AND status = 'claimed'",
            )
            .bind(until)
            .bind(now)
            .bind(id)
            .bind(worker),
            Outcome::Cancelled { reason } => sqlx::query(
                "UPDATE outbox SET status = 'cancelled', last_error = $1, claimed_by = NULL, lease_until = NULL, \
                 updated_at = $2 WHERE id = $3 AND claimed_by = $4 AND status = 'claimed'",
            )
            .bind(reason)
            .bind(now)
            .bind(id)
            .bind(worker),
            Outcome::Expired => sqlx::query(
                "UPDATE outbox SET status = 'expired', last_error = NULL, claimed_by = NULL, lease_until = NULL, \
                 updated_at = $1 WHERE id = $2 AND claimed_by = $3 AND status = 'claimed'",
            )
            .bind(now)
            .bind(id)
            .bind(worker),
        };
        q.execute(&self.writer).await?;
        Ok(())
    }

    async fn release_outbox(&self, worker: &str, now: i64) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE outbox SET status = 'pending', claimed_by = NULL, lease_until = NULL, updated_at = $1 \
             WHERE claimed_by = $2 AND status = 'claimed'",
        )
        .bind(now)
        .bind(worker)
        .execute(&self.writer)
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
        if ![status::SENT, status::DELIVERED, status::FAILED].contains(&new_status) {
            return Ok(false);
        }
        // Reports only move a message forward: a late "sent" does not undo "delivered".
        const SET: &str = "status = CASE \
               WHEN $1 = 'sent' AND status IN ('sent', 'delivered', 'failed') THEN status \
               WHEN $1 = 'failed' AND status = 'delivered' THEN status \
               ELSE $1 END, \
             provider_id = COALESCE(provider_id, $2), last_error = COALESCE($3, last_error), \
             sent_at = COALESCE(sent_at, $4), claimed_by = NULL, lease_until = NULL, updated_at = $4";
        let q = match report {
            Report::ProviderId(p) => sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE outbox SET {SET} WHERE provider_id = $5"
            )))
            .bind(new_status)
            .bind(provider_id)
            .bind(error)
            .bind(now)
            .bind(p.to_string()),
            Report::Reference(r) => {
                let Some((id, created)) = parse_reference(r) else {
                    return Ok(false);
                };
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE outbox SET {SET} WHERE id = $5 AND created_at = $6"
                )))
                .bind(new_status)
                .bind(provider_id)
                .bind(error)
                .bind(now)
                .bind(id)
                .bind(created)
            }
        };
        let done = q.execute(&self.writer).await?;
        Ok(done.rows_affected() > 0)
    }

    async fn opted_out(&self, key: &str) -> Result<bool> {
        let row = sqlx::query("SELECT opted_out_at FROM contacts WHERE phone = $1")
            .bind(key)
            .fetch_optional(&self.reader)
            .await?;
        Ok(match row {
            Some(r) => r.try_get::<Option<i64>, _>("opted_out_at")?.is_some(),
            None => false,
        })
    }

    async fn outbox_list(&self, filter: &OutboxFilter, limit: i64) -> Result<Vec<OutboxRow>> {
        let rows = sqlx::query(
            "SELECT id, channel, kind, relais, recipient, status, urgent, attempts, not_before, expires_at, \
             dedupe_key, provider_id, last_error, segments, created_at, updated_at, sent_at FROM outbox \
             WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR kind = $2) ORDER BY id DESC LIMIT $3",
        )
        .bind(&filter.status)
        .bind(&filter.kind)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(row_from).collect()
    }

    async fn outbox_oldest(&self, filter: &OutboxFilter) -> Result<Option<i64>> {
        let row = sqlx::query(
            "SELECT MIN(created_at) AS oldest FROM outbox \
             WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR kind = $2)",
        )
        .bind(&filter.status)
        .bind(&filter.kind)
        .fetch_one(&self.reader)
        .await?;
        Ok(row.try_get("oldest")?)
    }

    async fn outbox_counts(&self) -> Result<Vec<(String, i64)>> {
        let rows =
            sqlx::query("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status ORDER BY status")
                .fetch_all(&self.reader)
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("status")?, r.try_get("n")?)))
            .collect()
    }

    async fn outbox_retry(&self, id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE outbox SET status = 'pending', not_before = $1, claimed_by = NULL, lease_until = NULL, \
             updated_at = $1 WHERE id = $2 AND status IN ('failed', 'unknown')",
        )
        .bind(now)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn outbox_cancel(&self, id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE outbox SET status = 'cancelled', last_error = 'cancelled by an operator', \
             claimed_by = NULL, lease_until = NULL, updated_at = $1 WHERE id = $2 AND status IN ('pending', 'claimed')",
        )
        .bind(now)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn set_outbox_paused(&self, paused: bool, now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO switches (name, value, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET value = $2, updated_at = $3",
        )
        .bind(PAUSED)
        .bind(if paused { "true" } else { "false" })
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn outbox_paused(&self) -> Result<bool> {
        let row = sqlx::query("SELECT value FROM switches WHERE name = $1")
            .bind(PAUSED)
            .fetch_optional(&self.reader)
            .await?;
        Ok(match row {
            Some(r) => r.try_get::<String, _>("value")? == "true",
            None => false,
        })
    }
}

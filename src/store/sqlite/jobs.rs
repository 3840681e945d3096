//! SQLite side of scheduled jobs: scheduling and finishing inside a transaction (rusqlite, on
//! the writer thread), claims and operators' reads (sqlx). A claim is one statement, atomic in
//! SQLite; PostgreSQL will add `FOR UPDATE SKIP LOCKED` to the inner `SELECT`.

use async_trait::async_trait;
use rusqlite::params;
use sqlx::Row;

use super::SqliteStore;
use super::writer::TurnTx;
use crate::store::jobs::{Job, JobRow, JobStore, JobTx, NewJob};
use crate::store::{Result, StoreError};

#[async_trait]
impl JobTx for TurnTx<'_> {
    async fn schedule(&mut self, j: &NewJob) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO jobs (kind, key, payload, run_at, status, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'pending', $5, $5) \
                 ON CONFLICT (key) DO UPDATE SET kind = $1, payload = $3, run_at = $4, status = 'pending', \
                 attempts = 0, last_error = NULL, updated_at = $5 WHERE jobs.status <> 'running'",
            )?
            .execute(params![j.kind, j.key, j.payload, j.run_at, j.now])?;
        Ok(())
    }

    async fn cancel_job(&mut self, key: &str, now: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE jobs SET status = 'cancelled', updated_at = $1 WHERE key = $2 AND status IN ('pending', 'running')",
            )?
            .execute(params![now, key])?;
        Ok(())
    }

    async fn finish_job(&mut self, id: i64, worker: &str, now: i64) -> Result<()> {
        let done = self
            .conn
            .prepare_cached(
                "UPDATE jobs SET status = 'done', attempts = attempts + 1, claimed_by = NULL, lease_until = NULL, \
                 updated_at = $1 WHERE id = $2 AND claimed_by = $3 AND status = 'running'",
            )?
            .execute(params![now, id, worker])?;
        if done == 1 {
            Ok(())
        } else {
            Err(StoreError::Conflict)
        }
    }

    async fn postpone_job(&mut self, id: i64, worker: &str, run_at: i64, now: i64) -> Result<()> {
        let done = self
            .conn
            .prepare_cached(
                "UPDATE jobs SET status = 'pending', run_at = $1, claimed_by = NULL, lease_until = NULL, \
                 updated_at = $2 WHERE id = $3 AND claimed_by = $4 AND status = 'running'",
            )?
            .execute(params![run_at, now, id, worker])?;
        if done == 1 {
            Ok(())
        } else {
            Err(StoreError::Conflict)
        }
    }
}

#[async_trait]
impl JobStore for SqliteStore {
    async fn claim_jobs(
        &self,
        worker: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<Job>> {
        // A job whose worker died is due again: its work and its end are one transaction, so
        // nothing of it happened.
        let rows = sqlx::query(
            "UPDATE jobs SET status = 'running', claimed_by = $1, lease_until = $2, updated_at = $3 \
             WHERE id IN (SELECT id FROM jobs WHERE run_at <= $3 AND \
                          (status = 'pending' OR (status = 'running' AND lease_until < $3)) \
                          ORDER BY run_at, id LIMIT $4) \
             RETURNING id, kind, key, payload, run_at, attempts",
        )
        .bind(worker)
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.writer)
        .await?;
        let mut jobs = rows
            .iter()
            .map(|r| {
                Ok(Job {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    key: r.try_get("key")?,
                    payload: r.try_get("payload")?,
                    run_at: r.try_get("run_at")?,
                    attempts: r.try_get("attempts")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        jobs.sort_by_key(|j| (j.run_at, j.id));
        Ok(jobs)
    }

    async fn job_failed(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        retry_at: Option<i64>,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE jobs SET status = CASE WHEN $1 IS NULL THEN 'failed' ELSE 'pending' END, \
             run_at = COALESCE($1, run_at), last_error = $2, attempts = attempts + 1, \
             claimed_by = NULL, lease_until = NULL, updated_at = $3 \
             WHERE id = $4 AND claimed_by = $5 AND status = 'running'",
        )
        .bind(retry_at)
        .bind(error)
        .bind(now)
        .bind(id)
        .bind(worker)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn release_jobs(&self, worker: &str, now: i64) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE jobs SET status = 'pending', claimed_by = NULL, lease_until = NULL, updated_at = $1 \
             WHERE claimed_by = $2 AND status = 'running'",
        )
        .bind(now)
        .bind(worker)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected())
    }

    async fn jobs_waiting(&self, limit: i64) -> Result<Vec<JobRow>> {
        let rows = sqlx::query(
            "SELECT id, kind, key, run_at, status, attempts, last_error FROM jobs \
             WHERE status IN ('pending', 'running', 'failed') ORDER BY run_at, id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(JobRow {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    key: r.try_get("key")?,
                    run_at: r.try_get("run_at")?,
                    status: r.try_get("status")?,
                    attempts: r.try_get("attempts")?,
                    last_error: r.try_get("last_error")?,
                })
            })
            .collect()
    }
}

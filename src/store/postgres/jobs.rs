//! PostgreSQL side of scheduled jobs: scheduling and finishing inside a turn's transaction,
//! claims and operators' reads. A claim's inner `SELECT` locks its rows `FOR UPDATE SKIP
//! LOCKED`: several instances share the table, none takes a job another is taking. The
//! statements both backends share are in [`crate::store::jobs::sql`].

use async_trait::async_trait;
use sqlx::{AssertSqlSafe, Row};

use super::PgStore;
use super::turn::PgTx;
use crate::store::jobs::{Job, JobRow, JobStore, JobTx, NewJob, sql};
use crate::store::{Result, StoreError};

#[async_trait]
impl JobTx for PgTx<'_> {
    async fn schedule(&mut self, j: &NewJob) -> Result<()> {
        sqlx::query(sql::SCHEDULE)
            .bind(&j.kind)
            .bind(&j.key)
            .bind(&j.payload)
            .bind(j.run_at)
            .bind(j.now)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn cancel_job(&mut self, key: &str, now: i64) -> Result<()> {
        sqlx::query(sql::CANCEL)
            .bind(now)
            .bind(key)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn finish_job(&mut self, id: i64, worker: &str, now: i64) -> Result<()> {
        let done = sqlx::query(sql::FINISH)
            .bind(now)
            .bind(id)
            .bind(worker)
            .execute(&mut *self.conn)
            .await?;
        if done.rows_affected() == 1 {
            Ok(())
        } else {
            Err(StoreError::Conflict)
        }
    }

    async fn postpone_job(&mut self, id: i64, worker: &str, run_at: i64, now: i64) -> Result<()> {
        let done = sqlx::query(sql::POSTPONE)
            .bind(run_at)
            .bind(now)
            .bind(id)
            .bind(worker)
            .execute(&mut *self.conn)
            .await?;
        if done.rows_affected() == 1 {
            Ok(())
        } else {
            Err(StoreError::Conflict)
        }
    }
}

#[async_trait]
impl JobStore for PgStore {
    async fn claim_jobs(
        &self,
        worker: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<Job>> {
        // A job whose worker died is due again: its work and its end are one transaction, so
        // nothing of it happened. Jobs another instance is claiming are skipped.
        let rows = sqlx::query(AssertSqlSafe(format!(
            "UPDATE jobs SET status = 'running', claimed_by = $1, lease_until = $2, updated_at = $3 \
             WHERE id IN (SELECT id FROM jobs WHERE run_at <= $3 AND \
                          (status = 'pending' OR (status = 'running' AND lease_until < $3)) \
                          ORDER BY run_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) \
             RETURNING {}",
            sql::JOB_COLUMNS
        )))
        .bind(worker)
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut jobs = rows
            .iter()
            .map(|r| Ok(crate::job_row!(r)))
            .collect::<Result<Vec<Job>>>()?;
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
            "UPDATE jobs SET status = CASE WHEN $1::bigint IS NULL THEN 'failed' ELSE 'pending' END, \
             run_at = COALESCE($1::bigint, run_at), last_error = $2, attempts = attempts + 1, \
             claimed_by = NULL, lease_until = NULL, updated_at = $3 \
             WHERE id = $4 AND claimed_by = $5 AND status = 'running'",
        )
        .bind(retry_at)
        .bind(error)
        .bind(now)
        .bind(id)
        .bind(worker)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn release_jobs(&self, worker: &str, now: i64) -> Result<u64> {
        let done = sqlx::query(sql::RELEASE)
            .bind(now)
            .bind(worker)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    async fn jobs_waiting(&self, limit: i64) -> Result<Vec<JobRow>> {
        let rows = sqlx::query(sql::WAITING)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok(crate::job_waiting_row!(r)))
            .collect::<Result<Vec<JobRow>>>()
    }
}

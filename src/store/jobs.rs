//! Storage of scheduled jobs: time-based work done inside the service (a sign-up's reminder
//! now; "no news for 3 days" and retention later). One row per logical job (its key), kept in
//! the database so a restart loses none.
//!
//! A worker claims due jobs with a lease ([`JobStore::claim_jobs`]); the job's work and its
//! [`JobTx::finish_job`] run in one transaction, which fails if the claim was lost, so a job's
//! effects happen once even with several workers or instances.

use async_trait::async_trait;

use super::Result;

/// Statuses of a job.
pub mod status {
    pub const PENDING: &str = "pending";
    pub const RUNNING: &str = "running";
    pub const DONE: &str = "done";
    pub const CANCELLED: &str = "cancelled";
    pub const FAILED: &str = "failed";
}

/// A job to schedule (or to move, if its key exists and it is not running).
#[derive(Clone, Debug, PartialEq)]
pub struct NewJob {
    pub kind: String,
    /// One job per key (`signup-reminder:42`).
    pub key: String,
    /// What the job needs, as text (an id, JSON).
    pub payload: String,
    pub run_at: i64,
    pub now: i64,
}

/// A claimed job.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub key: String,
    pub payload: String,
    pub run_at: i64,
    pub attempts: i64,
}

/// A job as operators read it.
#[derive(Clone, Debug, PartialEq)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub key: String,
    pub run_at: i64,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// The statements both backends run as they are, each numbering its parameters in the order
/// they first appear (rusqlite binds `$n` by that order, sqlx by number). Claims differ
/// (PostgreSQL locks with `FOR UPDATE SKIP LOCKED`), and so does [`JobStore::job_failed`]
/// (PostgreSQL casts its NULL parameter).
pub(crate) mod sql {
    /// Binds: kind, key, payload, run_at, now.
    pub const SCHEDULE: &str = "INSERT INTO jobs (kind, key, payload, run_at, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'pending', $5, $5) \
         ON CONFLICT (key) DO UPDATE SET kind = $1, payload = $3, run_at = $4, status = 'pending', \
         attempts = 0, last_error = NULL, updated_at = $5 WHERE jobs.status <> 'running'";
    /// Binds: now, key.
    pub const CANCEL: &str = "UPDATE jobs SET status = 'cancelled', updated_at = $1 WHERE key = $2 AND status IN ('pending', 'running')";
    /// Binds: now, id, worker.
    pub const FINISH: &str = "UPDATE jobs SET status = 'done', attempts = attempts + 1, claimed_by = NULL, lease_until = NULL, \
         updated_at = $1 WHERE id = $2 AND claimed_by = $3 AND status = 'running'";
    /// Binds: run_at, now, id, worker.
    pub const POSTPONE: &str = "UPDATE jobs SET status = 'pending', run_at = $1, claimed_by = NULL, lease_until = NULL, \
         updated_at = $2 WHERE id = $3 AND claimed_by = $4 AND status = 'running'";
    /// The columns of a [`super::Job`], as a claim returns them.
    pub const JOB_COLUMNS: &str = "id, kind, key, payload, run_at, attempts";
    /// Binds: now, worker.
    pub const RELEASE: &str = "UPDATE jobs SET status = 'pending', claimed_by = NULL, lease_until = NULL, updated_at = $1 \
         WHERE claimed_by = $2 AND status = 'running'";
    /// Binds: limit.
    pub const WAITING: &str = "SELECT id, kind, key, run_at, status, attempts, last_error FROM jobs \
         WHERE status IN ('pending', 'running', 'failed') ORDER BY run_at, id LIMIT $1";
}

/// A [`Job`] from a sqlx row of either backend with [`sql::JOB_COLUMNS`].
#[macro_export]
#[doc(hidden)]
macro_rules! job_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::jobs::Job {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            key: r.try_get("key")?,
            payload: r.try_get("payload")?,
            run_at: r.try_get("run_at")?,
            attempts: r.try_get("attempts")?,
        }
    }};
}

/// A [`JobRow`] from a sqlx row of either backend read by [`sql::WAITING`].
#[macro_export]
#[doc(hidden)]
macro_rules! job_waiting_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::jobs::JobRow {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            key: r.try_get("key")?,
            run_at: r.try_get("run_at")?,
            status: r.try_get("status")?,
            attempts: r.try_get("attempts")?,
            last_error: r.try_get("last_error")?,
        }
    }};
}

/// Inside a transaction: scheduling, and finishing the job being run.
#[async_trait]
pub trait JobTx: Send {
    /// Creates the job, or moves it to a new time (and makes it pending again) if one with
    /// the same key exists and is not running.
    async fn schedule(&mut self, job: &NewJob) -> Result<()>;
    /// Cancels the job with this key if it has not run.
    async fn cancel_job(&mut self, key: &str, now: i64) -> Result<()>;
    /// Marks a job done; fails with `Conflict` if `worker` no longer holds it, so the work
    /// done in the same transaction is rolled back.
    async fn finish_job(&mut self, id: i64, worker: &str, now: i64) -> Result<()>;
    /// Puts the job being run back to wait until `run_at` (its subject moved); same check.
    async fn postpone_job(&mut self, id: i64, worker: &str, run_at: i64, now: i64) -> Result<()>;
}

/// The scheduler's and operators' side.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Takes up to `limit` jobs due at `now` for `worker` until `lease_until`; jobs whose
    /// lease ran out (a worker died) are due again.
    async fn claim_jobs(
        &self,
        worker: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<Job>>;
    /// A run that failed: retried at `retry_at`, or given up when `None`.
    async fn job_failed(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        retry_at: Option<i64>,
        now: i64,
    ) -> Result<()>;
    /// Lets go of a worker's claimed jobs (it is stopping).
    async fn release_jobs(&self, worker: &str, now: i64) -> Result<u64>;
    /// Jobs not done yet, soonest first.
    async fn jobs_waiting(&self, limit: i64) -> Result<Vec<JobRow>>;
}

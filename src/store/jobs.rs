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

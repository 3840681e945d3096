//! PostgreSQL side of `store::jobs` (to be written).

use async_trait::async_trait;

use super::PgStore;
use super::turn::PgTx;
#[allow(unused_imports)]
use crate::store::jobs::*;
#[allow(unused_imports)]
use crate::store::*;

#[async_trait]
impl JobTx for PgTx<'_> {
    async fn schedule(&mut self, j: &NewJob) -> Result<()> {
        let _ = j;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn cancel_job(&mut self, key: &str, now: i64) -> Result<()> {
        let _ = key;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn finish_job(&mut self, id: i64, worker: &str, now: i64) -> Result<()> {
        let _ = id;
        let _ = worker;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn postpone_job(&mut self, id: i64, worker: &str, run_at: i64, now: i64) -> Result<()> {
        let _ = id;
        let _ = worker;
        let _ = run_at;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
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
        let _ = worker;
        let _ = now;
        let _ = lease_until;
        let _ = limit;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn job_failed(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        retry_at: Option<i64>,
        now: i64,
    ) -> Result<()> {
        let _ = id;
        let _ = worker;
        let _ = error;
        let _ = retry_at;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn release_jobs(&self, worker: &str, now: i64) -> Result<u64> {
        let _ = worker;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn jobs_waiting(&self, limit: i64) -> Result<Vec<JobRow>> {
        let _ = limit;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

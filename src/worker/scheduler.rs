//! The scheduler step: claim the jobs due at `now` and run each in one transaction with its
//! end, so a job's effects happen once even when two workers (or instances) race for it.

use futures::future::BoxFuture;

use crate::store::{self, Job, StoreError, Tx};

use super::Worker;

/// Most jobs claimed at once: a job is one short transaction, whatever the SMS pace.
pub const JOB_BATCH: i64 = 50;

/// A failed job is tried again after these delays (seconds), then given up.
pub const RETRY_SCHEDULE: [i64; 4] = [60, 600, 3600, 6 * 3600];

impl Worker {
    /// Runs the jobs due at `now`; returns how many ran.
    pub async fn scheduler_step(&self, now: i64) -> Result<usize, StoreError> {
        let store = self.store();
        let lease = now + self.config.lease_secs;
        let jobs = store.claim_jobs(&self.id, now, lease, JOB_BATCH).await?;
        let mut ran = 0;
        for job in jobs {
            if self.stopping() {
                break;
            }
            let outcome = if job.kind == crate::missions::pull::PULL_JOB {
                self.run_pull(&job, now).await
            } else if job.kind == super::retention::RETENTION_JOB {
                self.run_retention(&job, now).await
            } else {
                self.run_job(job.clone(), now).await
            };
            match outcome {
                Ok(()) => ran += 1,
                // Another worker took it over (our lease ran out): its run counts. Or the
                // database was busy: the job is given back below and runs at the next step.
                Err(StoreError::Conflict | StoreError::Busy) => {}
                Err(e) => {
                    let retry = RETRY_SCHEDULE.get(job.attempts as usize).map(|d| now + d);
                    tracing::error!(job = job.id, kind = %job.kind, error = %e, "job failed");
                    store
                        .job_failed(job.id, &self.id, &e.to_string(), retry, now)
                        .await?;
                }
            }
        }
        store.release_jobs(&self.id, now).await?;
        Ok(ran)
    }

    /// The missions feed's pull: fetched and imported outside any transaction (it may take
    /// a while), then the job's end and its next run written together. A failed pull is
    /// logged and tried again at the next period.
    async fn run_pull(&self, job: &Job, now: i64) -> Result<(), StoreError> {
        use crate::missions::pull::{PullState, Pulled, pull};
        let mut state: PullState = serde_json::from_str(&job.payload)
            .map_err(|e| StoreError::Corrupt(format!("missions pull payload: {e}")))?;
        let communes = &self.conversations.core.communes;
        match pull(self.store(), communes, &self.http, &state, now).await {
            Ok((Pulled::NotModified, _)) => tracing::info!("missions feed unchanged (304)"),
            Ok((Pulled::Imported(r), etag)) => {
                tracing::info!(
                    created = r.created,
                    updated = r.updated,
                    unchanged = r.unchanged,
                    closed = r.closed,
                    refused = r.refused.len(),
                    "missions feed imported"
                );
                state.etag = etag;
            }
            Err(e) => {
                tracing::error!(error = %e, "missions feed pull failed; next try at the next period")
            }
        }
        let (id, worker, next) = (job.id, self.id.clone(), state.job(state.next_run(now), now));
        store::within(
            self.store(),
            move |tx: &mut dyn Tx| -> BoxFuture<'_, Result<(), StoreError>> {
                Box::pin(async move {
                    tx.finish_job(id, &worker, now).await?;
                    tx.schedule(&next).await
                })
            },
        )
        .await
    }

    async fn run_job(&self, job: Job, now: i64) -> Result<(), StoreError> {
        let core = self.conversations.core.clone();
        let worker = self.id.clone();
        store::within(
            self.store(),
            move |tx: &mut dyn Tx| -> BoxFuture<'_, Result<(), StoreError>> {
                Box::pin(async move {
                    match job.kind.as_str() {
                        crate::volunteering::REMINDER_JOB => {
                            crate::volunteering::run_reminder(&core, tx, &job, &worker, now).await
                        }
                        other => Err(StoreError::Corrupt(format!("unknown job kind \"{other}\""))),
                    }
                })
            },
        )
        .await
    }
}

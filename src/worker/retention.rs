//! The retention job: once a day, what is older than `retention_days` (365 by default: INFO
//! tells residents 12 months) is forgotten — the words of messages, call-backs and closed
//! requests, idle conversations, sent texts. Counts stay. Scheduled at start, then it
//! schedules its next run; its payload carries the period.

use futures::future::BoxFuture;

use super::Worker;
use crate::store::{self, Job, NewJob, StoreError, Tx};

pub const RETENTION_JOB: &str = "retention";
/// How long words are kept by default (INFO: "pendant 12 mois").
pub const KEEP_SECS: i64 = 365 * DAY;
const DAY: i64 = 24 * 3600;

/// The retention job keeping `days`, due at `run_at`.
pub fn job(days: u32, run_at: i64, now: i64) -> NewJob {
    NewJob {
        kind: RETENTION_JOB.into(),
        key: RETENTION_JOB.into(),
        payload: days.to_string(),
        run_at,
        now,
    }
}

impl Worker {
    pub(super) async fn run_retention(&self, job: &Job, now: i64) -> Result<(), StoreError> {
        let days: u32 = job.payload.trim().parse().unwrap_or(365);
        let forgotten = self
            .store()
            .forget_before(now - i64::from(days) * DAY, now)
            .await?;
        for (table, rows) in &forgotten.tables {
            if *rows > 0 {
                tracing::info!(table = %table, rows, days, "retention: older words forgotten");
            }
        }
        let (id, worker, next) = (job.id, self.id.clone(), job_next(days, now));
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
}

fn job_next(days: u32, now: i64) -> NewJob {
    job(days, now + DAY, now)
}

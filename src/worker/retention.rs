//! The retention job: once a day, what is older than 12 months is forgotten (the words of
//! messages, call-backs and closed requests, idle conversations, sent texts), as INFO tells
//! residents. Counts stay. Scheduled at start, then it schedules its next run.

use futures::future::BoxFuture;

use super::Worker;
use crate::store::{self, Job, NewJob, StoreError, Tx};

pub const RETENTION_JOB: &str = "retention";
/// How long words are kept (INFO: "pendant 12 mois").
pub const KEEP_SECS: i64 = 365 * 24 * 3600;
const EVERY_SECS: i64 = 24 * 3600;

/// The retention job, due at `run_at`.
pub fn job(run_at: i64, now: i64) -> NewJob {
    NewJob {
        kind: RETENTION_JOB.into(),
        key: RETENTION_JOB.into(),
        payload: String::new(),
        run_at,
        now,
    }
}

impl Worker {
    pub(super) async fn run_retention(&self, job: &Job, now: i64) -> Result<(), StoreError> {
        let forgotten = self.store().forget_before(now - KEEP_SECS, now).await?;
        for (table, rows) in &forgotten.tables {
            if *rows > 0 {
                tracing::info!(table = %table, rows, "retention: older than 12 months forgotten");
            }
        }
        let (id, worker, next) = (job.id, self.id.clone(), job_next(now));
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

fn job_next(now: i64) -> NewJob {
    job(now + EVERY_SECS, now)
}

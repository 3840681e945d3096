//! The retention job: once a day, each relais forgets what is older than its periods —
//! conversations (messages, sessions, call-backs' words, sent texts) after
//! `conversation_days` (90 by default), a closed request's free text and notes
//! `request_days` after it was closed (365). The periods are the relais's own (the settings
//! file, `passerelle relais set`, the console; read again from the database at each run, so
//! every instance follows what the team changed), else the instance's defaults: the same
//! ones the first-contact notice and INFO tell residents. Counts stay. Scheduled at start
//! unless `retention_days = 0`, then it schedules its next run.

use futures::future::BoxFuture;

use super::Worker;
use crate::domain::Relais;
use crate::domain::retention::{DAY_SECS, OwnPeriods, Periods};
use crate::store::privacy::{Cutoff, Scope};
use crate::store::{self, Job, NewJob, StoreError, Tx};

pub const RETENTION_JOB: &str = "retention";

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

/// The cut-offs at `now`: one rule per relais known (its own periods over `defaults`, the
/// stored ones winning), and one for every other relais (the defaults).
pub fn cutoffs(
    relais: &[Relais],
    stored: &[(String, OwnPeriods)],
    defaults: Periods,
    now: i64,
) -> Vec<Cutoff> {
    let mut ids: Vec<String> = Vec::new();
    let mut rules = Vec::new();
    let mut rule = |id: &str, own: OwnPeriods| {
        if ids.iter().any(|i| i == id) {
            return;
        }
        let (conversations_before, requests_before) = own.over(defaults).cutoffs(now);
        ids.push(id.to_string());
        rules.push(Cutoff {
            scope: Scope::One(id.to_string()),
            conversations_before,
            requests_before,
        });
    };
    for r in relais {
        let own = stored
            .iter()
            .find(|(id, _)| *id == r.id)
            .map_or(r.retention, |(_, s)| r.retention.or(*s));
        rule(&r.id, own);
    }
    for (id, own) in stored {
        rule(id, *own);
    }
    let (conversations_before, requests_before) = defaults.cutoffs(now);
    rules.push(Cutoff {
        scope: Scope::AllBut(ids),
        conversations_before,
        requests_before,
    });
    rules
}

impl Worker {
    pub(super) async fn run_retention(&self, job: &Job, now: i64) -> Result<(), StoreError> {
        let core = &self.conversations.core;
        let stored = self.store().relais_retention().await?;
        let rules = cutoffs(&core.relais.all(), &stored, core.retention, now);
        let forgotten = self.store().forget_before(&rules, now).await?;
        for (table, rows) in &forgotten.tables {
            if *rows > 0 {
                tracing::info!(table = %table, rows, "retention: older words forgotten");
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
    job(now + DAY_SECS, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RelaisSet;

    fn relais(id: &str, own: OwnPeriods) -> Relais {
        Relais {
            id: id.into(),
            retention: own,
            ..RelaisSet::fallback()
        }
    }

    #[test]
    fn each_relais_forgets_after_its_own_periods_and_the_rest_after_the_defaults() {
        let now = 1000 * DAY_SECS;
        let defaults = Periods::default();
        let a = relais(
            "a",
            OwnPeriods {
                conversation_days: Some(30),
                request_days: None,
            },
        );
        let b = relais("b", OwnPeriods::default());
        // What the console stored for b since the service started wins over what it had.
        let stored = vec![
            (
                "b".to_string(),
                OwnPeriods {
                    conversation_days: None,
                    request_days: Some(730),
                },
            ),
            ("c".to_string(), OwnPeriods::default()),
        ];
        let rules = cutoffs(&[a, b], &stored, defaults, now);
        let day = |d: i64| now - d * DAY_SECS;
        assert_eq!(
            rules,
            vec![
                Cutoff {
                    scope: Scope::One("a".into()),
                    conversations_before: day(30),
                    requests_before: day(365),
                },
                Cutoff {
                    scope: Scope::One("b".into()),
                    conversations_before: day(90),
                    requests_before: day(730),
                },
                Cutoff {
                    scope: Scope::One("c".into()),
                    conversations_before: day(90),
                    requests_before: day(365),
                },
                Cutoff {
                    scope: Scope::AllBut(vec!["a".into(), "b".into(), "c".into()]),
                    conversations_before: day(90),
                    requests_before: day(365),
                },
            ]
        );
    }
}

//! Claims under contention: instances sharing one database claim the same queue and the same
//! jobs at once, in many small bites; no message and no job is ever held by two of them.

use std::collections::BTreeMap;
use std::sync::Arc;

use passerelle::store::{self, NewJob, Store, StoreError, Tx};

use crate::outbox::{ALICE, app, queue, sms};

const MESSAGES: usize = 300;
const INSTANCES: usize = 3;
const WORKERS_EACH: usize = 3;

/// Stores for `INSTANCES` instances: the app's, and others opened on the same database.
async fn instances(url: &str, first: Arc<dyn Store>) -> Vec<Arc<dyn Store>> {
    let mut all = vec![first];
    for _ in 1..INSTANCES {
        all.push(store::open(url).await.unwrap());
    }
    all
}

/// Runs `claim` from every worker of every instance until nothing is left; what each took.
async fn race<F, Fut>(stores: &[Arc<dyn Store>], claim: F) -> BTreeMap<i64, Vec<String>>
where
    F: Fn(Arc<dyn Store>, String) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Vec<i64>> + Send,
{
    let mut tasks = Vec::new();
    for (i, s) in stores.iter().enumerate() {
        for w in 0..WORKERS_EACH {
            let (s, claim) = (s.clone(), claim.clone());
            let name = format!("instance-{i}-worker-{w}");
            tasks.push(tokio::spawn(async move {
                let mut took = Vec::new();
                loop {
                    let ids = claim(s.clone(), name.clone()).await;
                    if ids.is_empty() {
                        break;
                    }
                    took.extend(ids.into_iter().map(|id| (id, name.clone())));
                }
                took
            }));
        }
    }
    let mut by_id: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for t in tasks {
        for (id, who) in t.await.unwrap() {
            by_id.entry(id).or_default().push(who);
        }
    }
    by_id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_claiming_one_outbox_at_once_never_hold_the_same_message() {
    let app = app().await;
    let t = crate::helpers::paris("2026-12-02T10:00");
    queue(
        &app,
        (0..MESSAGES)
            .map(|i| sms(ALICE, &format!("m{i}"), t))
            .collect(),
    )
    .await;
    let stores = instances(
        &app.settings.database_url,
        app.running.conversations.store.clone(),
    )
    .await;
    let by_id = race(&stores, move |s, worker| async move {
        let items = s.claim_outbox(&worker, t, t + 60, 2).await.unwrap();
        items.iter().map(|i| i.id).collect()
    })
    .await;
    let twice: Vec<_> = by_id.iter().filter(|(_, w)| w.len() > 1).collect();
    assert!(twice.is_empty(), "claimed twice: {twice:?}");
    assert_eq!(by_id.len(), MESSAGES, "every message claimed once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_claiming_one_job_table_at_once_never_hold_the_same_job() {
    let app = app().await;
    let t = crate::helpers::paris("2026-12-02T10:00");
    store::within(
        app.running.conversations.store.as_ref(),
        move |tx: &mut dyn Tx| -> futures::future::BoxFuture<'_, Result<(), StoreError>> {
            Box::pin(async move {
                for i in 0..MESSAGES {
                    tx.schedule(&NewJob {
                        kind: "test".into(),
                        key: format!("test:{i}"),
                        payload: String::new(),
                        run_at: t - 1,
                        now: t - 10,
                    })
                    .await?;
                }
                Ok(())
            })
        },
    )
    .await
    .unwrap();
    let stores = instances(
        &app.settings.database_url,
        app.running.conversations.store.clone(),
    )
    .await;
    let by_id = race(&stores, move |s, worker| async move {
        let jobs = s.claim_jobs(&worker, t, t + 60, 2).await.unwrap();
        jobs.iter().map(|j| j.id).collect()
    })
    .await;
    let twice: Vec<_> = by_id.iter().filter(|(_, w)| w.len() > 1).collect();
    assert!(twice.is_empty(), "claimed twice: {twice:?}");
    assert_eq!(by_id.len(), MESSAGES, "every job claimed once");
}

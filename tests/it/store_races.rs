//! Several instances on one database (PostgreSQL's case; on SQLite, one store shared by many
//! tasks): what is used once is used once however many try at the same moment — a setup
//! token, a TOTP step, a visit ended, a mission created — and what they share (a secret, a
//! count of failures) comes out the same for all.

use std::sync::Arc;

use passerelle::store::mediators::{NewMediator, ROLE_MEDIATOR};
use passerelle::store::partners::{MissionPut, Put};
use passerelle::store::visits::StoredVisit;
use passerelle::store::webhooks::NewSubscription;
use passerelle::store::{NewMission, Store};

use crate::helpers::{on_postgres, test_database_url};

/// How many try at once.
const RACERS: usize = 8;

/// Two instances on one fresh database (one shared store on SQLite: a single writer).
async fn two_instances(dir: &std::path::Path) -> [Arc<dyn Store>; 2] {
    let url = test_database_url(dir);
    let a = passerelle::store::open(&url).await.unwrap();
    let b = if on_postgres() {
        passerelle::store::open(&url).await.unwrap()
    } else {
        a.clone()
    };
    [a, b]
}

/// Runs `f` `RACERS` times at once, alternating instances; the answers in order.
async fn race<T, F, Fut>(stores: &[Arc<dyn Store>; 2], f: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(Arc<dyn Store>, usize) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let barrier = Arc::new(tokio::sync::Barrier::new(RACERS));
    let tasks: Vec<_> = (0..RACERS)
        .map(|i| {
            let run = f(stores[i % 2].clone(), i);
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                run.await
            })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_setup_token_a_totp_step_and_a_visit_are_used_once() {
    let dir = tempfile::tempdir().unwrap();
    let stores = two_instances(dir.path()).await;
    let id = stores[0]
        .create_mediator(&NewMediator {
            relais: "mairie-rumilly",
            email: "marc@mairie-rumilly.fr",
            name: "Marc",
            role: ROLE_MEDIATOR,
            setup_token_hash: "token-hash",
            setup_expires_at: 1_000,
            now: 0,
        })
        .await
        .unwrap();

    let secrets = race(&stores, |s, i| async move {
        s.pending_totp_secret(id, &format!("secret-{i}"))
            .await
            .unwrap()
    })
    .await;
    assert!(
        secrets.iter().all(|s| *s == secrets[0]),
        "one QR code: {secrets:?}"
    );

    let setups = race(&stores, |s, i| async move {
        s.finish_setup(id, "token-hash", &format!("hash-{i}"), 1, 10)
            .await
            .unwrap()
    })
    .await;
    assert_eq!(setups.iter().filter(|d| **d).count(), 1, "{setups:?}");
    let steps = race(&stores, |s, _| async move {
        s.use_totp_step(id, 5).await.unwrap()
    })
    .await;
    assert_eq!(steps.iter().filter(|d| **d).count(), 1, "{steps:?}");
    assert!(
        !stores[1].use_totp_step(id, 4).await.unwrap(),
        "an older step"
    );
    assert_eq!(
        stores[1]
            .mediator(id)
            .await
            .unwrap()
            .unwrap()
            .totp_last_step,
        Some(5)
    );

    let visit = StoredVisit {
        id_hash: "visit-hash".into(),
        who: "kiosk:v1".into(),
        kiosk: None,
        address: Some("192.0.2.1".into()),
        state: "{}".into(),
        last_seen: 100,
        created_at: 100,
        ended_at: None,
    };
    let saves = race(&stores, |s, i| {
        let mut v = visit.clone();
        v.last_seen = 100 + i as i64;
        async move { s.save_visit(&v).await.is_ok() }
    })
    .await;
    assert!(saves.iter().all(|ok| *ok), "created once, then updated");
    assert_eq!(stores[0].live_visits_from("192.0.2.1", 0).await.unwrap(), 1);
    let ended = race(&stores, |s, _| async move {
        s.end_visit("visit-hash", 200).await.unwrap()
    })
    .await;
    assert_eq!(ended.iter().flatten().count(), 1, "{ended:?}");
    stores[1].save_visit(&visit).await.unwrap();
    let stored = stores[0].visit("visit-hash").await.unwrap().unwrap();
    assert_eq!(
        (stored.ended_at, stored.state.as_str()),
        (Some(200), ""),
        "an ended visit stays ended"
    );

    let shared = race(&stores, |s, i| async move {
        s.secret("kiosk-visits", &format!("fresh-{i}"), 0)
            .await
            .unwrap()
    })
    .await;
    assert!(shared.iter().all(|s| *s == shared[0]), "{shared:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_feed_imported_twice_at_once_creates_each_mission_once() {
    let dir = tempfile::tempdir().unwrap();
    let stores = two_instances(dir.path()).await;
    let list: Vec<MissionPut> = (0..50)
        .map(|i| MissionPut {
            mission: NewMission {
                source: "feed".into(),
                external_id: format!("m{i}"),
                title: format!("Mission {i}"),
                description: String::new(),
                organization: "Asso".into(),
                domain: "sante".into(),
                commune_insee: "74225".into(),
                address: String::new(),
                start_at: None,
                end_at: None,
                places_left: 3,
                organization_phone: None,
                organization_email: None,
            },
            closed: false,
        })
        .collect();
    let list = Arc::new(list);
    let puts = race(&stores, |s, _| {
        let list = list.clone();
        async move { s.put_missions(&list, 100).await.unwrap() }
    })
    .await;
    let all: Vec<Put> = puts.into_iter().flatten().collect();
    let created = all.iter().filter(|p| matches!(p, Put::Created(_))).count();
    let unchanged = all
        .iter()
        .filter(|p| matches!(p, Put::Unchanged(_)))
        .count();
    assert_eq!((created, unchanged), (50, 50 * (RACERS - 1)));
    assert_eq!(stores[0].count("missions").await.unwrap(), 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn failures_reported_at_once_are_all_counted() {
    let dir = tempfile::tempdir().unwrap();
    let stores = two_instances(dir.path()).await;
    let sub = stores[0]
        .create_subscription(&NewSubscription {
            client_id: 0,
            client_name: "admin",
            relais: None,
            url: "https://partner.example/h",
            events: &["mission.full".to_string()],
            secret: "whsec_test",
            now: 0,
        })
        .await
        .unwrap();
    let mut counts = race(&stores, |s, _| async move {
        s.delivery_failed(sub.id, "503", None, 10).await.unwrap()
    })
    .await;
    counts.sort();
    assert_eq!(counts, (1..=RACERS as i64).collect::<Vec<_>>());
    let after = stores[1].subscription(sub.id).await.unwrap().unwrap();
    assert_eq!(
        (after.failures, after.status.as_str()),
        (RACERS as i64, "active")
    );
}

//! Workers sharing the outbox: two instances on one database never send a message twice, a
//! worker that died while sending leaves it unknown, a stopping worker finishes the message
//! in flight and gives back the rest; pace per sender; a pause by an operator.

use std::sync::Arc;
use std::time::Duration;

use passerelle::providers::{ProviderError, Sms, SmsProvider};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{paris, spawn_app_with, twilio_accepting, twilio_of, worker};
use crate::outbox::{ALICE, app, queue, rows, sms};

/// Counts what a stand-in was asked to send, slowly enough for two workers to overlap.
struct Counting(std::sync::Mutex<Vec<String>>);

#[async_trait::async_trait]
impl SmsProvider for Counting {
    async fn send(&self, sms: &Sms<'_>) -> Result<String, ProviderError> {
        tokio::time::sleep(Duration::from_millis(3)).await;
        self.0.lock().unwrap().push(sms.body.to_string());
        Ok(format!("ID-{}", sms.reference))
    }
}

#[tokio::test]
async fn a_pause_stops_every_sending_until_resumed() {
    let twilio = twilio_accepting().await;
    let app = app().await;
    let t = paris("2026-12-02T10:00");
    queue(&app, vec![sms(ALICE, "x", t)]).await;
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args(args)
            .env("DATABASE_URL", &app.settings.database_url)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    cli(&["outbox", "pause"]);
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    assert_eq!(w.outbox_step(t).await.unwrap(), Default::default());
    let listed = cli(&["outbox", "list"]);
    assert!(
        listed.contains("(PAUSED)") && listed.contains("pending 1"),
        "{listed}"
    );
    assert!(
        !listed.contains("612345678") && listed.contains("+33 6"),
        "numbers are hidden: {listed}"
    );
    cli(&["outbox", "resume"]);
    assert_eq!(w.outbox_step(t).await.unwrap().sent, 1);
}

#[tokio::test]
async fn one_sender_is_paced_to_its_rate() {
    let twilio = twilio_accepting().await;
    let app = spawn_app_with(|s| {
        s.outbox_worker = false;
        s.sms_per_second = 2;
    })
    .await;
    let t = paris("2026-12-02T10:00");
    queue(
        &app,
        (0..5).map(|i| sms(ALICE, &format!("m{i}"), t)).collect(),
    )
    .await;
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    let start = std::time::Instant::now();
    // A step takes about 2 seconds' worth of messages.
    let first = w.outbox_step(t).await.unwrap().sent;
    assert_eq!(first, 4);
    assert_eq!(first + w.outbox_step(t).await.unwrap().sent, 5);
    // 2 at once, then one every half second.
    assert!(
        start.elapsed() >= Duration::from_millis(1400),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn two_workers_on_one_database_never_send_the_same_message_twice() {
    let app = app().await;
    let t = paris("2026-12-02T10:00");
    queue(
        &app,
        (0..120).map(|i| sms(ALICE, &format!("m{i}"), t)).collect(),
    )
    .await;
    // The second worker is another instance: its own connections to the same file.
    let other_store = passerelle::store::open(&app.settings.database_url)
        .await
        .unwrap();
    let mut other = app.running.conversations.clone();
    other.store = other_store;
    let counting = Arc::new(Counting(Default::default()));
    let a = worker(&app, "instance-a", counting.clone());
    let b = passerelle::worker::Worker::unstoppable(
        "instance-b",
        other,
        counting.clone(),
        Arc::new(passerelle::providers::log::LogMailer::default()),
        passerelle::app::worker_config(&app.settings),
    );
    let run = |w: passerelle::worker::Worker| async move {
        let mut n = 0;
        for _ in 0..20 {
            n += w.outbox_step(t).await.unwrap().sent;
        }
        n
    };
    let (na, nb) = tokio::join!(run(a), run(b));
    assert_eq!(na + nb, 120);
    assert!(na > 0 && nb > 0, "both took a share: {na} + {nb}");
    let mut sent = counting.0.lock().unwrap().clone();
    sent.sort();
    sent.dedup();
    assert_eq!(sent.len(), 120, "each message once");
    assert!(rows(&app).await.iter().all(|r| r.status == "sent"));
}

#[tokio::test]
async fn a_message_whose_worker_died_while_sending_is_never_sent_again() {
    let app = app().await;
    let t = paris("2026-12-02T10:00");
    queue(
        &app,
        vec![sms(ALICE, "in flight", t), sms(ALICE, "claimed only", t)],
    )
    .await;
    let store = app.running.conversations.store.clone();
    // A worker claims both, hands the first to its provider, then dies.
    let claimed = store.claim_outbox("dead", t, t + 120, 10).await.unwrap();
    assert_eq!(claimed.len(), 2);
    assert!(
        store
            .outbox_sending(claimed[0].id, "dead", t)
            .await
            .unwrap()
    );
    let counting = Arc::new(Counting(Default::default()));
    let w = worker(&app, "alive", counting.clone());
    assert_eq!(
        w.outbox_step(t + 60).await.unwrap(),
        Default::default(),
        "leases still hold"
    );
    assert_eq!(w.outbox_step(t + 121).await.unwrap().sent, 1);
    assert_eq!(
        *counting.0.lock().unwrap(),
        vec!["claimed only".to_string()]
    );
    let r = rows(&app).await;
    assert_eq!(
        (r[0].status.as_str(), r[1].status.as_str()),
        ("unknown", "sent")
    );
}

#[tokio::test]
async fn a_stopping_worker_finishes_the_message_in_flight_and_gives_back_the_rest() {
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(crate::helpers::Created(1.into()))
        .mount(&twilio)
        .await;
    let app = app().await;
    let now = jiff::Timestamp::now().as_second();
    queue(
        &app,
        (0..3)
            .map(|i| sms(ALICE, &format!("m{i}"), now - 10))
            .collect(),
    )
    .await;
    let slow = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_delay(Duration::from_millis(800))
                .set_body_json(serde_json::json!({"sid": "SMslow"})),
        )
        .mount(&slow)
        .await;
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    let w = passerelle::worker::Worker::new(
        "stopping",
        app.running.conversations.clone(),
        Arc::new(twilio_of(&app, &slow)),
        Arc::new(passerelle::providers::log::LogMailer::default()),
        passerelle::app::worker_config(&app.settings),
        stop.clone(),
    );
    let wake = Arc::new(tokio::sync::Notify::new());
    let running = tokio::spawn(passerelle::worker::run(w, wake, stop));
    // Stop while the first message is with the (slow) provider.
    while slow
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty()
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop_tx.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(5), running)
        .await
        .unwrap()
        .unwrap();
    let r = rows(&app).await;
    assert_eq!(r.iter().filter(|r| r.status == "sent").count(), 1, "{r:?}");
    assert_eq!(
        r.iter().filter(|r| r.status == "pending").count(),
        2,
        "{r:?}"
    );
    assert_eq!(slow.received_requests().await.unwrap().len(), 1);
    // Another worker sends the other two, and only them.
    let next = worker(&app, "next", Arc::new(twilio_of(&app, &twilio)));
    assert_eq!(next.outbox_step(now + 1).await.unwrap().sent, 2);
}

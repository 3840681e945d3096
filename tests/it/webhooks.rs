//! Event webhooks to partners, end to end: a receiver that verifies each delivery with the
//! Standard Webhooks reference library (`standardwebhooks`, PyPI, in `target/py`), a failed
//! delivery retried with the same id, a rotated secret (both secrets sign during the grace
//! period), and a subscription disabled after failing in a row, the reason shown by the API
//! and the command line. Never skipped: without the library it fails and says how to get it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use serde_json::{Value, json};

use crate::api::call;
use crate::helpers::{API_TOKEN, TestApp, spawn_app_with, worker};

const ALICE: &str = "+33612345678";

/// The receiver, stopped when dropped.
struct Receiver {
    child: Child,
    port: u16,
    log: PathBuf,
    secrets: PathBuf,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Receiver {
    fn start(dir: &Path, fail_first: u32) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let python = root.join("target/py/bin/python");
        assert!(
            python.exists(),
            "the webhook tests need the standardwebhooks library in {}: run scripts/test-all, or \
             `python3 -m venv target/py && target/py/bin/pip install -r tests/python/requirements.txt`",
            python.display()
        );
        let log = dir.join("received.jsonl");
        let secrets = dir.join("secrets.txt");
        std::fs::write(&secrets, "").unwrap();
        let mut child = Command::new(python)
            .arg(root.join("tests/python/webhook_receiver.py"))
            .arg("--secrets-file")
            .arg(&secrets)
            .arg("--log")
            .arg(&log)
            .args(["--fail-first", &fail_first.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().strip_prefix("PORT ").unwrap().parse().unwrap();
        Self {
            child,
            port,
            log,
            secrets,
        }
    }

    fn trust(&self, secrets: &[&str]) {
        std::fs::write(&self.secrets, secrets.join("\n")).unwrap();
    }

    fn received(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

async fn request(app: &TestApp) -> String {
    let mut last = String::new();
    for m in [
        "bonjour",
        "1",
        "5",
        "74150",
        "1",
        "cette semaine",
        "non",
        "oui",
    ] {
        last = app.sms(ALICE, m).await.message().unwrap_or_default();
    }
    let i = last.find("Votre code : ").expect("a code") + "Votre code : ".len();
    last[i..i + 7].replace(' ', "")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_are_signed_retried_rotated_and_a_failing_subscription_is_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::start(dir.path(), 1);
    let app = spawn_app_with(|s| s.outbox_worker = false).await;
    let w = worker(
        &app,
        "w1",
        Arc::new(passerelle::providers::log::LogProvider::default()),
    );
    let first_secret = passerelle::domain::webhook::new_secret();
    receiver.trust(&[&first_secret]);
    let url = format!("http://127.0.0.1:{}/events", receiver.port);
    let (status, _, sub) = call(
        &app,
        API_TOKEN,
        "POST",
        "/api/v1/webhooks",
        Some(json!({"url": url, "events": ["help_request.created", "help_request.updated"], "secret": first_secret})),
    )
    .await;
    assert_eq!(status, 201, "{sub}");
    assert_eq!(sub["secret"], first_secret.as_str());
    let sub_id = sub["id"].as_i64().unwrap();

    // A new request: its event is queued with it, refused once, then delivered again.
    let reference = request(&app).await;
    let t0 = jiff::Timestamp::now().as_second();
    w.outbox_step(t0).await.unwrap();
    w.outbox_step(t0 + 31).await.unwrap();
    let got = receiver.received();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0]["status"], 500);
    assert_eq!(got[1]["status"], 204);
    assert_eq!(got[0]["id"], got[1]["id"], "a retry keeps its webhook-id");
    assert_eq!(got[1]["verified"], json!([0]));
    let event = &got[1]["event"];
    assert_eq!(event["type"], "help_request.created");
    assert_eq!(event["data"]["reference"], reference.as_str());
    assert_eq!(event["data"]["relais"], "mairie-rumilly");
    assert!(
        !event.to_string().contains("612345678"),
        "no phone number in events"
    );

    // A rotated secret: the new one signs, the old one too for a day.
    let (status, _, rotated) = call(
        &app,
        API_TOKEN,
        "POST",
        &format!("/api/v1/webhooks/{sub_id}/rotate-secret"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let second_secret = rotated["secret"].as_str().unwrap().to_string();
    assert_ne!(second_secret, first_secret);
    receiver.trust(&[&second_secret, &first_secret]);
    let path = format!("/api/v1/help-requests/{reference}");
    let (status, _, _) = call(
        &app,
        API_TOKEN,
        "PATCH",
        &path,
        Some(json!({"status": "taken"})),
    )
    .await;
    assert_eq!(status, 200);
    w.outbox_step(t0 + 100).await.unwrap();
    let got = receiver.received();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[2]["event"]["type"], "help_request.updated");
    assert_eq!(got[2]["event"]["data"]["status"], "taken");
    assert_eq!(got[2]["signatures"], 2);
    assert_eq!(
        got[2]["verified"],
        json!([0, 1]),
        "valid with the new and the old secret"
    );
    receiver.trust(&[&second_secret]);

    // A receiver that cannot be reached: disabled after failing in a row, the reason kept.
    let (status, _, dead) = call(
        &app,
        API_TOKEN,
        "POST",
        "/api/v1/webhooks",
        Some(json!({"url": "http://127.0.0.1:9/nobody", "events": ["help_request.updated"]})),
    )
    .await;
    assert_eq!(status, 201);
    assert!(dead["secret"].as_str().unwrap().starts_with("whsec_"));
    let dead_id = dead["id"].as_i64().unwrap();
    call(
        &app,
        API_TOKEN,
        "PATCH",
        &path,
        Some(json!({"status": "matched", "helper": {"kind": "person", "name": "Marie"}})),
    )
    .await;
    call(
        &app,
        API_TOKEN,
        "PATCH",
        &path,
        Some(json!({"status": "done"})),
    )
    .await;
    let mut t = t0 + 200;
    for _ in 0..6 {
        w.outbox_step(t).await.unwrap();
        t += 7 * 3600;
    }
    let (_, _, dead) = call(
        &app,
        API_TOKEN,
        "GET",
        &format!("/api/v1/webhooks/{dead_id}"),
        None,
    )
    .await;
    assert_eq!(dead["status"], "disabled", "{dead}");
    let reason = dead["disabled_reason"].as_str().unwrap();
    assert!(
        reason.contains("10 deliveries failed in a row") && reason.contains("cannot be reached"),
        "{reason}"
    );
    let (_, _, alive) = call(
        &app,
        API_TOKEN,
        "GET",
        &format!("/api/v1/webhooks/{sub_id}"),
        None,
    )
    .await;
    assert_eq!(alive["status"], "active");
    assert_eq!(alive["failures"], 0);
    let got = receiver.received();
    assert_eq!(
        got.len(),
        5,
        "the working receiver got both changes: {got:?}"
    );
    assert!(got.iter().skip(3).all(|d| d["verified"] == json!([0])));

    let out = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(["webhooks", "list"])
        .env("DATABASE_URL", &app.settings.database_url)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("disabled") && text.contains("10 deliveries failed in a row"),
        "{text}"
    );

    // Enabled again by its owner: failures forgotten.
    let (_, _, again) = call(
        &app,
        API_TOKEN,
        "PATCH",
        &format!("/api/v1/webhooks/{dead_id}"),
        Some(json!({"status": "active"})),
    )
    .await;
    assert_eq!(again["status"], "active");
    assert_eq!(again["failures"], 0);
    assert!(again["disabled_reason"].is_null());
}

#[tokio::test]
async fn subscriptions_belong_to_their_client_and_are_checked() {
    let app = spawn_app_with(|_| {}).await;
    let token = passerelle::domain::api_client::new_token();
    app.running
        .conversations
        .store
        .add_client(
            "p",
            Some("mairie-rumilly"),
            "webhooks:read webhooks:write",
            &passerelle::domain::api_client::token_hash(&token),
            0,
        )
        .await
        .unwrap();
    let reader = passerelle::domain::api_client::new_token();
    app.running
        .conversations
        .store
        .add_client(
            "r",
            None,
            "help_requests:read",
            &passerelle::domain::api_client::token_hash(&reader),
            0,
        )
        .await
        .unwrap();
    for (body, parameter) in [
        (
            json!({"url": "http://partner.example/h", "events": ["signup.created"]}),
            "url",
        ),
        (
            json!({"url": "https://partner.example/h", "events": ["signup.deleted"]}),
            "events",
        ),
        (
            json!({"url": "https://partner.example/h", "events": []}),
            "events",
        ),
        (
            json!({"url": "https://partner.example/h", "events": ["mission.full"], "secret": "whsec_short"}),
            "secret",
        ),
    ] {
        let answer = call(&app, &token, "POST", "/api/v1/webhooks", Some(body)).await;
        crate::api::assert_problem(&answer, 400);
        assert_eq!(answer.2["parameter"], parameter);
    }
    let (status, _, sub) = call(&app, &token, "POST", "/api/v1/webhooks", Some(json!({"url": "https://partner.example/h", "events": ["signup.created", "mission.full"]}))).await;
    assert_eq!(status, 201);
    let id = sub["id"].as_i64().unwrap();
    let (_, _, mine) = call(&app, &token, "GET", "/api/v1/webhooks", None).await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert!(mine[0].get("secret").is_none(), "the secret is shown once");
    let (_, _, admin) = call(&app, API_TOKEN, "GET", "/api/v1/webhooks", None).await;
    assert_eq!(
        admin.as_array().unwrap().len(),
        0,
        "another client's subscriptions are not listed"
    );
    crate::api::assert_problem(
        &call(
            &app,
            API_TOKEN,
            "GET",
            &format!("/api/v1/webhooks/{id}"),
            None,
        )
        .await,
        404,
    );
    crate::api::assert_problem(
        &call(&app, &reader, "GET", "/api/v1/webhooks", None).await,
        403,
    );
    let r = app
        .http
        .delete(format!("{}/api/v1/webhooks/{id}", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(app.count("webhook_subscriptions").await, 0);
}

#[tokio::test]
async fn every_event_type_is_queued_with_the_change_that_makes_it() {
    use futures::future::BoxFuture;
    use passerelle::store::{self, NewCallback, StoreError, Tx};
    let s = crate::signups::setup(1, None, None).await;
    let all = passerelle::domain::webhook::EVENT_TYPES;
    let (status, _, _) = call(
        &s.app,
        API_TOKEN,
        "POST",
        "/api/v1/webhooks",
        Some(json!({"url": "https://partner.example/h", "events": all})),
    )
    .await;
    assert_eq!(status, 201);
    s.sign_up(ALICE, crate::helpers::paris("2026-12-01T10:00"))
        .await;
    let (_, _, list) = call(&s.app, API_TOKEN, "GET", "/api/v1/sign-ups", None).await;
    let id = list["items"][0]["id"].as_i64().unwrap();
    call(
        &s.app,
        API_TOKEN,
        "POST",
        &format!("/api/v1/sign-ups/{id}/status"),
        Some(json!({"status": "validee"})),
    )
    .await;
    let store = s.app.running.conversations.store.clone();
    let callback = store::within(
        store.as_ref(),
        |tx: &mut dyn Tx| -> BoxFuture<'_, Result<i64, StoreError>> {
            Box::pin(async move {
                let c = tx.contact(ALICE, 100).await?;
                tx.create_callback(&NewCallback {
                    contact_id: c.id,
                    relais: "mairie-rumilly",
                    reason: "asked",
                    channel: "sms",
                    recording_url: None,
                    context: None,
                    now: 100,
                })
                .await
            })
        },
    )
    .await
    .unwrap();
    let mut events: Vec<(String, String)> = Vec::new();
    for r in crate::helpers::outbox_rows(&s.app, None).await {
        if r.channel == "webhook" {
            events.push((r.kind, store_body(&s.app, r.id).await));
        }
    }
    let kinds: Vec<&str> = events.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        // The place is taken just before the sign-up is written.
        [
            "mission.full",
            "signup.created",
            "signup.updated",
            "callback.requested"
        ],
        "{events:?}"
    );
    let json = |i: usize| -> Value { serde_json::from_str(&events[i].1).unwrap() };
    assert_eq!(json(2)["data"]["status"], "validee");
    assert_eq!(json(0)["data"]["external_id"], "m1");
    // The very bytes signed and sent, the same on every backend: compact, keys in order.
    assert_eq!(
        events[3].1,
        format!(
            "{{\"type\":\"callback.requested\",\"timestamp\":\"1970-01-01T00:01:40Z\",\
             \"data\":{{\"id\":{callback},\"relais\":\"mairie-rumilly\",\"reason\":\"asked\",\
             \"channel\":\"sms\"}}}}"
        )
    );
}

/// The stored body of an outbox row (the payload sent, byte for byte).
async fn store_body(app: &TestApp, id: i64) -> String {
    let rows = crate::helpers::sql_texts(
        &app.settings.database_url,
        &format!("SELECT body FROM outbox WHERE id = {id}"),
    )
    .await;
    rows[0][0].clone().unwrap()
}

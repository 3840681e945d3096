//! A mairie's own SIM card: the "SMS Gateway for Android" app, played by a stand-in for its
//! send API and by signed webhooks as the app sends them. An SMS to the phone is the same
//! conversation as a Twilio SMS; replies and notifications leave through the phone.

use std::sync::Arc;
use std::time::Duration;

use passerelle::config::{Secret, SmsProviderChoice};
use passerelle::providers::android::AndroidProvider;
use wiremock::matchers::{basic_auth, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::helpers::{TestApp, outbox_rows, spawn_app_with, worker};

const ALICE: &str = "+33612345678";
const KEY: &str = "la-cle-du-telephone";

async fn app() -> TestApp {
    spawn_app_with(|s| {
        s.outbox_worker = false;
        s.sms_provider = Some(SmsProviderChoice::Android);
        // The app's own worker is off: each test sends through a stand-in phone.
        s.android.url = Some("http://127.0.0.1:9".into());
        s.android.signing_key = Secret(KEY.into());
    })
    .await
}

/// A stand-in for the app's send API: 202 with the id it was given.
async fn phone() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/messages"))
        .and(basic_auth("sms", "motdepasse"))
        .respond_with(|r: &Request| {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            ResponseTemplate::new(202)
                .set_body_json(serde_json::json!({"id": body["id"], "state": "Pending"}))
        })
        .mount(&server)
        .await;
    server
}

fn provider(server: &MockServer) -> AndroidProvider {
    AndroidProvider::new(&server.uri(), "sms", "motdepasse").unwrap()
}

fn received(id: &str, from: &str, text: &str) -> String {
    serde_json::json!({
        "deviceId": "ffffffffceb0b1db0000018e937c815b",
        "event": "sms:received",
        "id": id,
        "payload": {
            "messageId": format!("m-{id}"),
            "message": text,
            "sender": from,
            "phoneNumber": from,
            "simNumber": 1,
            "receivedAt": "2026-12-02T10:00:00.000+01:00"
        },
        "webhookId": "LreFUt-Z3sSq0JufY9uWB"
    })
    .to_string()
}

/// Posts an event signed as the app signs it, `age` seconds ago.
async fn post(app: &TestApp, body: &str, key: &str, age: i64) -> u16 {
    let ts = (jiff::Timestamp::now().as_second() - age).to_string();
    let sig = passerelle::http::android::signature(key, body.as_bytes(), &ts);
    app.http
        .post(format!("{}/webhooks/android/sms", app.base))
        .header("Content-Type", "application/json")
        .header("X-Signature", sig)
        .header("X-Timestamp", ts)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// What the phone was asked to send: (to, text).
async fn sent(server: &MockServer) -> Vec<(String, String)> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let b: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            let text = b["textMessage"]["text"]
                .as_str()
                .or(b["message"].as_str())
                .unwrap()
                .to_string();
            (b["phoneNumbers"][0].as_str().unwrap().to_string(), text)
        })
        .collect()
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

#[tokio::test]
async fn an_sms_from_the_android_gateway_creates_a_help_request_end_to_end() {
    let app = app().await;
    let server = phone().await;
    let steps = ["bonjour", "1", "1", "74150", "1", "1", "non", "oui"];
    for (i, text) in steps.iter().enumerate() {
        let body = received(&format!("evt-{i}"), ALICE, text);
        assert_eq!(post(&app, &body, KEY, 0).await, 200, "{text}");
    }
    let (_, requests) = app.api("/api/v1/help-requests").await;
    assert_eq!(requests["items"].as_array().unwrap().len(), 1);
    assert_eq!(requests["items"][0]["category"], "courses");
    // The replies leave through the phone, in order, then the team's notification.
    let w = worker(&app, "w1", Arc::new(provider(&server)));
    w.outbox_step(now() + 1).await.unwrap();
    let out = sent(&server).await;
    assert_eq!(out.len(), steps.len() + 1, "{out:?}");
    assert!(out[..steps.len()].iter().all(|(to, _)| to == ALICE));
    assert!(
        out[0].1.contains("Bonjour, ici Mairie de Rumilly"),
        "{}",
        out[0].1
    );
    assert!(
        out[steps.len() - 1].1.contains("Votre demande est envoyée"),
        "{out:?}"
    );
    assert_eq!(out[steps.len()].0, "+33450010203", "the relais's help line");
    // The app's message ids are ours: its reports will name them.
    let ids: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        ids.iter().all(|id| id.starts_with('o') && id.len() <= 36),
        "{ids:?}"
    );
}

#[tokio::test]
async fn a_replayed_event_acts_once_and_its_reply_goes_once() {
    let app = app().await;
    let body = received("evt-same", ALICE, "bonjour");
    assert_eq!(post(&app, &body, KEY, 0).await, 200);
    // The app did not get our answer and sends the same event again.
    assert_eq!(post(&app, &body, KEY, 0).await, 200);
    assert_eq!(app.count("messages").await, 1);
    let rows = outbox_rows(&app, None).await;
    assert_eq!(rows.len(), 1, "one reply queued");
    assert!(rows[0].urgent && rows[0].kind == "reply");
    // A capture replayed later is refused outright.
    assert_eq!(post(&app, &body, KEY, 600).await, 403);
}

#[tokio::test]
async fn a_wrong_or_missing_signature_is_refused_and_nothing_is_stored() {
    let app = app().await;
    let body = received("evt-x", ALICE, "bonjour");
    assert_eq!(post(&app, &body, "une-autre-cle", 0).await, 403);
    let unsigned = app
        .http
        .post(format!("{}/webhooks/android/sms", app.base))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status().as_u16(), 403);
    // Signed, then changed on the way.
    let ts = now().to_string();
    let sig = passerelle::http::android::signature(KEY, body.as_bytes(), &ts);
    let tampered = body.replace("bonjour", "au revoir");
    let r = app
        .http
        .post(format!("{}/webhooks/android/sms", app.base))
        .header("X-Signature", sig)
        .header("X-Timestamp", ts)
        .body(tampered)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(app.count("messages").await, 0);
    assert_eq!(app.count("contacts").await, 0);
}

#[tokio::test]
async fn the_phones_reports_update_what_became_of_each_message() {
    let app = app().await;
    let server = phone().await;
    post(&app, &received("evt-1", ALICE, "bonjour"), KEY, 0).await;
    post(&app, &received("evt-2", "+33698765432", "bonjour"), KEY, 0).await;
    worker(&app, "w1", Arc::new(provider(&server)))
        .outbox_step(now() + 1)
        .await
        .unwrap();
    let r = outbox_rows(&app, None).await;
    assert!(r.iter().all(|r| r.status == "sent"), "{r:?}");
    let report = |event: &str, id: &str, extra: serde_json::Value| {
        let mut payload =
            serde_json::json!({"messageId": id, "phoneNumber": ALICE, "simNumber": 1});
        payload
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        serde_json::json!({"deviceId": "d", "event": event, "id": format!("{event}-{id}"), "payload": payload, "webhookId": "w"}).to_string()
    };
    let (first, second) = (
        r[0].provider_id.clone().unwrap(),
        r[1].provider_id.clone().unwrap(),
    );
    let delivered = serde_json::json!({"deliveredAt": "2026-12-02T10:00:05.000+01:00"});
    assert_eq!(
        post(
            &app,
            &report("sms:sent", &first, serde_json::json!({"partsCount": 1})),
            KEY,
            0
        )
        .await,
        204
    );
    assert_eq!(
        post(&app, &report("sms:delivered", &first, delivered), KEY, 0).await,
        204
    );
    let failed = serde_json::json!({"reason": "RESULT_ERROR_GENERIC_FAILURE", "failedAt": "2026-12-02T10:00:05.000+01:00"});
    assert_eq!(
        post(&app, &report("sms:failed", &second, failed), KEY, 0).await,
        204
    );
    let ping = serde_json::json!({"deviceId": "d", "event": "system:ping", "id": "p1", "payload": {}, "webhookId": "w"}).to_string();
    assert_eq!(post(&app, &ping, KEY, 0).await, 204);
    let r = outbox_rows(&app, None).await;
    assert_eq!(r[0].status, "delivered");
    assert_eq!(r[1].status, "failed");
    assert_eq!(
        r[1].last_error.as_deref(),
        Some("RESULT_ERROR_GENERIC_FAILURE")
    );
}

#[tokio::test]
async fn an_older_app_gets_the_older_send_api() {
    let app = app().await;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/messages"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/message"))
        .respond_with(
            ResponseTemplate::new(202)
                .set_body_json(serde_json::json!({"id": "x", "state": "Pending"})),
        )
        .mount(&server)
        .await;
    post(&app, &received("evt-1", ALICE, "bonjour"), KEY, 0).await;
    post(&app, &received("evt-2", ALICE, "1"), KEY, 0).await;
    let w = worker(&app, "w1", Arc::new(provider(&server)));
    assert_eq!(w.outbox_step(now() + 1).await.unwrap().sent, 2);
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_string())
        .collect();
    // Once it is known to be old, the new path is not tried again.
    assert_eq!(paths, ["/messages", "/message", "/message"]);
    let legacy: serde_json::Value =
        serde_json::from_slice(&server.received_requests().await.unwrap()[1].body).unwrap();
    assert!(legacy["message"].as_str().unwrap().contains("Bonjour"));
    assert_eq!(legacy["phoneNumbers"][0], ALICE);
}

#[tokio::test]
async fn a_lost_answer_is_tried_again_and_the_phone_keeps_one_copy() {
    let app = app().await;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).set_delay(Duration::from_secs(2)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    // The phone already has a message with that id: it says so.
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(409).set_body_json(serde_json::json!({"message": "exists"})),
        )
        .mount(&server)
        .await;
    post(&app, &received("evt-1", ALICE, "bonjour"), KEY, 0).await;
    let p = provider(&server)
        .with_timeout(Duration::from_millis(300))
        .unwrap();
    let w = worker(&app, "w1", Arc::new(p));
    let t = now() + 1;
    assert_eq!(w.outbox_step(t).await.unwrap().waiting, 1);
    assert_eq!(
        w.outbox_step(t + passerelle::worker::RETRY_SCHEDULE[0])
            .await
            .unwrap()
            .sent,
        1
    );
    let bodies: Vec<serde_json::Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0]["id"], bodies[1]["id"], "the same id both times");
}

#[tokio::test]
async fn without_a_twilio_token_a_public_instance_refuses_twilio_webhooks() {
    let app = spawn_app_with(|s| {
        s.outbox_worker = false;
        s.bind = "0.0.0.0:0".parse().unwrap();
        s.twilio.auth_token = Secret::default();
        s.sms_provider = Some(SmsProviderChoice::Android);
        s.android.url = Some("http://127.0.0.1:9".into());
        s.android.signing_key = Secret(KEY.into());
    })
    .await;
    let base = format!("http://127.0.0.1:{}", app.running.address.port());
    let form = [
        ("From", ALICE),
        ("To", "+33757000000"),
        ("Body", "bonjour"),
        ("MessageSid", "SM1"),
    ];
    let r = app
        .http
        .post(format!("{base}/webhooks/twilio/sms"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(app.count("messages").await, 0);
}

#[tokio::test]
async fn a_flood_through_the_phone_costs_its_sender_and_gets_one_kind_word() {
    let app = app().await;
    for i in 0..40 {
        let body = received(
            &format!("flood-{i}"),
            "+33699999999",
            &format!("message {i}"),
        );
        assert_eq!(post(&app, &body, KEY, 0).await, 200);
    }
    assert!(app.count("messages").await <= 31, "the flood was cut");
    let server = phone().await;
    worker(&app, "w1", Arc::new(provider(&server)))
        .outbox_step(now() + 1)
        .await
        .unwrap();
    let told = sent(&server)
        .await
        .iter()
        .filter(|(_, text)| text.contains("Vous envoyez beaucoup de messages"))
        .count();
    assert_eq!(told, 1, "told once, then silence");
    // Another number is answered as usual.
    assert_eq!(
        post(&app, &received("other", ALICE, "bonjour"), KEY, 0).await,
        200
    );
    assert_eq!(
        outbox_rows(&app, None)
            .await
            .iter()
            .filter(|r| r.recipient == ALICE)
            .count(),
        1
    );
}

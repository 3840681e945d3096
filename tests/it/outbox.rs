//! The outbox: what a turn queued is sent by the worker step, through the log-only provider
//! or a Twilio-compatible API (a wiremock server stands in for Twilio), with retries as data.

use passerelle::domain::RelaisSet;
use passerelle::providers::SmsProvider;
use passerelle::providers::log::LogProvider;
use passerelle::providers::twilio::TwilioProvider;
use passerelle::worker::{RETRY_SCHEDULE, send_due};
use wiremock::matchers::{basic_auth, body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, spawn_app_with};

const ALICE: &str = "+33612345678";

async fn a_help_request(app: &TestApp) {
    for m in ["bonjour", "1", "1", "74150", "1", "1", "non", "oui"] {
        app.sms(ALICE, m).await;
    }
}

fn relais(app: &TestApp) -> RelaisSet {
    app.running.conversations.core.relais.clone()
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

#[tokio::test]
async fn the_relais_is_told_through_the_log_only_provider() {
    let app = spawn_app_with(|s| s.outbox_worker = false).await;
    a_help_request(&app).await;
    let store = app.running.conversations.store.clone();
    let log = LogProvider::default();
    let sent = send_due(store.as_ref(), &log, &relais(&app), now() + 1)
        .await
        .unwrap();
    assert_eq!(sent, 1);
    assert_eq!(log.sent(), 1);
    // Nothing is sent twice.
    assert_eq!(
        send_due(store.as_ref(), &log, &relais(&app), now() + 2)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn twilio_gets_the_message_with_basic_auth_and_a_status_callback() {
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2010-04-01/Accounts/AC123/Messages.json"))
        .and(basic_auth("AC123", "secret"))
        .and(body_string_contains("To=%2B33450010203"))
        .and(body_string_contains("From=%2B33757000000"))
        .and(body_string_contains("StatusCallback="))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "sid": "SM0123456789abcdef0123456789abcdef",
            "status": "queued",
            "num_segments": "1"
        })))
        .expect(1)
        .mount(&twilio)
        .await;
    let app = spawn_app_with(|s| s.outbox_worker = false).await;
    a_help_request(&app).await;
    let provider = TwilioProvider::new(
        &twilio.uri(),
        "AC123",
        "secret",
        Some("https://x/webhooks/twilio/status".into()),
    )
    .unwrap();
    let store = app.running.conversations.store.clone();
    assert_eq!(
        send_due(store.as_ref(), &provider, &relais(&app), now() + 1)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn a_busy_provider_is_tried_again_later_and_a_refusal_is_final() {
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .set_body_json(serde_json::json!({"code": 20429, "message": "Too Many Requests"})),
        )
        .up_to_n_times(1)
        .mount(&twilio)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            serde_json::json!({"code": 21211, "message": "Invalid 'To' Phone Number"}),
        ))
        .mount(&twilio)
        .await;
    let app = spawn_app_with(|s| s.outbox_worker = false).await;
    a_help_request(&app).await;
    let provider = TwilioProvider::new(&twilio.uri(), "AC123", "secret", None).unwrap();
    let store = app.running.conversations.store.clone();
    let t = now() + 1;
    assert_eq!(
        send_due(store.as_ref(), &provider, &relais(&app), t)
            .await
            .unwrap(),
        0
    );
    // Not due again before the first retry delay.
    assert!(
        store
            .outbox_due(t + RETRY_SCHEDULE[0] - 1, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let due = store.outbox_due(t + RETRY_SCHEDULE[0], 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].attempts, 1);
    send_due(
        store.as_ref(),
        &provider,
        &relais(&app),
        t + RETRY_SCHEDULE[0],
    )
    .await
    .unwrap();
    // 21211 is final: never due again.
    assert!(store.outbox_due(t + 100_000, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn provider_errors_are_classified() {
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&twilio)
        .await;
    let provider = TwilioProvider::new(&twilio.uri(), "AC1", "t", None).unwrap();
    let e = provider.send(None, ALICE, "x").await.unwrap_err();
    assert!(
        matches!(e, passerelle::providers::ProviderError::Retryable(_)),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_recipient_who_unsubscribed_at_the_carrier_is_marked_opted_out() {
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("To=%2B33612345678"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "code": 21610,
            "message": "Attempt to send to unsubscribed recipient +33612345678"
        })))
        .mount(&twilio)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"sid": "SM1"})))
        .mount(&twilio)
        .await;
    let app = spawn_app_with(|s| s.outbox_worker = false).await;
    app.sms(ALICE, "bonjour").await;
    // A voice message left for the team: the caller gets an SMS confirmation.
    let who = passerelle::conversation::Who::Phone(
        passerelle::domain::PhoneNumber::parse(ALICE).unwrap(),
    );
    app.running
        .conversations
        .leave_message(&who, None, "https://api.twilio.com/rec/RE1", now())
        .await
        .unwrap();
    let provider = TwilioProvider::new(&twilio.uri(), "AC1", "t", None).unwrap();
    let store = app.running.conversations.store.clone();
    assert_eq!(
        send_due(store.as_ref(), &provider, &relais(&app), now() + 1)
            .await
            .unwrap(),
        1,
        "the relais's line"
    );
    // From now on the resident gets no SMS, as if they had written STOP.
    assert_eq!(app.sms(ALICE, "1").await.message(), None);
    // The provider's text quotes the number; the error kept for logs does not.
    let e = provider.send(None, ALICE, "x").await.unwrap_err();
    assert!(!e.to_string().contains("612345678"), "{e}");
}

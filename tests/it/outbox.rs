//! The outbox as the worker drives it, against stand-ins that answer as Twilio does (201;
//! 400 with 21211 and 21610; 429; 500; a timeout): claims, retries as data, quiet hours,
//! pace, a pause, reports that settle a message whose fate was unknown, a clean stop.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use passerelle::providers::log::LogProvider;
use passerelle::providers::{ProviderError, Sms, SmsProvider};
use passerelle::store::outbox::OutboxRow;
use passerelle::store::{self, NewOutbound, StoreError, Tx};
use passerelle::worker::RETRY_SCHEDULE;
use wiremock::matchers::{basic_auth, body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{
    TestApp, outbox_rows, paris, sent_forms, spawn_app_at_night_rules, spawn_app_with,
    twilio_accepting, twilio_of, worker,
};

pub(crate) const ALICE: &str = "+33612345678";
const RELAIS: &str = "mairie-rumilly";

pub(crate) async fn app() -> TestApp {
    spawn_app_with(|s| s.outbox_worker = false).await
}

/// Queues messages as a turn would.
pub(crate) async fn queue(app: &TestApp, messages: Vec<NewOutbound>) {
    store::within(
        app.running.conversations.store.as_ref(),
        move |tx: &mut dyn Tx| -> BoxFuture<'_, Result<(), StoreError>> {
            Box::pin(async move {
                for m in &messages {
                    tx.enqueue_message(m).await?;
                }
                Ok(())
            })
        },
    )
    .await
    .unwrap();
}

pub(crate) fn sms(to: &str, body: &str, now: i64) -> NewOutbound {
    NewOutbound::sms(RELAIS, to, body, "test", now)
}

pub(crate) async fn rows(app: &TestApp) -> Vec<OutboxRow> {
    outbox_rows(app, None).await
}

#[tokio::test]
async fn the_relais_is_told_through_the_log_only_provider() {
    let app = app().await;
    for m in ["bonjour", "1", "1", "74150", "1", "1", "non", "oui"] {
        app.sms(ALICE, m).await;
    }
    let log = Arc::new(LogProvider::default());
    let w = worker(&app, "w1", log.clone());
    let now = jiff::Timestamp::now().as_second() + 1;
    assert_eq!(w.outbox_step(now).await.unwrap().sent, 1);
    assert_eq!(log.sent(), 1);
    // Nothing is sent twice.
    assert_eq!(w.outbox_step(now + 1).await.unwrap().sent, 0);
    assert_eq!(rows(&app).await[0].kind, "help_request");
}

#[tokio::test]
async fn twilio_gets_the_message_and_its_status_callback_settles_it() {
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2010-04-01/Accounts/AC123/Messages.json"))
        .and(basic_auth("AC123", "secret"))
        .and(body_string_contains("To=%2B33612345678"))
        .and(body_string_contains("From=%2B33757000000"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "sid": "SM0123456789abcdef0123456789abcdef", "status": "queued", "num_segments": "1"
        })))
        .expect(1)
        .mount(&twilio)
        .await;
    let app = app().await;
    let now = paris("2026-12-02T10:00");
    queue(&app, vec![sms(ALICE, "Bonjour", now)]).await;
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    assert_eq!(w.outbox_step(now).await.unwrap().sent, 1);
    let row = &rows(&app).await[0];
    assert_eq!(row.status, "sent");
    assert_eq!(
        row.provider_id.as_deref(),
        Some("SM0123456789abcdef0123456789abcdef")
    );
    // The callback URL names the message; Twilio's report (signed) moves it on.
    let callback = sent_forms(&twilio).await[0]["StatusCallback"].clone();
    assert!(
        callback.contains("/webhooks/twilio/status?ref=o"),
        "{callback}"
    );
    let path = callback.trim_start_matches(&app.base).to_string();
    let report = |status: &str| {
        vec![
            (
                "MessageSid".to_string(),
                "SM0123456789abcdef0123456789abcdef".to_string(),
            ),
            ("MessageStatus".to_string(), status.to_string()),
            ("To".to_string(), ALICE.to_string()),
        ]
    };
    assert_eq!(
        app.post_signed(&path, &report("delivered"), None)
            .await
            .status,
        204
    );
    // A late "sent" does not undo "delivered".
    assert_eq!(
        app.post_signed(&path, &report("sent"), None).await.status,
        204
    );
    assert_eq!(rows(&app).await[0].status, "delivered");
    assert_eq!(
        app.post_signed(&path, &report("sent"), Some("bad"))
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn a_messaging_service_sends_instead_of_the_relais_number() {
    let twilio = twilio_accepting().await;
    let app = app().await;
    let now = paris("2026-12-02T10:00");
    queue(&app, vec![sms(ALICE, "Bonjour", now)]).await;
    let p = twilio_of(&app, &twilio).with_messaging_service(Some("MG0001".into()));
    worker(&app, "w1", Arc::new(p))
        .outbox_step(now)
        .await
        .unwrap();
    let form = &sent_forms(&twilio).await[0];
    assert_eq!(form["MessagingServiceSid"], "MG0001");
    assert!(!form.contains_key("From"), "{form:?}");
}

#[tokio::test]
async fn a_429_holds_the_sender_back_as_long_as_it_says_without_using_an_attempt() {
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "120")
                .set_body_json(serde_json::json!({"code": 20429, "message": "Too Many Requests"})),
        )
        .up_to_n_times(1)
        .mount(&twilio)
        .await;
    Mock::given(method("POST"))
        .respond_with(crate::helpers::Created(1.into()))
        .mount(&twilio)
        .await;
    let app = app().await;
    let t = paris("2026-12-02T10:00");
    queue(
        &app,
        vec![sms(ALICE, "un", t), sms("+33698765432", "deux", t)],
    )
    .await;
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    let first = w.outbox_step(t).await.unwrap();
    assert_eq!((first.sent, first.waiting), (0, 2), "the second waits too");
    assert_eq!(
        sent_forms(&twilio).await.len(),
        1,
        "one request, then silence"
    );
    assert_eq!(w.outbox_step(t + 119).await.unwrap().sent, 0);
    assert_eq!(w.outbox_step(t + 120).await.unwrap().sent, 2);
    assert!(
        rows(&app).await.iter().all(|r| r.attempts == 1),
        "429 used no attempt"
    );
}

#[tokio::test]
async fn a_500_is_tried_again_later_and_an_invalid_number_is_final() {
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&twilio)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            serde_json::json!({"code": 21211, "message": "Invalid 'To' Phone Number"}),
        ))
        .mount(&twilio)
        .await;
    let app = app().await;
    let t = paris("2026-12-02T10:00");
    queue(&app, vec![sms(ALICE, "x", t)]).await;
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    assert_eq!(w.outbox_step(t).await.unwrap().waiting, 1);
    assert_eq!(rows(&app).await[0].status, "pending");
    // Not due again before the first retry delay.
    assert_eq!(
        w.outbox_step(t + RETRY_SCHEDULE[0] - 1).await.unwrap(),
        Default::default()
    );
    assert_eq!(w.outbox_step(t + RETRY_SCHEDULE[0]).await.unwrap().other, 1);
    let row = &rows(&app).await[0];
    assert_eq!((row.status.as_str(), row.attempts), ("failed", 2));
    assert!(row.last_error.as_deref().unwrap_or("").contains("21211"));
    // 21211 is final: never due again.
    assert_eq!(
        w.outbox_step(t + 100_000).await.unwrap(),
        Default::default()
    );
    assert_eq!(sent_forms(&twilio).await.len(), 2);
}

#[tokio::test]
async fn a_recipient_who_unsubscribed_at_the_carrier_gets_nothing_more() {
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("To=%2B33612345678"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "code": 21610,
            "message": "Attempt to send to unsubscribed recipient +33612345678"
        })))
        .mount(&twilio)
        .await;
    let app = app().await;
    app.sms(ALICE, "bonjour").await;
    let t = paris("2026-12-02T10:00");
    queue(&app, vec![sms(ALICE, "un", t), sms(ALICE, "deux", t + 5)]).await;
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    let r = w.outbox_step(t + 5).await.unwrap();
    assert_eq!(r.other, 2);
    let rows = rows(&app).await;
    assert_eq!(rows[0].status, "failed");
    // Marked opted out at once: the second one is withdrawn, not tried.
    assert_eq!(rows[1].status, "cancelled");
    assert_eq!(sent_forms(&twilio).await.len(), 1);
    // From now on the resident gets no SMS, as if they had written STOP.
    assert_eq!(app.sms(ALICE, "1").await.message(), None);
    // The provider's text quotes the number; the error kept does not.
    assert!(!rows[0].last_error.as_deref().unwrap().contains("612345678"));
}

#[tokio::test]
async fn a_timeout_is_unknown_never_sent_again_until_a_report_settles_it() {
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_delay(Duration::from_secs(3))
                .set_body_json(serde_json::json!({"sid": "SMlate"})),
        )
        .mount(&twilio)
        .await;
    let app = app().await;
    let t = paris("2026-12-02T10:00");
    queue(&app, vec![sms(ALICE, "x", t)]).await;
    let p = twilio_of(&app, &twilio)
        .with_timeout(Duration::from_millis(300))
        .unwrap();
    let w = worker(&app, "w1", Arc::new(p));
    assert_eq!(w.outbox_step(t).await.unwrap().other, 1);
    assert_eq!(rows(&app).await[0].status, "unknown");
    for later in [60, 3600, 86_400] {
        assert_eq!(w.outbox_step(t + later).await.unwrap(), Default::default());
    }
    assert_eq!(
        sent_forms(&twilio).await.len(),
        1,
        "never sent blindly again"
    );
    // Twilio did create it: its status callback, which names our message, settles it.
    let callback = sent_forms(&twilio).await[0]["StatusCallback"].clone();
    let path = callback.trim_start_matches(&app.base).to_string();
    let form = vec![
        ("MessageSid".to_string(), "SMlate".to_string()),
        ("MessageStatus".to_string(), "delivered".to_string()),
    ];
    assert_eq!(app.post_signed(&path, &form, None).await.status, 204);
    let row = &rows(&app).await[0];
    assert_eq!(
        (row.status.as_str(), row.provider_id.as_deref()),
        ("delivered", Some("SMlate"))
    );
}

#[tokio::test]
async fn provider_errors_are_classified() {
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&twilio)
        .await;
    let provider =
        passerelle::providers::twilio::TwilioProvider::new(&twilio.uri(), "AC1", "t", None)
            .unwrap();
    let one = Sms {
        from: None,
        to: ALICE,
        body: "x",
        reference: "o1-1",
    };
    let e = provider.send(&one).await.unwrap_err();
    assert!(matches!(e, ProviderError::Retryable(_)), "{e:?}");
    // Nobody listening: certainly not sent.
    let closed =
        passerelle::providers::twilio::TwilioProvider::new("http://127.0.0.1:9", "AC1", "t", None)
            .unwrap();
    assert!(matches!(
        closed.send(&one).await.unwrap_err(),
        ProviderError::Retryable(_)
    ));
}

#[tokio::test]
async fn quiet_hours_hold_what_is_not_urgent_until_the_morning() {
    let twilio = twilio_accepting().await;
    let app = spawn_app_at_night_rules().await;
    let t = paris("2026-12-01T23:00");
    queue(
        &app,
        vec![
            sms(ALICE, "une confirmation", t),
            sms("+33698765432", "votre code", t).urgent(),
        ],
    )
    .await;
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    let night = w.outbox_step(t).await.unwrap();
    assert_eq!(
        (night.sent, night.waiting),
        (1, 1),
        "the urgent one goes at once"
    );
    let held = &rows(&app).await[0];
    assert_eq!(
        held.not_before,
        paris("2026-12-02T08:00"),
        "operators see when it will go"
    );
    assert_eq!(
        w.outbox_step(paris("2026-12-02T07:59")).await.unwrap().sent,
        0
    );
    assert_eq!(
        w.outbox_step(paris("2026-12-02T08:00")).await.unwrap().sent,
        1
    );
    let forms = sent_forms(&twilio).await;
    assert_eq!(forms[0]["Body"], "votre code");
    assert_eq!(forms[1]["Body"], "une confirmation");
}

#[tokio::test]
async fn a_relais_can_set_its_own_quiet_hours() {
    let twilio = twilio_accepting().await;
    let app = spawn_app_with(|s| {
        s.outbox_worker = false;
        s.quiet_hours = Default::default();
        s.relais[0].quiet_hours =
            Some(passerelle::domain::QuietHours::parse("22:30-07:00").unwrap());
    })
    .await;
    let t = paris("2026-12-01T22:00");
    queue(&app, vec![sms(ALICE, "x", t)]).await;
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    assert_eq!(
        w.outbox_step(t).await.unwrap().sent,
        1,
        "22:00 is not quiet there"
    );
    queue(&app, vec![sms(ALICE, "y", paris("2026-12-01T22:30"))]).await;
    assert_eq!(
        w.outbox_step(paris("2026-12-01T22:30")).await.unwrap().sent,
        0
    );
    assert_eq!(
        w.outbox_step(paris("2026-12-02T07:00")).await.unwrap().sent,
        1
    );
}

#[tokio::test]
async fn an_expired_message_is_dropped_and_a_withdrawn_one_never_goes() {
    let twilio = twilio_accepting().await;
    let app = app().await;
    let t = paris("2026-12-02T10:00");
    queue(
        &app,
        vec![
            sms(ALICE, "too late", t).expires(Some(t + 60)),
            sms(ALICE, "withdrawn", t).dedupe("k1"),
            sms(ALICE, "withdrawn again", t).dedupe("k1"),
        ],
    )
    .await;
    assert_eq!(rows(&app).await.len(), 2, "one message per dedupe key");
    store::within(
        app.running.conversations.store.as_ref(),
        |tx: &mut dyn Tx| -> BoxFuture<'_, Result<u64, StoreError>> {
            Box::pin(async move { tx.withdraw("k1", "test", 0).await })
        },
    )
    .await
    .unwrap();
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    assert_eq!(w.outbox_step(t + 60).await.unwrap().sent, 0);
    let r = rows(&app).await;
    assert_eq!(
        (r[0].status.as_str(), r[1].status.as_str()),
        ("expired", "cancelled")
    );
    assert!(sent_forms(&twilio).await.is_empty());
}

#[tokio::test]
async fn what_a_caller_waits_for_goes_at_night_the_teams_notice_in_the_morning() {
    let twilio = twilio_accepting().await;
    let app = spawn_app_at_night_rules().await;
    let t = paris("2026-12-01T23:00");
    // A voice message left at 23:00: the caller gets "we received it", the team is told.
    let who = passerelle::conversation::Who::Phone(
        passerelle::domain::PhoneNumber::parse(ALICE).unwrap(),
    );
    app.running
        .conversations
        .leave_message(&who, None, Some("https://api.twilio.com/rec/RE1"), t)
        .await
        .unwrap();
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    let night = w.outbox_step(t).await.unwrap();
    assert_eq!((night.sent, night.waiting), (1, 1));
    assert_eq!(sent_forms(&twilio).await[0]["To"], ALICE);
    assert_eq!(
        w.outbox_step(paris("2026-12-02T08:00")).await.unwrap().sent,
        1
    );
    assert_eq!(sent_forms(&twilio).await[1]["To"], "+33450010203");
}

#[tokio::test]
async fn a_channel_this_version_cannot_send_is_left_for_one_that_can() {
    let twilio = twilio_accepting().await;
    let app = app().await;
    let t = paris("2026-12-02T10:00");
    let mut push = sms("device-token", "{}", t);
    push.channel = "push".into();
    queue(&app, vec![push]).await;
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    assert_eq!(w.outbox_step(t).await.unwrap().waiting, 1);
    assert!(sent_forms(&twilio).await.is_empty());
    let row = &rows(&app).await[0];
    assert_eq!((row.status.as_str(), row.attempts), ("pending", 0));
}

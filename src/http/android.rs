//! The "SMS Gateway for Android" app's webhooks (`POST /webhooks/android/sms`): an SMS the
//! phone received (`sms:received`) becomes the very same conversation as a Twilio SMS, and
//! what became of a message it sent (`sms:sent`, `sms:delivered`, `sms:failed`) updates the
//! outbox.
//!
//! Every event is checked before anything is read: `X-Signature` is the hex HMAC-SHA256 of
//! the raw body followed by `X-Timestamp`, with the signing key set in the app; a timestamp
//! more than 5 minutes away is refused (a replayed capture). The app retries an event it did
//! not get a 2xx for, with the same `id`: the turn is keyed on it, so a retry replays and
//! never acts twice. The app cannot carry a reply in its webhook's answer, so the reply goes
//! out through the outbox at once (urgent, keyed on the event).

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use futures::future::BoxFuture;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::AppState;
use super::limits::Over;
use crate::channels::Variant;
use crate::conversation::{Channel, Inbound};
use crate::domain::PhoneNumber;
use crate::domain::phone::{redact, redact_in_text};
use crate::store::outbox::{Report, status};
use crate::store::{self, NewOutbound, StoreError, Tx};
use crate::worker::REPLY;

/// Largest gap accepted between `X-Timestamp` and our clock (seconds).
pub const MAX_SKEW_SECS: i64 = 300;

pub fn router() -> Router<AppState> {
    Router::new().route("/webhooks/android/sms", post(event))
}

#[derive(Deserialize)]
struct Event {
    id: String,
    event: String,
    #[serde(default)]
    payload: serde_json::Value,
}

/// Only the id of an event (for the request's span).
#[derive(Deserialize)]
struct EventId {
    id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Received {
    message: String,
    sender: Option<String>,
    /// Older app versions name the sender this way only.
    phone_number: Option<String>,
    /// The SIM's own number, when the phone knows it.
    recipient: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Delivery {
    message_id: String,
    reason: Option<String>,
}

type HmacSha256 = Hmac<Sha256>;

/// The signature the app computes: hex HMAC-SHA256 of the body, then the timestamp.
pub fn signature(key: &str, body: &[u8], timestamp: &str) -> String {
    let Ok(mut mac) = HmacSha256::new_from_slice(key.as_bytes()) else {
        return String::new();
    };
    mac.update(body);
    mac.update(timestamp.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Why an event was refused before it was read.
#[derive(Debug, PartialEq, Eq)]
enum Refused {
    Unsigned,
    BadSignature,
    Stale,
}

fn verify(state: &AppState, headers: &HeaderMap, body: &[u8], now: i64) -> Result<(), Refused> {
    let Some(key) = state.settings.android.signing_key.get() else {
        // Without a key (allowed on a loopback address only, checked at start) nothing can
        // be checked: local development. Anywhere else, refuse.
        return if state.settings.bind.ip().is_loopback() {
            Ok(())
        } else {
            Err(Refused::Unsigned)
        };
    };
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|h| h.to_str().ok())
            .map(str::trim)
            .unwrap_or("")
    };
    let (given, timestamp) = (
        header("x-signature").to_ascii_lowercase(),
        header("x-timestamp"),
    );
    if given.is_empty() || timestamp.is_empty() {
        return Err(Refused::Unsigned);
    }
    let expected = signature(key, body, timestamp);
    if expected.len() != given.len() || !bool::from(expected.as_bytes().ct_eq(given.as_bytes())) {
        return Err(Refused::BadSignature);
    }
    let at: i64 = timestamp.parse().map_err(|_| Refused::BadSignature)?;
    if (now - at).abs() > MAX_SKEW_SECS {
        return Err(Refused::Stale);
    }
    Ok(())
}

async fn event(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let now = jiff::Timestamp::now().as_second();
    // The event's id, before the check, so a refused event can be found on the phone too.
    if let Ok(EventId { id }) = serde_json::from_slice::<EventId>(&body) {
        super::spans::record_provider_id(&id);
    }
    if let Err(why) = verify(&state, &headers, &body, now) {
        tracing::warn!(?why, "Android gateway webhook refused");
        return (StatusCode::FORBIDDEN, "invalid signature").into_response();
    }
    let Ok(ev) = serde_json::from_slice::<Event>(&body) else {
        return (StatusCode::BAD_REQUEST, "not an SMS Gateway event").into_response();
    };
    match ev.event.as_str() {
        "sms:received" => received(&state, ev, now).await,
        "sms:sent" => delivery(&state, ev, status::SENT, now).await,
        "sms:delivered" => delivery(&state, ev, status::DELIVERED, now).await,
        "sms:failed" => delivery(&state, ev, status::FAILED, now).await,
        // system:ping, MMS, data SMS: nothing to do, but the app must not retry.
        _ => StatusCode::NO_CONTENT.into_response(),
    }
}

async fn received(state: &AppState, ev: Event, now: i64) -> Response {
    let Ok(p) = serde_json::from_value::<Received>(ev.payload) else {
        return (StatusCode::BAD_REQUEST, "sms:received without its message").into_response();
    };
    let raw_from = p.sender.or(p.phone_number).unwrap_or_default();
    let Ok(from) = PhoneNumber::parse(&raw_from) else {
        // A short code or a named sender cannot be answered nor followed.
        tracing::warn!(from = %redact(&raw_from), "SMS from a number that cannot be read; not answered");
        return StatusCode::NO_CONTENT.into_response();
    };
    let to = p
        .recipient
        .as_deref()
        .and_then(|r| PhoneNumber::parse(r).ok());
    let conversations = &state.conversations;
    let relais = conversations.core.relais.for_number(to.as_ref()).clone();
    // The same flood limit as Twilio's webhook: a kind word once, then silence.
    let text = match state.limits.sms(from.as_str()) {
        Over::Silent => return StatusCode::OK.into_response(),
        Over::Tell => {
            tracing::warn!(from = %from.redacted(), "SMS flood through the Android gateway: told once");
            let context = conversations.core.context_args(&relais);
            let r = conversations
                .core
                .renderer(crate::i18n::REFERENCE, Variant::Sms, &context);
            Some(r.plain("sms-slow-down"))
        }
        Over::No => {
            let inbound = Inbound {
                provider_id: Some(ev.id.clone()),
                ..Inbound::text(from.clone(), to, Channel::Sms, &p.message, now)
            };
            match conversations.handle(&inbound).await {
                Ok(r) => r.text,
                Err(e) => {
                    // Not stored: the app will send the event again.
                    tracing::error!(error = %e, "Android SMS turn failed");
                    return StatusCode::SERVICE_UNAVAILABLE.into_response();
                }
            }
        }
    };
    let Some(text) = text.filter(|t| !t.is_empty()) else {
        return StatusCode::OK.into_response();
    };
    // The turn is stored; its reply is queued under the event's id, so a retried event
    // (which replays the same reply) queues nothing more.
    let message = NewOutbound::sms(&relais.id, from.as_str(), &text, REPLY, now)
        .urgent()
        .dedupe(format!("reply:{}", ev.id));
    let queued = store::within(
        conversations.store.as_ref(),
        move |tx: &mut dyn Tx| -> BoxFuture<'_, Result<Option<i64>, StoreError>> {
            Box::pin(async move { tx.enqueue_message(&message).await })
        },
    )
    .await;
    match queued {
        Ok(_) => {
            state.outbox_wake.notify_one();
            StatusCode::OK.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "the reply to an Android SMS could not be queued");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

async fn delivery(state: &AppState, ev: Event, new_status: &str, now: i64) -> Response {
    let Ok(p) = serde_json::from_value::<Delivery>(ev.payload) else {
        return (
            StatusCode::BAD_REQUEST,
            "a delivery event without messageId",
        )
            .into_response();
    };
    let error = p.reason.as_deref().map(redact_in_text);
    let store = state.conversations.store.as_ref();
    // Our reference is the message's id; a message whose answer was lost has no provider id
    // yet, so it is found by its reference.
    let mut found = store
        .delivery_report(
            Report::ProviderId(&p.message_id),
            new_status,
            Some(&p.message_id),
            error.as_deref(),
            now,
        )
        .await;
    if matches!(found, Ok(false)) {
        found = store
            .delivery_report(
                Report::Reference(&p.message_id),
                new_status,
                Some(&p.message_id),
                error.as_deref(),
                now,
            )
            .await;
    }
    match found {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => {
            tracing::info!(event = %ev.event, "Android report for a message this instance did not send");
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "Android delivery report not recorded");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_covers_the_body_then_the_timestamp() {
        // Python: hmac.new(b"key", b'{"a":1}' + b"1700000000", hashlib.sha256).hexdigest()
        assert_eq!(
            signature("key", br#"{"a":1}"#, "1700000000"),
            "5cff791334e7fd8344cc05c2398964f60329f4edd6ab1087ed1ba6c34eefeeca"
        );
        assert_ne!(
            signature("key", br#"{"a":1}"#, "1700000000"),
            signature("key", br#"{"a":1}"#, "1700000001")
        );
    }
}

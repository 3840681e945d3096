//! `GET /metrics`: the service's figures in Prometheus text, through the `metrics` crates.
//!
//! Counted where they happen (every HTTP request by route and status, and the providers'
//! webhooks by channel, here; conversation turns, storage errors, kiosk visits, rate limits,
//! outbox outcomes and provider errors in their modules); the outbox's depth and oldest waiting
//! message are read from the database at each scrape. Every name is described here (`# HELP`,
//! so `promtool check metrics` accepts the page) and listed in `docs/operations.md`. No phone
//! number or message body ever becomes a label.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use super::AppState;
use crate::store::outbox::OutboxFilter;

/// Latency buckets, in seconds (Twilio gives up after 15 s).
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 12.0,
];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's recorder, installed on first use (one per process: tests start many apps).
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets(BUCKETS)
                .ok()?
                .install_recorder()
                .ok()
                .inspect(|_| describe())
        })
        .as_ref()
}

/// The `# HELP` and unit of every metric the service records.
fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "passerelle_http_requests_total",
        "HTTP requests answered, by route (never the URL) and status."
    );
    describe_histogram!(
        "passerelle_http_request_seconds",
        Unit::Seconds,
        "Time to answer an HTTP request, by route."
    );
    describe_counter!(
        "passerelle_webhooks_total",
        "Providers' webhooks answered, by channel (sms, voice, android) and status."
    );
    describe_counter!(
        "passerelle_turns_total",
        "Conversation turns, by channel and outcome (stored, failed)."
    );
    describe_histogram!(
        "passerelle_turn_seconds",
        Unit::Seconds,
        "Time to run and store one conversation turn, by channel."
    );
    describe_counter!(
        "passerelle_storage_errors_total",
        "Database errors, by kind (busy, duplicate, constraint, unwritable, corrupt)."
    );
    describe_gauge!(
        "passerelle_outbox_messages",
        "Messages in the outbox, by status, read from the database at each scrape."
    );
    describe_gauge!(
        "passerelle_outbox_oldest_pending_seconds",
        Unit::Seconds,
        "Age of the oldest message waiting to be sent (0 when none waits)."
    );
    describe_counter!(
        "passerelle_outbox_outcomes_total",
        "Sending attempts of the outbox, by channel and outcome."
    );
    describe_counter!(
        "passerelle_provider_errors_total",
        "Sends the provider did not accept, by channel and kind (throttled, temporary, no_answer, refused)."
    );
    describe_counter!(
        "passerelle_rate_limited_total",
        "Requests refused by a rate limit, by surface (sms, voice, enrol, visit, api, login)."
    );
    describe_counter!(
        "passerelle_kiosk_visits_started_total",
        "Kiosk visits started (at the first answer), by origin (kiosk, browser)."
    );
    describe_counter!(
        "passerelle_kiosk_visits_ended_total",
        "Kiosk visits ended, by how (finished, idle, replaced)."
    );
}

/// The channel of a provider's webhook route, or `None` for any other route.
fn webhook_channel(route: &str) -> Option<&'static str> {
    if route.starts_with("/webhooks/twilio/voice") {
        Some("voice")
    } else if route.starts_with("/webhooks/twilio/") {
        Some("sms")
    } else if route.starts_with("/webhooks/android/") {
        Some("android")
    } else {
        None
    }
}

/// Counts every request by its route (never its URL: no reference or phone number in labels)
/// and status, with its duration.
pub async fn count(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let started = Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    if let Some(channel) = webhook_channel(&route) {
        metrics::counter!("passerelle_webhooks_total", "channel" => channel, "status" => status.clone())
            .increment(1);
    }
    metrics::counter!("passerelle_http_requests_total", "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("passerelle_http_request_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`
pub async fn metrics(State(state): State<AppState>) -> Response {
    let Some(handle) = handle() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "metrics unavailable\n").into_response();
    };
    let store = state.conversations.store.as_ref();
    if let Ok(counts) = store.outbox_counts().await {
        // The states that matter are shown even at zero, so an alert can watch them.
        for status in ["pending", "claimed", "sending", "unknown", "failed"] {
            if !counts.iter().any(|(s, _)| s == status) {
                metrics::gauge!("passerelle_outbox_messages", "status" => status).set(0.0);
            }
        }
        for (status, n) in counts {
            metrics::gauge!("passerelle_outbox_messages", "status" => status).set(n as f64);
        }
    }
    let pending = OutboxFilter {
        status: Some("pending".into()),
        kind: None,
    };
    if let Ok(rows) = store.outbox_oldest(&pending).await {
        let now = jiff::Timestamp::now().as_second();
        let age = rows.map_or(0, |created| (now - created).max(0));
        metrics::gauge!("passerelle_outbox_oldest_pending_seconds").set(age as f64);
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}

//! HTTP surface: router assembly, shared state, and the per-surface routes (Twilio webhooks,
//! JSON API, health). Handlers are thin: extract, call one function, map the result.

pub mod android;
pub mod api;
pub mod kiosk;
pub mod limits;
pub mod mediation;
pub mod metrics;
pub mod signature;
pub mod spans;
pub mod twilio;
pub mod voice;
pub mod web;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::config::Settings;
use crate::conversation::Conversations;

/// Largest request body accepted (Twilio's webhooks are far smaller).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub conversations: Conversations,
    pub settings: Arc<Settings>,
    pub limits: Arc<limits::Limits>,
    /// Wakes the outbox worker when something should go at once (a reply through the
    /// Android gateway).
    pub outbox_wake: Arc<tokio::sync::Notify>,
}

/// The address a request came from (see [`client_address`]), as an extractor.
pub struct ClientAddr(pub std::net::IpAddr);

impl axum::extract::FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0);
        Ok(ClientAddr(client_address(
            &state.settings,
            &parts.headers,
            peer,
        )))
    }
}

/// The address a request came from: the peer, or behind a trusted reverse proxy the last hop
/// of `X-Forwarded-For` (the one the proxy added).
pub fn client_address(
    settings: &Settings,
    headers: &axum::http::HeaderMap,
    peer: Option<std::net::SocketAddr>,
) -> std::net::IpAddr {
    let forwarded = settings
        .trust_proxy
        .then(|| {
            headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|ip| ip.trim().parse().ok())
        })
        .flatten();
    forwarded
        .or(peer.map(|p| p.ip()))
        .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    // Counting starts with the first request, not the first scrape.
    metrics::handle();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::metrics))
        .merge(twilio::router())
        .merge(android::router())
        .merge(voice::router())
        .merge(kiosk::router())
        .merge(mediation::router())
        .nest("/api/v1", api::router())
        .route_layer(axum::middleware::from_fn(metrics::count))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            std::time::Duration::from_secs(crate::app::REQUEST_TIMEOUT_SECS),
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(spans::make_span))
        .with_state(state)
}

/// `GET /healthz`: the process is alive and serving.
async fn healthz() -> impl IntoResponse {
    axum::Json(serde_json::json!({"status": "ok"}))
}

/// `GET /readyz`: a turn could be stored now (a write through the turns' path, synced). Fails
/// with the cause when the disk is full or the database cannot write; recovers by itself.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state
        .conversations
        .ready(jiff::Timestamp::now().as_second())
        .await
    {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({"status": "ready"})),
        ),
        Err(e) => {
            tracing::error!(error = %e, "not ready: the database cannot store a turn");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "unavailable", "cause": e.to_string()})),
            )
        }
    }
}

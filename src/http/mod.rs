//! HTTP surface: router assembly, shared state, and the per-surface routes (Twilio webhooks,
//! JSON API, health). Handlers are thin: extract, call one function, map the result.

pub mod android;
pub mod api;
pub mod kiosk;
pub mod signature;
pub mod twilio;
pub mod voice;

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
    /// Wakes the outbox worker when something should go at once (a reply through the
    /// Android gateway).
    pub outbox_wake: Arc<tokio::sync::Notify>,
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .merge(twilio::router())
        .merge(android::router())
        .merge(voice::router())
        .merge(kiosk::router())
        .nest("/api/v1", api::router())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.conversations.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({"status": "ok"})),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: store unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "unavailable"})),
            )
        }
    }
}

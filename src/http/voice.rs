//! Voice webhooks (`/webhooks/twilio/voice`…): the same flows as a phone menu, in TwiML.

use axum::Router;

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}

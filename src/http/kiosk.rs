//! Kiosk routes (`/kiosk`…): server-rendered screens, enrolment, CSRF, security headers.

use axum::Router;

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}

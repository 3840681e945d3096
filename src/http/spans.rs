//! Request spans: every request runs in a span `request{method, route}` (the route as matched,
//! never the URL, whose query could carry anything). A provider's webhook records in it the
//! provider's id of what it is about — Twilio's `MessageSid` or `CallSid`, the Android
//! gateway's event id — as `provider_id`, so every line logged while handling it (in the
//! handler, the turn, the store) can be found from the provider's console. Never a phone number
//! nor a message body: an id is recorded only if it looks like one.

use axum::extract::{MatchedPath, Request};
use tracing::Span;

/// The span of one request (for tower-http's `TraceLayer`).
pub fn make_span(req: &Request) -> Span {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str());
    tracing::info_span!(
        "request",
        method = %req.method(),
        route,
        provider_id = tracing::field::Empty,
    )
}

/// Records the provider's id of the request being handled in its span, if `id` looks like a
/// provider's id (so a phone number put there by mistake or by a forger is never logged).
pub fn record_provider_id(id: &str) {
    if looks_like_an_id(id) {
        Span::current().record("provider_id", id);
    }
}

/// Letters, digits, `-` and `_`, at most 64, at least one letter: `SM…`, `CA…` and the
/// gateway's ids pass; a phone number (digits, `+`, spaces) never does.
fn looks_like_an_id(id: &str) -> bool {
    id.len() <= 64
        && id.chars().any(|c| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::looks_like_an_id;

    #[test]
    fn ids_pass_and_phone_numbers_do_not() {
        assert!(looks_like_an_id("SM0123456789abcdef0123456789abcdef"));
        assert!(looks_like_an_id("CA0123456789abcdef0123456789abcdef"));
        assert!(looks_like_an_id("-4ZpQ_k2Ey6ECgOkVVFj"));
        for not_an_id in [
            "",
            "+33612345678",
            "33612345678",
            "06 12 34 56 78",
            "0612345678",
            "SM<script>",
            &"A".repeat(65),
        ] {
            assert!(!looks_like_an_id(not_an_id), "{not_an_id}");
        }
    }
}

//! Twilio-style webhooks: inbound SMS (`POST /webhooks/twilio/sms`, answered with TwiML) and
//! delivery status callbacks. Every request is signature-checked before anything is stored.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use super::AppState;
use super::limits::Over;
use super::signature;
use crate::conversation::{Channel, Inbound};
use crate::domain::PhoneNumber;
use crate::domain::phone::redact;
pub use crate::domain::text::xml_escape;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/webhooks/twilio/sms", post(sms))
        .route("/webhooks/twilio/status", post(status))
}

/// A TwiML answer.
pub fn twiml(xml: String) -> Response {
    ([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], xml).into_response()
}

/// `<Response><Message>…</Message></Response>`, or `<Response/>` for silence.
pub fn message_twiml(text: Option<&str>) -> Response {
    match text {
        Some(t) if !t.is_empty() => twiml(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>{}</Message></Response>",
            xml_escape(t)
        )),
        _ => twiml("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>".to_string()),
    }
}

/// The URL Twilio called, as it signed it.
fn public_url(state: &AppState, headers: &HeaderMap, uri: &Uri) -> String {
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    match &state.settings.public_url {
        Some(base) => format!("{base}{path}"),
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            format!("http://{host}{path}")
        }
    }
}

/// A webhook refused before anything is stored.
#[derive(Debug)]
pub enum Rejected {
    NotAForm,
    TooLarge,
    BadSignature,
}

impl IntoResponse for Rejected {
    fn into_response(self) -> Response {
        match self {
            Rejected::NotAForm => {
                (StatusCode::BAD_REQUEST, "the body is not form-encoded").into_response()
            }
            Rejected::TooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, "the body is too large").into_response()
            }
            Rejected::BadSignature => (StatusCode::FORBIDDEN, "invalid signature").into_response(),
        }
    }
}

/// Parses the form and checks its signature.
fn verified_params(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    body: &Bytes,
) -> Result<Vec<(String, String)>, Rejected> {
    let params = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .map_err(|_| Rejected::NotAForm)?;
    // Before the check, so a refused webhook can be found in the provider's console too.
    if let Some((_, sid)) = ["MessageSid", "SmsMessageSid", "SmsSid", "CallSid"]
        .iter()
        .find_map(|name| params.iter().find(|(k, v)| k == name && !v.is_empty()))
    {
        super::spans::record_provider_id(sid);
    }
    // Without a token nothing can be checked: allowed for local development on a loopback
    // address; anywhere else (an instance sending through the Android gateway) refused.
    if state.settings.twilio.auth_token.get().is_none() && !state.settings.bind.ip().is_loopback() {
        tracing::warn!(
            path = uri.path(),
            "Twilio webhook refused: TWILIO_AUTH_TOKEN is not set"
        );
        return Err(Rejected::BadSignature);
    }
    if let Some(token) = state.settings.twilio.auth_token.get() {
        let sig = headers
            .get("x-twilio-signature")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let url = public_url(state, headers, uri);
        if !signature::valid(token, &url, &params, sig) {
            tracing::warn!(
                path = uri.path(),
                "webhook refused: missing or wrong signature"
            );
            return Err(Rejected::BadSignature);
        }
    }
    Ok(params)
}

/// A form posted by Twilio whose signature checked out: handlers take this instead of the raw
/// body, so no webhook can forget the check. The query string of the URL (covered by the
/// signature) is kept too: handlers read it from here, after the check, never before.
pub struct SignedForm(pub Vec<(String, String)>, pub Option<String>);

impl SignedForm {
    /// The URL's query string, as signed.
    pub fn query(&self) -> &str {
        self.1.as_deref().unwrap_or("")
    }

    /// A parameter, if Twilio sent it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A parameter, or `""`.
    pub fn param(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }
}

impl FromRequest<AppState> for SignedForm {
    type Rejection = Rejected;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, super::MAX_BODY_BYTES)
            .await
            .map_err(|_| Rejected::TooLarge)?;
        let query = parts.uri.query().map(str::to_string);
        verified_params(state, &parts.headers, &parts.uri, &bytes).map(|p| SignedForm(p, query))
    }
}

async fn sms(State(state): State<AppState>, form: SignedForm) -> Response {
    let raw_from = form.param("From");
    let Ok(from) = PhoneNumber::parse(raw_from) else {
        // A short code or a named sender cannot be answered nor followed.
        tracing::warn!(from = %redact(raw_from), "SMS from a number that cannot be read; not answered");
        return message_twiml(None);
    };
    // Twilio always sends a MessageSid; without it a retry could not be told from a new
    // message and would act twice.
    let Some(sid) = form
        .get("MessageSid")
        .or_else(|| form.get("SmsMessageSid"))
        .or_else(|| form.get("SmsSid"))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
    else {
        return (StatusCode::BAD_REQUEST, "MessageSid is missing").into_response();
    };
    match state.limits.sms(from.as_str()) {
        Over::No => {}
        Over::Tell => {
            tracing::warn!(from = %from.redacted(), "SMS flood: over the limit, told once");
            let core = &state.conversations.core;
            let context = core.context_args(&core.relais.for_number(None));
            let r = core.renderer(
                crate::i18n::REFERENCE,
                crate::channels::Variant::Sms,
                &context,
            );
            return message_twiml(Some(&r.plain("sms-slow-down")));
        }
        Over::Silent => return message_twiml(None),
    }
    let to = form.get("To").and_then(|t| PhoneNumber::parse(t).ok());
    let num_media: u32 = form.param("NumMedia").parse().unwrap_or(0);
    let text = form.param("Body").to_string();
    let inbound = Inbound {
        provider_id: Some(sid),
        media_only: num_media > 0 && text.trim().is_empty(),
        ..Inbound::text(
            from,
            to,
            Channel::Sms,
            &text,
            jiff::Timestamp::now().as_second(),
        )
    };
    match state.conversations.handle(&inbound).await {
        Ok(reply) => message_twiml(reply.text.as_deref()),
        Err(e) => not_stored(&e),
    }
}

/// A turn that could not be stored is not acknowledged: `503`, so Twilio calls the fallback
/// URL, or retries when the webhook URL carries connection overrides (`#rc=3&rp=all`); a
/// retry carries the same `MessageSid` and is then handled once.
pub fn not_stored(e: &crate::conversation::TurnError) -> Response {
    tracing::error!(error = %e, "turn not stored; answered 503 so the provider tries again");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "30")],
        "not stored, try again",
    )
        .into_response()
}

/// Twilio's message statuses as the outbox knows them; `None` for those that change nothing.
pub fn outbox_status(message_status: &str) -> Option<&'static str> {
    use crate::store::outbox::status;
    match message_status {
        "accepted" | "scheduled" | "queued" | "sending" | "sent" => Some(status::SENT),
        "delivered" | "read" => Some(status::DELIVERED),
        "failed" | "undelivered" | "canceled" => Some(status::FAILED),
        _ => None,
    }
}

/// A delivery status callback. Its URL carries our reference (`?ref=…`), so a message whose
/// sending timed out (fate unknown) is settled here too.
async fn status(State(state): State<AppState>, form: SignedForm) -> Response {
    use crate::store::outbox::Report;
    let sid = form.param("MessageSid");
    let Some(new_status) = outbox_status(form.param("MessageStatus")) else {
        return StatusCode::NO_CONTENT.into_response();
    };
    let error = form.get("ErrorCode").filter(|e| !e.is_empty());
    // Read from the signed URL, after the check.
    let query: Vec<(String, String)> = serde_urlencoded::from_str(form.query()).unwrap_or_default();
    let reference = query
        .iter()
        .find(|(k, _)| k == "ref")
        .map(|(_, v)| v.as_str());
    let report = match reference {
        Some(r) => Report::Reference(r),
        None => Report::ProviderId(sid),
    };
    let now = jiff::Timestamp::now().as_second();
    let store = state.conversations.store.as_ref();
    let sid = (!sid.is_empty()).then_some(sid);
    if let Err(e) = store
        .delivery_report(report, new_status, sid, error, now)
        .await
    {
        tracing::error!(error = %e, "status callback not recorded");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    // The carrier says the person replied STOP: as if they had written it to us.
    if error == Some("21610")
        && let Ok(to) = PhoneNumber::parse(form.param("To"))
        && let Err(e) = store
            .mark_opted_out(to.as_str(), "provider:21610", now)
            .await
    {
        tracing::error!(error = %e, "opt-out reported by Twilio not recorded");
    }
    StatusCode::NO_CONTENT.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_is_escaped() {
        assert_eq!(
            xml_escape("a < b & \"c\" 'd' >"),
            "a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt;"
        );
        assert_eq!(xml_escape("x\u{1}y\nz"), "xy\nz");
    }
}

//! Voice recordings played in the console and call-backs marked done. A recording lives at
//! the provider, behind its credentials: the server fetches it (only from the provider's own
//! API address) and passes it on, so the browser never sees a credential or a provider URL.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{Signed, now, problem, see_other, server_error};
use crate::http::AppState;
use crate::store::NewAudit;

/// Largest recording passed on (a few minutes of voice).
const MAX_BYTES: usize = 20 * 1024 * 1024;

/// True when `url` is on the provider's API (Twilio's, or the one configured).
fn from_provider(app: &AppState, url: &str) -> bool {
    let base = app.settings.twilio.api_base.trim_end_matches('/');
    let under = |b: &str| url.starts_with(&format!("{b}/"));
    under(base) || under("https://api.twilio.com")
}

async fn fetch(app: &AppState, url: &str) -> Response {
    if !from_provider(app, url) {
        tracing::warn!("recording not fetched: not on the provider's API");
        return StatusCode::NOT_FOUND.into_response();
    }
    let t = &app.settings.twilio;
    let client = match reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(20))
        .build()
    {
        Ok(c) => c,
        Err(e) => return server_error(e),
    };
    let resp = client
        .get(url)
        .basic_auth(&t.account_sid, Some(t.auth_token.0.as_str()))
        .send()
        .await;
    let resp = match resp {
        Ok(r) if r.status().is_success() => r,
        Ok(r) => {
            tracing::warn!(status = r.status().as_u16(), "recording not available");
            return StatusCode::BAD_GATEWAY.into_response();
        }
        Err(e) => {
            tracing::warn!(error = %e, "recording not fetched");
            return StatusCode::BAD_GATEWAY.into_response();
        }
    };
    let content_type = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.starts_with("audio/"))
        .unwrap_or("audio/wav")
        .to_string();
    match resp.bytes().await {
        Ok(b) if b.len() <= MAX_BYTES => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            b,
        )
            .into_response(),
        Ok(_) => StatusCode::BAD_GATEWAY.into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "recording cut short");
            StatusCode::BAD_GATEWAY.into_response()
        }
    }
}

async fn audit(
    app: &AppState,
    signed: &Signed,
    relais: &str,
    contact_id: Option<i64>,
    reference: Option<&str>,
) -> Result<(), Response> {
    let actor = signed.actor();
    app.conversations
        .store
        .record(&NewAudit {
            actor: &actor,
            relais: Some(relais),
            contact_id,
            request_reference: reference,
            action: "listen_recording",
            mandate_id: None,
            detail: None,
            at: now(),
        })
        .await
        .map_err(server_error)
}

/// `GET /mediation/enregistrements/rappel/{id}`.
pub async fn callback(
    State(app): State<AppState>,
    signed: Signed,
    Path(id): Path<i64>,
) -> Response {
    let b = match app.conversations.store.callback(id).await {
        Ok(Some(b)) if b.relais == signed.mediator.relais => b,
        Ok(_) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return server_error(e),
    };
    let Some(url) = b.recording_url.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Err(r) = audit(&app, &signed, &b.relais, None, None).await {
        return r;
    }
    fetch(&app, url).await
}

/// `GET /mediation/enregistrements/demande/{reference}`.
pub async fn request(
    State(app): State<AppState>,
    signed: Signed,
    Path(reference): Path<String>,
) -> Response {
    let r = match app.conversations.store.help_request(&reference).await {
        Ok(Some(r)) if r.relais == signed.mediator.relais => r,
        Ok(_) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return server_error(e),
    };
    let Some(url) = r.recording_url.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if let Err(resp) = audit(&app, &signed, &r.relais, r.contact_id, Some(&r.reference)).await {
        return resp;
    }
    fetch(&app, url).await
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// `POST /mediation/rappels/{id}/fait`: the person was called back.
pub async fn callback_done(
    State(app): State<AppState>,
    signed: Signed,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(r) = signed.refuse(&app, &form.csrf) {
        return r;
    }
    let store = &app.conversations.store;
    match store.callback(id).await {
        Ok(Some(b)) if b.relais == signed.mediator.relais => {}
        Ok(_) => return problem(&app, StatusCode::NOT_FOUND, "console-not-found"),
        Err(e) => return server_error(e),
    }
    let actor = signed.actor();
    let audit = NewAudit {
        actor: &actor,
        relais: Some(&signed.mediator.relais),
        contact_id: None,
        request_reference: None,
        action: "callback_done",
        mandate_id: None,
        detail: Some(&format!("callback {id}")),
        at: now(),
    };
    if let Err(e) = store.close_callback(id).await {
        return server_error(e);
    }
    if let Err(e) = store.record(&audit).await {
        return server_error(e);
    }
    see_other("/mediation#callbacks", Vec::new())
}

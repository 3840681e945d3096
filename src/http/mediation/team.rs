//! The team's accounts, for an admin of the relais: who has an account, add one (its
//! one-time setup link is shown once), disable or enable one. A mediator who is not an admin
//! gets 403.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use super::views::{Member, TeamView};
use super::{Signed, html, now, problem, see_other, server_error};
use crate::http::AppState;
use crate::mediation::accounts::{self, CreateError};
use crate::store::NewAudit;

/// The refusal of a mediator who is not an admin, or of a form without the session's token.
fn refuse(app: &AppState, signed: &Signed, csrf: Option<&str>) -> Option<Response> {
    if !signed.mediator.is_admin() {
        return Some(problem(app, StatusCode::FORBIDDEN, "console-error-title"));
    }
    csrf.and_then(|c| signed.refuse(app, c))
}

/// The address the setup links start with: the public URL, or the address this page was
/// reached at.
fn base_url(app: &AppState, headers: &HeaderMap) -> String {
    if let Some(u) = &app.settings.public_url {
        return u.clone();
    }
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c))
        })
        .map(|h| format!("http://{h}"))
        .unwrap_or_else(|| format!("http://{}", app.settings.bind))
}

async fn render(
    app: &AppState,
    signed: &Signed,
    link: Option<(String, String)>,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let list = match app
        .conversations
        .store
        .mediators_of(&signed.mediator.relais)
        .await
    {
        Ok(l) => l,
        Err(e) => return server_error(e),
    };
    let mut c = signed.chrome(app, String::new(), "team");
    let w = c.w;
    c.title = w.t("console-team-title");
    c.error = error.map(|id| w.t(id));
    let members = list
        .into_iter()
        .map(|m| {
            let disabled = m.disabled_at.is_some();
            Member {
                id: m.id,
                role: w.t(if m.is_admin() {
                    "console-team-admin"
                } else {
                    "console-team-mediator"
                }),
                state: w.t(if disabled {
                    "console-team-disabled"
                } else if m.password_hash.is_none() {
                    "console-team-waiting"
                } else {
                    "console-team-active"
                }),
                toggle: w.t(if disabled {
                    "console-team-enable"
                } else {
                    "console-team-disable"
                }),
                can_toggle: m.id != signed.mediator.id,
                disabled,
                name: m.name,
                email: m.email,
            }
        })
        .collect();
    html(&TeamView { c, members, link }, status, Vec::new())
}

/// `GET /mediation/equipe`.
pub async fn page(State(app): State<AppState>, signed: Signed) -> Response {
    if let Some(r) = refuse(&app, &signed, None) {
        return r;
    }
    render(&app, &signed, None, None, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct AddForm {
    csrf: String,
    name: String,
    email: String,
    #[serde(default)]
    admin: Option<String>,
}

/// `POST /mediation/equipe`: a new account of the admin's relais, its link shown once.
pub async fn add(
    State(app): State<AppState>,
    signed: Signed,
    headers: HeaderMap,
    Form(form): Form<AddForm>,
) -> Response {
    if let Some(r) = refuse(&app, &signed, Some(&form.csrf)) {
        return r;
    }
    let now = now();
    let store = &app.conversations.store;
    let created = accounts::create(
        store.as_ref(),
        &signed.mediator.relais,
        &form.email,
        &form.name,
        form.admin.is_some(),
        &base_url(&app, &headers),
        now,
    )
    .await;
    match created {
        Ok(c) => {
            let actor = signed.actor();
            let audit = NewAudit {
                actor: &actor,
                relais: Some(&signed.mediator.relais),
                contact_id: None,
                request_reference: None,
                action: "add_mediator",
                mandate_id: None,
                detail: Some(&format!("mediator {}", c.id)),
                at: now,
            };
            if let Err(e) = store.record(&audit).await {
                return server_error(e);
            }
            let w = super::words(&app);
            let sentence = w.with("console-team-link", &[("name", form.name.trim())]);
            render(
                &app,
                &signed,
                Some((sentence, c.setup_url)),
                None,
                StatusCode::CREATED,
            )
            .await
        }
        Err(CreateError::Taken) => {
            render(
                &app,
                &signed,
                None,
                Some("console-team-taken"),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(CreateError::Invalid(_)) => {
            render(
                &app,
                &signed,
                None,
                Some("console-team-invalid"),
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(CreateError::Store(e)) => server_error(e),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

async fn toggle(app: AppState, signed: Signed, id: i64, csrf: &str, disable: bool) -> Response {
    if let Some(r) = refuse(&app, &signed, Some(csrf)) {
        return r;
    }
    if id == signed.mediator.id {
        return render(
            &app,
            &signed,
            None,
            Some("console-team-self"),
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    let store = &app.conversations.store;
    // Only an account of the admin's own relais.
    match store.mediator(id).await {
        Ok(Some(m)) if m.relais == signed.mediator.relais => {}
        Ok(_) => return problem(&app, StatusCode::NOT_FOUND, "console-error-title"),
        Err(e) => return server_error(e),
    }
    let now = now();
    if let Err(e) = store
        .set_mediator_disabled(id, disable.then_some(now), now)
        .await
    {
        return server_error(e);
    }
    let actor = signed.actor();
    let audit = NewAudit {
        actor: &actor,
        relais: Some(&signed.mediator.relais),
        contact_id: None,
        request_reference: None,
        action: if disable {
            "disable_mediator"
        } else {
            "enable_mediator"
        },
        mandate_id: None,
        detail: Some(&format!("mediator {id}")),
        at: now,
    };
    if let Err(e) = store.record(&audit).await {
        return server_error(e);
    }
    see_other("/mediation/equipe", Vec::new())
}

/// `POST /mediation/equipe/{id}/desactiver`.
pub async fn disable(
    State(app): State<AppState>,
    signed: Signed,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    toggle(app, signed, id, &form.csrf, true).await
}

/// `POST /mediation/equipe/{id}/reactiver`.
pub async fn enable(
    State(app): State<AppState>,
    signed: Signed,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    toggle(app, signed, id, &form.csrf, false).await
}

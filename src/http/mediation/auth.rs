//! Signing in to the console: the one-time setup link (password + TOTP enrolment), sign-in
//! with both, sign-out. Before a session exists, forms carry the secret of a short-lived
//! cookie (double submit) instead of a session's CSRF token. Attempts are limited per account
//! and per address (`http::limits`).

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::views::{Chrome, LoginView, MessageView, SetupView, Words};
use super::{
    FORM_COOKIE, SESSION_COOKIE, Signed, html, now, problem, same_token, see_other, server_error,
    set_cookie, words,
};
use crate::http::web::{cookie, id_hash, secret};
use crate::http::{AppState, ClientAddr};
use crate::mediation::accounts;
use crate::store::{Mediator, MediatorSession, NewAudit};

/// How long a sign-in or setup form stays valid.
const FORM_MAX_AGE: i64 = 3600;

fn chrome<'a>(w: Words<'a>, title: &str, csrf: String) -> Chrome<'a> {
    Chrome {
        w,
        title: w.t(title),
        csrf,
        me: None,
        here: "",
        notice: None,
        error: None,
    }
}

/// The form secret of this browser, made if it has none (with the cookie to set).
fn form_secret(app: &AppState, headers: &HeaderMap) -> (String, Vec<HeaderValue>) {
    match cookie(headers, FORM_COOKIE) {
        Some(s) if s.len() == 43 => (s.to_string(), Vec::new()),
        _ => {
            let s = secret();
            let c = set_cookie(app, FORM_COOKIE, &s, Some(FORM_MAX_AGE));
            (s, vec![c])
        }
    }
}

fn form_ok(headers: &HeaderMap, csrf: &str) -> bool {
    cookie(headers, FORM_COOKIE).is_some_and(|c| same_token(c, csrf))
}

#[derive(Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    fin: Option<String>,
    #[serde(default)]
    sortie: Option<String>,
    #[serde(default)]
    active: Option<String>,
}

/// `GET /mediation/connexion`.
pub async fn login_page(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Response {
    let (csrf, cookies) = form_secret(&app, &headers);
    let w = words(&app);
    let mut c = chrome(w, "console-login-title", csrf);
    c.notice = if q.fin.is_some() {
        Some(w.t("console-login-expired"))
    } else if q.sortie.is_some() {
        Some(w.t("console-logged-out"))
    } else if q.active.is_some() {
        Some(w.t("console-setup-done"))
    } else {
        None
    };
    html(
        &LoginView {
            c,
            email: String::new(),
        },
        StatusCode::OK,
        cookies,
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    csrf: String,
    email: String,
    password: String,
    code: String,
}

/// `POST /mediation/connexion`: password and code; a new session on success.
pub async fn login(
    State(app): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    if !form_ok(&headers, &form.csrf) {
        return problem(&app, StatusCode::FORBIDDEN, "console-form-expired");
    }
    let email = form.email.trim().to_lowercase();
    let refused = |status: StatusCode, id: &str| {
        let w = words(&app);
        let mut c = chrome(w, "console-login-title", form.csrf.clone());
        c.error = Some(w.t(id));
        html(
            &LoginView {
                c,
                email: email.clone(),
            },
            status,
            Vec::new(),
        )
    };
    if !app.limits.login(&email, address) {
        tracing::warn!("console sign-in slowed down: too many attempts");
        return refused(StatusCode::TOO_MANY_REQUESTS, "console-login-slow");
    }
    let store = &app.conversations.store;
    let now = now();
    // The same account tried through every instance: counted in the database.
    match store
        .sign_in_failures(&email, now - accounts::FAILURE_WINDOW_SECS)
        .await
    {
        Ok(n) if n >= accounts::MAX_FAILURES => {
            tracing::warn!("console sign-in slowed down: too many failures for one account");
            metrics::counter!("passerelle_rate_limited_total", "surface" => "login").increment(1);
            return refused(StatusCode::TOO_MANY_REQUESTS, "console-login-slow");
        }
        Ok(_) => {}
        Err(e) => return server_error(e),
    }
    let failed = || async {
        if let Err(e) = store.record_sign_in_failure(&email, now).await {
            tracing::error!(error = %e, "a failed sign-in could not be counted");
        }
        refused(StatusCode::UNAUTHORIZED, "console-login-failed")
    };
    let mediator = match store.mediator_by_email(&email).await {
        Ok(m) => m.filter(Mediator::is_active),
        Err(e) => return server_error(e),
    };
    let hash = mediator.as_ref().and_then(|m| m.password_hash.clone());
    let password_ok = accounts::verify_password(form.password.clone(), hash).await;
    let Some(m) = mediator.filter(|_| password_ok) else {
        return failed().await;
    };
    let step = m
        .totp_secret
        .as_deref()
        .and_then(|s| accounts::code_step(s, &form.code, now, m.totp_last_step));
    let fresh = match step {
        Some(step) => store.use_totp_step(m.id, step).await,
        None => Ok(false),
    };
    match fresh {
        Ok(true) => {}
        Ok(false) => return failed().await,
        Err(e) => return server_error(e),
    }
    let id = secret();
    let session = MediatorSession {
        id_hash: id_hash(&id),
        mediator_id: m.id,
        csrf: secret(),
        created_at: now,
        last_seen: now,
        ended_at: None,
    };
    if let Err(e) = store.create_mediator_session(&session).await {
        return server_error(e);
    }
    let actor = crate::domain::lifecycle::Actor::Mediator {
        id: m.id,
        name: m.name.clone(),
    };
    let audit = NewAudit {
        actor: &actor,
        relais: Some(&m.relais),
        contact_id: None,
        request_reference: None,
        action: "sign_in",
        mandate_id: None,
        detail: None,
        at: now,
    };
    if let Err(e) = store.record(&audit).await {
        return server_error(e);
    }
    see_other(
        "/mediation",
        vec![
            set_cookie(&app, SESSION_COOKIE, &id, Some(accounts::ABSOLUTE_SECS)),
            set_cookie(&app, FORM_COOKIE, "", Some(0)),
        ],
    )
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// `POST /mediation/deconnexion`.
pub async fn logout(
    State(app): State<AppState>,
    signed: Signed,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Some(r) = signed.refuse(&app, &form.csrf) {
        return r;
    }
    let store = &app.conversations.store;
    if let Err(e) = store
        .end_mediator_session(&signed.session.id_hash, now())
        .await
    {
        return server_error(e);
    }
    see_other(
        "/mediation/connexion?sortie=1",
        vec![set_cookie(&app, SESSION_COOKIE, "", Some(0))],
    )
}

/// The account a setup link names, if it is still valid.
async fn pending(app: &AppState, token: &str) -> Result<Option<Mediator>, Response> {
    app.conversations
        .store
        .mediator_by_setup(&id_hash(token), now())
        .await
        .map_err(server_error)
}

fn invalid_link(app: &AppState) -> Response {
    let w = words(app);
    let view = MessageView {
        c: chrome(w, "console-setup-title", String::new()),
        lines: vec![w.t("console-setup-invalid")],
        link: "/mediation/connexion",
        link_text: w.t("console-login-title"),
    };
    html(&view, StatusCode::NOT_FOUND, Vec::new())
}

/// The setup page of an account, with an error if any.
async fn setup_view(
    app: &AppState,
    token: &str,
    m: &Mediator,
    csrf: String,
    error: Option<&str>,
    status: StatusCode,
    cookies: Vec<HeaderValue>,
) -> Response {
    let store = &app.conversations.store;
    let secret = match store
        .pending_totp_secret(m.id, &accounts::new_totp_secret())
        .await
    {
        Ok(s) => s,
        Err(e) => return server_error(e),
    };
    let issuer = app
        .conversations
        .core
        .relais
        .by_id(&m.relais)
        .map(|r| format!("Passerelle {}", r.name))
        .unwrap_or_else(|| "Passerelle".into());
    let Some(qr) = accounts::otpauth_url(&secret, &m.email, &issuer)
        .as_deref()
        .and_then(accounts::qr_svg)
    else {
        return server_error("the TOTP secret cannot be drawn");
    };
    let w = words(app);
    let mut c = chrome(w, "console-setup-title", csrf);
    c.error = error.map(|id| w.t(id));
    let view = SetupView {
        c,
        intro: w.with("console-setup-intro", &[("name", &m.name)]),
        token: token.to_string(),
        qr,
        secret,
    };
    html(&view, status, cookies)
}

/// `GET /mediation/activer/{token}`.
pub async fn setup_page(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let m = match pending(&app, &token).await {
        Ok(Some(m)) => m,
        Ok(None) => return invalid_link(&app),
        Err(r) => return r,
    };
    let (csrf, cookies) = form_secret(&app, &headers);
    setup_view(&app, &token, &m, csrf, None, StatusCode::OK, cookies).await
}

#[derive(Deserialize)]
pub struct SetupForm {
    csrf: String,
    password: String,
    again: String,
    code: String,
}

/// `POST /mediation/activer/{token}`: the password and a first code; the link is spent.
pub async fn setup(
    State(app): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<SetupForm>,
) -> Response {
    if !form_ok(&headers, &form.csrf) {
        return problem(&app, StatusCode::FORBIDDEN, "console-form-expired");
    }
    let token_hash = id_hash(&token);
    if !app.limits.setup(&token_hash, address) {
        return problem(&app, StatusCode::TOO_MANY_REQUESTS, "console-login-slow");
    }
    let m = match pending(&app, &token).await {
        Ok(Some(m)) => m,
        Ok(None) => return invalid_link(&app),
        Err(r) => return r,
    };
    let again = |id: &'static str| {
        let csrf = form.csrf.clone();
        let app = app.clone();
        let token = token.clone();
        let m = m.clone();
        async move {
            setup_view(
                &app,
                &token,
                &m,
                csrf,
                Some(id),
                StatusCode::BAD_REQUEST,
                Vec::new(),
            )
            .await
        }
    };
    if let Err(id) = accounts::check_password(&form.password, &form.again) {
        return again(id).await;
    }
    let now = now();
    let step = m
        .totp_secret
        .as_deref()
        .and_then(|s| accounts::code_step(s, &form.code, now, None));
    let Some(step) = step else {
        return again("console-setup-code-wrong").await;
    };
    let Some(hash) = accounts::hash_password(form.password).await else {
        return server_error("the password could not be hashed");
    };
    match app
        .conversations
        .store
        .finish_setup(m.id, &token_hash, &hash, step, now)
        .await
    {
        Ok(true) => see_other(
            "/mediation/connexion?active=1",
            vec![set_cookie(&app, FORM_COOKIE, "", Some(0))],
        ),
        Ok(false) => invalid_link(&app),
        Err(e) => server_error(e),
    }
}

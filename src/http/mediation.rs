//! The mediation console (`/mediation`…): server-rendered pages for the relais team, French
//! only, working without JavaScript (a small script only counts SMS segments).
//!
//! Signing in: [`auth`] (setup link, password + TOTP, sessions in the database, logout). Every
//! other page needs a live session ([`Signed`]), and every form carries the session's CSRF
//! token. The queue: [`queue`]; a request's page and actions: [`request`]; acting for a
//! resident: [`mandates`] (consent), [`acting`] (the kiosk's flows as forms, for them); recordings and call-backs: [`recordings`]; erasing a person's data: [`erase`]; the relais's settings:
//! [`relais`]; the team's accounts: [`team`]. Handlers parse, call one
//! function, render.

mod acting;
mod auth;
mod erase;
mod history;
mod mandates;
mod queue;
mod recordings;
mod relais;
mod request;
mod team;
mod views;

use askama::Template;
use axum::Router;
use axum::extract::{FromRequestParts, Path, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};

use self::views::{Chrome, Me, MessageView, Words};
use super::AppState;
use super::web::{cookie, id_hash, secure};
use crate::domain::lifecycle::Actor;
use crate::mediation::accounts;
use crate::store::{Mediator, MediatorSession};

/// The signed-in session's cookie: a random secret (the database holds only its hash).
const SESSION_COOKIE: &str = "mediation_session";
/// Before signing in: the secret the sign-in and setup forms echo (double submit).
const FORM_COOKIE: &str = "mediation_form";

/// No inline script or style, nothing from elsewhere, never in a frame.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   media-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/mediation/connexion",
            get(auth::login_page).post(auth::login),
        )
        .route("/mediation/deconnexion", post(auth::logout))
        .route(
            "/mediation/activer/{token}",
            get(auth::setup_page).post(auth::setup),
        )
        .route("/mediation", get(queue::page))
        .route("/mediation/demandes/{reference}", get(request::page))
        .route(
            "/mediation/demandes/{reference}/etat",
            post(request::set_status),
        )
        .route("/mediation/demandes/{reference}/note", post(request::note))
        .route("/mediation/demandes/{reference}/sms", post(request::sms))
        .route(
            "/mediation/demandes/{reference}/effacer",
            get(erase::page).post(erase::erase),
        )
        .route(
            "/mediation/demandes/{reference}/accords",
            post(mandates::create),
        )
        .route(
            "/mediation/demandes/{reference}/accords/sms",
            post(mandates::ask_by_sms),
        )
        .route(
            "/mediation/demandes/{reference}/accords/{id}/retirer",
            post(mandates::revoke),
        )
        .route(
            "/mediation/demandes/{reference}/agir/{id}",
            get(acting::page).post(acting::answer),
        )
        .route("/mediation/accord", get(mandates::text))
        .route(
            "/mediation/rappels/{id}/fait",
            post(recordings::callback_done),
        )
        .route(
            "/mediation/enregistrements/rappel/{id}",
            get(recordings::callback),
        )
        .route(
            "/mediation/enregistrements/demande/{reference}",
            get(recordings::request),
        )
        .route("/mediation/equipe", get(team::page).post(team::add))
        .route("/mediation/relais", get(relais::page).post(relais::save))
        .route("/mediation/journal", get(team::journal))
        .route("/mediation/equipe/{id}/desactiver", post(team::disable))
        .route("/mediation/equipe/{id}/reactiver", post(team::enable))
        .route("/mediation/static/{file}", get(asset))
        .layer(axum::middleware::from_fn(security_headers))
}

async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    super::web::secure_page(
        res.headers_mut(),
        CSP,
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    res
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn words(app: &AppState) -> Words<'_> {
    Words {
        locales: &app.conversations.core.locales,
    }
}

/// A cookie of the console (`Path=/mediation`, HttpOnly, SameSite=Strict, Secure behind https).
fn set_cookie(app: &AppState, name: &str, value: &str, max_age: Option<i64>) -> HeaderValue {
    let age = max_age
        .map(|a| format!("; Max-Age={a}"))
        .unwrap_or_default();
    let v = format!(
        "{name}={value}; Path=/mediation; HttpOnly; SameSite=Strict{age}{}",
        secure(app)
    );
    HeaderValue::from_str(&v)
        .unwrap_or_else(|_| HeaderValue::from_static("mediation_form=; Max-Age=0"))
}

fn html(view: &impl Template, status: StatusCode, cookies: Vec<HeaderValue>) -> Response {
    match view.render() {
        Ok(body) => {
            let mut res = (status, Html(body)).into_response();
            for c in cookies {
                res.headers_mut().append(header::SET_COOKIE, c);
            }
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "console template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn see_other(to: &str, cookies: Vec<HeaderValue>) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    for c in cookies {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

/// A page saying what went wrong, with a way back.
fn problem(app: &AppState, status: StatusCode, message_id: &str) -> Response {
    let w = words(app);
    let view = MessageView {
        c: Chrome {
            w,
            title: w.t("console-error-title"),
            csrf: String::new(),
            me: None,
            here: "",
            notice: None,
            error: None,
        },
        lines: vec![w.t(message_id)],
        link: "/mediation",
        link_text: w.t("console-back-queue"),
    };
    html(&view, status, Vec::new())
}

fn server_error(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "console request failed");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// Equal tokens, compared in constant time.
fn same_token(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    !a.is_empty() && a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A signed-in mediator: the extractor of every page past the sign-in. Without a live session
/// the answer is a redirect to the sign-in page.
pub struct Signed {
    pub mediator: Mediator,
    pub session: MediatorSession,
}

impl FromRequestParts<AppState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        app: &AppState,
    ) -> Result<Self, Response> {
        let to_login = |ended: bool| {
            see_other(
                if ended {
                    "/mediation/connexion?fin=1"
                } else {
                    "/mediation/connexion"
                },
                Vec::new(),
            )
        };
        let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_login(false));
        };
        let store = &app.conversations.store;
        let hash = id_hash(secret);
        let now = now();
        let session = match store.mediator_session(&hash).await {
            Ok(Some(s)) => s,
            Ok(None) => return Err(to_login(false)),
            Err(e) => return Err(server_error(e)),
        };
        if !accounts::session_live(&session, now) {
            if session.ended_at.is_none() {
                store
                    .end_mediator_session(&hash, now)
                    .await
                    .map_err(server_error)?;
            }
            return Err(to_login(true));
        }
        let mediator = match store.mediator(session.mediator_id).await {
            Ok(Some(m)) if m.is_active() => m,
            Ok(_) => return Err(to_login(true)),
            Err(e) => return Err(server_error(e)),
        };
        store
            .touch_mediator_session(&hash, now)
            .await
            .map_err(server_error)?;
        Ok(Signed { mediator, session })
    }
}

impl Signed {
    /// The refusal of a form without this session's CSRF token (`None`: it may go on).
    pub fn refuse(&self, app: &AppState, csrf: &str) -> Option<Response> {
        if same_token(csrf, &self.session.csrf) {
            None
        } else {
            tracing::warn!("console form refused: wrong CSRF token");
            Some(problem(app, StatusCode::FORBIDDEN, "console-form-expired"))
        }
    }

    pub fn actor(&self) -> Actor {
        Actor::Mediator {
            id: self.mediator.id,
            name: self.mediator.name.clone(),
        }
    }

    /// The chrome of a page for this mediator.
    pub fn chrome<'a>(&self, app: &'a AppState, title: String, here: &'static str) -> Chrome<'a> {
        let w = words(app);
        Chrome {
            w,
            title,
            csrf: self.session.csrf.clone(),
            me: Some(Me {
                signed_as: w.with("console-signed-as", &[("name", &self.mediator.name)]),
                admin: self.mediator.is_admin(),
            }),
            here,
            notice: None,
            error: None,
        }
    }
}

/// The console's stylesheet and script.
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "console.css",
        "text/css; charset=utf-8",
        include_str!("../../console-ui/static/console.css"),
    ),
    (
        "console.js",
        "text/javascript; charset=utf-8",
        include_str!("../../console-ui/static/console.js"),
    ),
];

/// `GET /mediation/static/{file}`.
async fn asset(Path(file): Path<String>) -> Response {
    super::web::asset(ASSETS, &file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_must_match_exactly_and_never_be_empty() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("", ""));
        assert!(!same_token("ab", "abc"));
    }

    #[test]
    fn the_policy_forbids_inline_script_and_frames() {
        assert!(CSP.contains("script-src 'self'"));
        assert!(!CSP.contains("unsafe-inline"));
        assert!(CSP.contains("frame-ancestors 'none'"));
    }
}

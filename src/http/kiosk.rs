//! Kiosk routes (`/kiosk`…): server-rendered touch screens driven by the same flows and texts
//! as SMS and voice, enrolment, CSRF, security headers.
//!
//! Every screen is a plain HTML form that works without JavaScript; each answer is a POST
//! (nothing personal in a URL) followed by a redirect to `GET /kiosk`, which shows the
//! visit's last answer again. A visit lives in memory ([`sessions`]) and ends on "Terminer",
//! on the page's idle timer, or after [`sessions::IDLE_SECS`] without a request; every page is
//! sent `Cache-Control: no-store`. Handlers stay thin: the conversation service does the
//! talking, `channels::kiosk` the layout, the templates the markup.

mod enrol;
mod sessions;
mod views;
mod visits;

use std::sync::{Arc, OnceLock, Weak};

use askama::Template;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;

pub use enrol::{Enrolment, create as create_enrolment};
pub use sessions::IDLE_SECS;

use self::sessions::KioskSession;
use self::views::{
    Chrome, EndView, EnrolView, HelpView, LanguageChoice, MessageView, Nav, Reference, ScreenView,
    StartView, Ticket, Tr,
};
use self::visits::{Origin, Rejected, clear_stored};
use super::{AppState, ClientAddr};
use crate::channels::Variant;
use crate::channels::kiosk as layout;
use crate::conversation::{Channel, Conversations, Inbound, Said, Who};
use crate::domain::RefCode;
use crate::engine::{Arg, Args, Text};
use crate::store::Kiosk;

/// The visit's cookie: a random secret naming a visit (the database holds only its hash).
const SESSION_COOKIE: &str = "kiosk_session";
/// The enrolled browser's cookie: a long random token whose hash names a kiosk.
const DEVICE_COOKIE: &str = "kiosk_device";
/// An enrolled browser keeps its token for 10 years.
const DEVICE_MAX_AGE: i64 = 10 * 365 * 24 * 3600;
/// Longest answer read from a form (a few words, a number).
const MAX_SAID_CHARS: usize = 300;

/// No inline script or style, nothing from elsewhere, never in a frame.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The kiosk's own state: the key of first forms, and the conversation service.
#[derive(Default)]
pub struct KioskState {
    /// The service's key for the first form of a visit (read from the database once).
    key: tokio::sync::OnceCell<String>,
    /// The conversation service, known from the first request on, so the background sweep
    /// can clear the conversations of visits it ends.
    conversations: OnceLock<Conversations>,
}

impl KioskState {
    fn know(&self, app: &AppState) {
        let _ = self.conversations.set(app.conversations.clone());
    }
}

pub fn router() -> Router<AppState> {
    let state = Arc::new(KioskState::default());
    if let Ok(rt) = tokio::runtime::Handle::try_current() {
        rt.spawn(sweep_forever(Arc::downgrade(&state)));
    }
    Router::new()
        .route("/kiosk", get(page))
        .route("/kiosk/repondre", post(answer))
        .route("/kiosk/langues", post(languages))
        .route("/kiosk/taille", post(text_size))
        .route("/kiosk/continuer", post(keep_alive))
        .route("/kiosk/effacer", get(end_page))
        .route("/kiosk/terminer", post(finish))
        .route("/kiosk/aide", get(help))
        .route("/kiosk/enrol", get(enrol_page).post(enrol_submit))
        .route("/kiosk/static/{file}", get(asset))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(Extension(state))
}

/// Ends idle visits every few seconds, even when no request comes.
async fn sweep_forever(state: Weak<KioskState>) {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(10)).await;
        let Some(state) = state.upgrade() else { return };
        let Some(conv) = state.conversations.get() else {
            continue;
        };
        match conv.store.end_idle_visits(now() - IDLE_SECS, now()).await {
            Ok(ended) => {
                metrics::counter!("passerelle_kiosk_visits_ended_total", "how" => "idle")
                    .increment(ended.len() as u64);
                for v in ended {
                    clear_stored(conv, &v).await;
                }
            }
            Err(e) => tracing::error!(error = %e, "idle kiosk visits not ended"),
        }
    }
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    // The microphone is for "Parler au lieu d'écrire" (the browser's speech recognition).
    super::web::secure_page(
        res.headers_mut(),
        CSP,
        "camera=(), microphone=(self), geolocation=(), payment=()",
    );
    res
}

// ---------------------------------------------------------------------------------------------
// Cookies and visits

use super::web::{cookie, secure};

fn set_cookie(app: &AppState, name: &str, value: &str, max_age: Option<i64>) -> HeaderValue {
    let age = max_age
        .map(|a| format!("; Max-Age={a}"))
        .unwrap_or_default();
    let v = format!(
        "{name}={value}; Path=/kiosk; HttpOnly; SameSite=Strict{age}{}",
        secure(app)
    );
    // Values are base64url: always a valid header.
    HeaderValue::from_str(&v)
        .unwrap_or_else(|_| HeaderValue::from_static("kiosk_session=; Max-Age=0"))
}

/// Where a form comes from: the enrolled kiosk, or a plain browser's address.
async fn origin(app: &AppState, headers: &HeaderMap, address: std::net::IpAddr) -> Origin {
    Origin {
        kiosk: device(app, headers).await,
        address,
    }
}

/// The kiosk this browser was enrolled as.
async fn device(app: &AppState, headers: &HeaderMap) -> Option<Kiosk> {
    let token = cookie(headers, DEVICE_COOKIE)?;
    match enrol::kiosk_of(app.conversations.store.as_ref(), token).await {
        Ok(k) => k,
        Err(e) => {
            tracing::error!(error = %e, "kiosk lookup failed; serving as the default relais");
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering

fn context_for(app: &AppState, relais: Option<&str>) -> Args {
    let core = &app.conversations.core;
    let r = relais
        .and_then(|id| core.relais.by_id(id))
        .unwrap_or_else(|| core.relais.default_relais());
    core.context_args(&r)
}

fn tr<'a>(app: &'a AppState, lang: &'a str, context: &'a Args) -> Tr<'a> {
    Tr {
        r: app
            .conversations
            .core
            .renderer(lang, Variant::Screen, context),
    }
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
            tracing::error!(error = %e, "kiosk template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn see_other(to: &'static str, cookies: Vec<HeaderValue>) -> Response {
    let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
    for c in cookies {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

fn chrome<'a>(tr: Tr<'a>, s: &KioskSession) -> Chrome<'a> {
    let mut c = Chrome::new(tr, &s.csrf, &s.visit, s.big);
    c.idle = s.reply.is_some() || s.big || s.choosing_language;
    c
}

/// A kind page saying this page is no longer valid, with a fresh visit to start again. A
/// request from another site gets the page without a new visit, so it cannot replace the
/// cookie of the person at the screen.
async fn refused(k: &KioskState, app: &AppState, headers: &HeaderMap, why: Rejected) -> Response {
    let cross_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site");
    let mut visit = k.visit(app, &HeaderMap::new()).await;
    if cross_site {
        visit.new_cookie = None;
        visit.session.csrf.clear();
    }
    let context = context_for(app, None);
    let lang = visit.session.lang.clone();
    let t = tr(app, &lang, &context);
    let view = MessageView {
        heading: t.t(if why == Rejected::Busy {
            "kiosk-busy-title"
        } else {
            "kiosk-expired-title"
        }),
        lines: t.lines(if why == Rejected::Busy {
            "kiosk-busy-text"
        } else {
            "kiosk-expired-text"
        }),
        link: "/kiosk",
        link_label: t.t("kiosk-start"),
        alert: why == Rejected::Forged,
        c: chrome(t, &visit.session).own_page("screen"),
    };
    let status = match why {
        Rejected::NoVisit | Rejected::Forged => StatusCode::FORBIDDEN,
        Rejected::Busy => StatusCode::TOO_MANY_REQUESTS,
    };
    html(&view, status, visit.new_cookie.into_iter().collect())
}

/// The first screen: every language, each in its own words.
fn start_view<'a>(app: &'a AppState, t: Tr<'a>, s: &KioskSession) -> StartView<'a> {
    let core = &app.conversations.core;
    let languages = core
        .locales
        .languages()
        .into_iter()
        .map(|code| {
            let r = core.renderer(&code, Variant::Screen, t.r.context);
            LanguageChoice {
                dir: layout::dir_of(&code),
                greeting: layout::html(&r, &Text::new("kiosk-start-ask")),
                name: r.plain(&format!("language-{code}")),
                code,
            }
        })
        .collect();
    let mut c = chrome(t, s);
    c.nav = Nav::ALONE;
    c.layout = "is-side is-start".into();
    StartView { c, languages }
}

/// The printed ticket of a request just made (`no_number`: nobody can call the person back).
async fn ticket(app: &AppState, t: &Tr<'_>, code: RefCode, no_number: bool) -> Option<Ticket> {
    let req = match app.conversations.store.help_request(&code.compact()).await {
        Ok(r) => r?,
        Err(e) => {
            tracing::error!(error = %e, "ticket: request not read");
            return None;
        }
    };
    let mut date = Args::new();
    date.insert(
        "date".into(),
        Arg::Date(crate::conversation::today(req.created_at)),
    );
    let asked = [
        Text::new(&format!("cat-{}", req.category)),
        Text::with("commune-line", {
            let mut a = Args::new();
            a.insert("commune".into(), Arg::Commune(req.commune_insee.clone()));
            let dep = app
                .conversations
                .core
                .communes
                .by_insee(&req.commune_insee)
                .map(|c| c.department.clone())
                .unwrap_or_default();
            a.insert("department".into(), Arg::Text(dep));
            a
        }),
        Text::new(&format!("when-{}", req.urgency)),
    ]
    .iter()
    .map(|x| layout::html(&t.r, x))
    .collect();
    Some(Ticket {
        date: t.html_with("kiosk-ticket-date", date),
        asked,
        next: t.lines(if no_number {
            "kiosk-ticket-next-no-phone"
        } else {
            "kiosk-ticket-next"
        }),
        help: t.t("kiosk-ticket-help"),
        relais: layout::to_html(&t.plain("kiosk-page-title")),
    })
}

// ---------------------------------------------------------------------------------------------
// Handlers

/// `GET /kiosk`: the visit's current screen (the language choice at first).
async fn page(
    State(app): State<AppState>,
    Extension(k): Extension<Arc<KioskState>>,
    headers: HeaderMap,
) -> Response {
    let visit = k.visit(&app, &headers).await;
    let s = &visit.session;
    let cookies: Vec<HeaderValue> = visit.new_cookie.clone().into_iter().collect();
    let reply = match &s.reply {
        Some(r) if !s.choosing_language => r,
        _ => {
            let context = context_for(&app, s.relais.as_deref());
            let t = tr(&app, &s.lang, &context);
            return html(&start_view(&app, t, s), StatusCode::OK, cookies);
        }
    };
    let t = tr(&app, &reply.lang, &reply.context);
    let screen = layout::screen(
        &t.r,
        &app.conversations.core.flows,
        &reply.outputs,
        reply.at.as_ref(),
    );
    let reference = match screen.reference {
        Some(code) => Some(Reference {
            grouped: code.grouped(),
            spelled: code.spelled(),
            ticket: ticket(&app, &t, code, screen.no_number).await,
        }),
        None => None,
    };
    html(
        &ScreenView::new(chrome(t, s), screen, reference),
        StatusCode::OK,
        cookies,
    )
}

#[derive(Deserialize)]
struct AnswerForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    said: String,
}

/// `POST /kiosk/repondre`: one answer (a button's number, digits, a few words, `retour`…).
async fn answer(
    State(app): State<AppState>,
    Extension(k): Extension<Arc<KioskState>>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<AnswerForm>,
) -> Response {
    let origin = origin(&app, &headers, address).await;
    let mut visit = match k.checked(&app, &headers, &origin, &form.csrf).await {
        Ok(v) => v,
        Err(why) => return refused(&k, &app, &headers, why).await,
    };
    let said: String = form.said.trim().chars().take(MAX_SAID_CHARS).collect();
    let device = origin.kiosk;
    let core = &app.conversations.core;
    let default_commune = match &device {
        Some(d) => Some(d.commune_insee.clone()),
        None => core.relais.default_relais().communes.first().cloned(),
    };
    let inbound = Inbound {
        provider_id: None,
        who: Who::Kiosk(visit.session.who.clone()),
        to: None,
        relais: device.as_ref().map(|d| d.relais.clone()),
        channel: Channel::Kiosk,
        said: Said::Text(said),
        media_only: false,
        default_commune,
        kiosk: device.as_ref().map(|d| d.id.clone()),
        now: now(),
    };
    match app.conversations.handle(&inbound).await {
        Ok(reply) => {
            let s = &mut visit.session;
            s.lang = reply.lang.clone();
            s.relais = Some(reply.relais.clone());
            s.choosing_language = false;
            s.reply = Some(reply);
            k.save(&app, &visit, None).await;
            see_other("/kiosk", Vec::new())
        }
        Err(e) => {
            tracing::error!(error = %e, "kiosk turn failed");
            let context = context_for(&app, None);
            let t = tr(&app, &visit.session.lang, &context);
            let view = MessageView {
                heading: t.t("sms-failure"),
                lines: Vec::new(),
                link: "/kiosk",
                link_label: t.t("kiosk-help-return"),
                alert: true,
                c: chrome(t, &visit.session).own_page("screen"),
            };
            html(&view, StatusCode::SERVICE_UNAVAILABLE, Vec::new())
        }
    }
}

#[derive(Deserialize)]
struct TokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    back: String,
}

/// `POST /kiosk/langues`: back to the language choice (from the home screen).
async fn languages(
    State(app): State<AppState>,
    Extension(k): Extension<Arc<KioskState>>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let origin = origin(&app, &headers, address).await;
    match k.checked(&app, &headers, &origin, &form.csrf).await {
        Ok(mut v) => {
            v.session.choosing_language = true;
            k.save(&app, &v, None).await;
            see_other("/kiosk", Vec::new())
        }
        Err(why) => refused(&k, &app, &headers, why).await,
    }
}

/// `POST /kiosk/taille`: "Texte plus grand" / "Texte normal", for this visit only.
async fn text_size(
    State(app): State<AppState>,
    Extension(k): Extension<Arc<KioskState>>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let origin = origin(&app, &headers, address).await;
    match k.checked(&app, &headers, &origin, &form.csrf).await {
        Ok(mut v) => {
            v.session.big = !v.session.big;
            k.save(&app, &v, None).await;
            let to = match form.back.as_str() {
                "help" => "/kiosk/aide",
                "end" => "/kiosk/effacer",
                _ => "/kiosk",
            };
            see_other(to, Vec::new())
        }
        Err(why) => refused(&k, &app, &headers, why).await,
    }
}

/// `POST /kiosk/continuer`: the person is still there (the idle warning's "Continuer").
async fn keep_alive(
    State(app): State<AppState>,
    Extension(k): Extension<Arc<KioskState>>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let origin = origin(&app, &headers, address).await;
    match k.checked(&app, &headers, &origin, &form.csrf).await {
        Ok(v) => {
            k.save(&app, &v, None).await;
            StatusCode::NO_CONTENT.into_response()
        }
        Err(_) => StatusCode::FORBIDDEN.into_response(),
    }
}

/// `POST /kiosk/terminer`: "Terminer / Effacer mes informations", or the idle timer ran out.
/// The visit ends, its conversation is cleared, and the next person starts afresh.
async fn finish(
    State(app): State<AppState>,
    Extension(k): Extension<Arc<KioskState>>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let origin = origin(&app, &headers, address).await;
    match k.checked(&app, &headers, &origin, &form.csrf).await {
        Ok(v) => k.end(&app, &v.id).await,
        Err(Rejected::Forged) => return refused(&k, &app, &headers, Rejected::Forged).await,
        // Already ended (or never stored): start afresh all the same.
        Err(Rejected::NoVisit | Rejected::Busy) => {}
    }
    let gone = set_cookie(&app, SESSION_COOKIE, "", Some(0));
    see_other("/kiosk", vec![gone])
}

/// A page of its own (help, "Tout effacer ?") for this browser's visit, in its language.
async fn own_page(
    app: &AppState,
    k: &KioskState,
    headers: &HeaderMap,
    here: &'static str,
    render: for<'a> fn(Chrome<'a>) -> Response,
) -> Response {
    let visit = k.visit(app, headers).await;
    let s = &visit.session;
    let context = context_for(app, s.relais.as_deref());
    let t = tr(app, &s.lang, &context);
    let mut res = render(chrome(t, s).own_page(here));
    if let Some(c) = visit.new_cookie {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

/// `GET /kiosk/effacer`: "Tout effacer ? Oui / Non" as a page, for a browser without
/// JavaScript ("Oui" posts to `/kiosk/terminer`, "Non" goes back to the screen).
async fn end_page(
    State(app): State<AppState>,
    Extension(k): Extension<Arc<KioskState>>,
    headers: HeaderMap,
) -> Response {
    own_page(&app, &k, &headers, "end", |mut c| {
        c.nav.end = false;
        html(&EndView { c }, StatusCode::OK, Vec::new())
    })
    .await
}

/// `GET /kiosk/aide`: "Besoin d'aide ? Parler à quelqu'un".
async fn help(
    State(app): State<AppState>,
    Extension(k): Extension<Arc<KioskState>>,
    headers: HeaderMap,
) -> Response {
    own_page(&app, &k, &headers, "help", |c| {
        html(&HelpView { c }, StatusCode::OK, Vec::new())
    })
    .await
}

fn device_line(app: &AppState, t: &Tr<'_>, device: Option<&Kiosk>) -> String {
    match device {
        Some(d) => {
            let core = &app.conversations.core;
            let name = core
                .relais
                .by_id(&d.relais)
                .map(|r| r.name.clone())
                .unwrap_or_else(|| d.relais.clone());
            let mut args = Args::new();
            args.insert("relais".into(), Arg::Text(name));
            args.insert("commune".into(), Arg::Commune(d.commune_insee.clone()));
            t.html_with("kiosk-enrol-current", args)
        }
        None => t.t("kiosk-enrol-none"),
    }
}

/// `GET /kiosk/enrol`: the form staff use once to enrol this browser.
async fn enrol_page(
    State(app): State<AppState>,
    Extension(k): Extension<Arc<KioskState>>,
    headers: HeaderMap,
) -> Response {
    let visit = k.visit(&app, &headers).await;
    let device = device(&app, &headers).await;
    let context = context_for(&app, device.as_ref().map(|d| d.relais.as_str()));
    let t = tr(&app, &visit.session.lang, &context);
    let current = device_line(&app, &t, device.as_ref());
    let view = EnrolView::new(chrome(t, &visit.session), current, Vec::new());
    html(
        &view,
        StatusCode::OK,
        visit.new_cookie.into_iter().collect(),
    )
}

#[derive(Deserialize)]
struct EnrolForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
}

/// `POST /kiosk/enrol`: a one-time code ties this browser to a kiosk (a cookie).
async fn enrol_submit(
    State(app): State<AppState>,
    Extension(k): Extension<Arc<KioskState>>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<EnrolForm>,
) -> Response {
    let origin = origin(&app, &headers, address).await;
    let visit = match k.checked(&app, &headers, &origin, &form.csrf).await {
        Ok(v) => v,
        Err(why) => return refused(&k, &app, &headers, why).await,
    };
    let now = now();
    let store = app.conversations.store.as_ref();
    // Codes tried are limited per address: one person guessing cannot block the others.
    let outcome = if app.limits.enrol(address) {
        enrol::enrol(store, &form.code, now).await.map(Some)
    } else {
        Ok(None)
    };
    match outcome {
        Ok(Some(Some((kiosk, token)))) => {
            tracing::info!(kiosk = %kiosk.id, relais = %kiosk.relais, "kiosk enrolled");
            let context = context_for(&app, Some(&kiosk.relais));
            let t = tr(&app, &visit.session.lang, &context);
            let heading = t.t("kiosk-enrol-title");
            let lines = vec![device_line(&app, &t, Some(&kiosk))];
            let view = MessageView {
                heading,
                lines,
                link: "/kiosk",
                link_label: t.t("kiosk-start"),
                alert: false,
                c: chrome(t, &visit.session).own_page("screen"),
            };
            let cookie = set_cookie(&app, DEVICE_COOKIE, &token, Some(DEVICE_MAX_AGE));
            // The staff's visit ends here: the next person starts a visit of this kiosk.
            k.end(&app, &visit.id).await;
            let gone = set_cookie(&app, SESSION_COOKIE, "", Some(0));
            html(&view, StatusCode::OK, vec![cookie, gone])
        }
        Ok(result) => {
            let busy = result.is_none();
            if !busy {
                tracing::warn!("kiosk enrolment refused: unknown, spent or expired code");
            }
            let device = device(&app, &headers).await;
            let context = context_for(&app, None);
            let t = tr(&app, &visit.session.lang, &context);
            let error = if busy {
                t.lines("kiosk-enrol-busy")
            } else {
                t.lines("kiosk-enrol-failed")
            };
            let current = device_line(&app, &t, device.as_ref());
            let view = EnrolView::new(chrome(t, &visit.session), current, error);
            let status = if busy {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::BAD_REQUEST
            };
            html(&view, status, Vec::new())
        }
        Err(e) => {
            tracing::error!(error = %e, "kiosk enrolment failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The page's stylesheets and script (pictograms are inlined in the pages).
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "kiosk.css",
        "text/css; charset=utf-8",
        include_str!("../../kiosk-ui/static/kiosk.css"),
    ),
    (
        "keys.css",
        "text/css; charset=utf-8",
        include_str!("../../kiosk-ui/static/keys.css"),
    ),
    (
        "layout.css",
        "text/css; charset=utf-8",
        include_str!("../../kiosk-ui/static/layout.css"),
    ),
    (
        "kiosk.js",
        "text/javascript; charset=utf-8",
        include_str!("../../kiosk-ui/static/kiosk.js"),
    ),
];

/// `GET /kiosk/static/{file}`.
async fn asset(Path(file): Path<String>) -> Response {
    super::web::asset(ASSETS, &file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_forbids_inline_script_and_frames() {
        assert!(CSP.contains("script-src 'self'"));
        assert!(!CSP.contains("unsafe-inline"));
        assert!(CSP.contains("frame-ancestors 'none'"));
    }
}

//! The JSON API for partner platforms: help requests, missions, sign-ups, paginated, behind a
//! bearer token, with its OpenAPI document generated from this code (utoipa).

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use sha2::Digest;
use subtle::ConstantTimeEq;
use utoipa::{OpenApi, ToSchema};

use super::AppState;
use crate::store::{HelpRequest, Mission, Page, RequestFilter, Signup};

#[derive(OpenApi)]
#[openapi(
    info(title = "Passerelle API", version = "1", description = "Help requests, missions and sign-ups received by SMS, phone and kiosk."),
    paths(list_help_requests, get_help_request, list_missions, list_signups),
    components(schemas(HelpRequestOut, MissionOut, SignupOut, HelpRequestPage, MissionPage, SignupPage, ApiError)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(c) = openapi.components.as_mut() {
            c.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/help-requests", get(list_help_requests))
        .route("/help-requests/{reference}", get(get_help_request))
        .route("/missions", get(list_missions))
        .route("/sign-ups", get(list_signups))
}

/// The OpenAPI document.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

async fn openapi() -> impl IntoResponse {
    Json(openapi_document())
}

/// An error answer.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    /// What went wrong, for the developer of the partner platform.
    error: String,
}

/// Why an API call failed; turned into a JSON answer with the right status.
#[derive(Debug)]
pub enum Failure {
    Unauthorized(&'static str),
    BadRequest(String),
    NotFound(&'static str),
    TooManyRequests,
    Internal,
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let (status, msg) = match self {
            Failure::Unauthorized(m) => (StatusCode::UNAUTHORIZED, m.to_string()),
            Failure::BadRequest(m) => (StatusCode::BAD_REQUEST, m),
            Failure::NotFound(m) => (StatusCode::NOT_FOUND, m.to_string()),
            Failure::TooManyRequests => (
                StatusCode::TOO_MANY_REQUESTS,
                "too many requests with this token: slow down".to_string(),
            ),
            Failure::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error".to_string(),
            ),
        };
        let mut r = (status, Json(ApiError { error: msg })).into_response();
        if status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        r
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Self {
        tracing::error!(error = %e, "API read failed");
        Failure::Internal
    }
}

fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), Failure> {
    let Some(expected) = state.settings.api_token.get() else {
        return Err(Failure::Unauthorized(
            "the API is closed: no PASSERELLE_API_TOKEN is set",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or("");
    if given.len() == expected.len() && bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        let key = format!("{:x}", sha2::Sha256::digest(given.as_bytes()));
        if state.limits.api(&key) {
            Ok(())
        } else {
            Err(Failure::TooManyRequests)
        }
    } else {
        Err(Failure::Unauthorized("missing or wrong bearer token"))
    }
}

/// Paging and filters, as query parameters.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListParams {
    /// Page number, from 1 (default 1).
    page: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<String>,
    /// Only this relais (help requests).
    relais: Option<String>,
    /// Only this status (help requests): open, taken, matched, done, cancelled, impossible.
    status: Option<String>,
}

fn page(p: &ListParams) -> Result<Page, Failure> {
    let parse = |v: &Option<String>, name: &str, default: u32, max: u32| -> Result<u32, Failure> {
        match v {
            None => Ok(default),
            Some(s) => match s.parse::<u32>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(Failure::BadRequest(format!(
                    "{name} must be a whole number from 1 to {max}"
                ))),
            },
        }
    };
    Ok(Page {
        page: parse(&p.page, "page", 1, 1_000_000)?,
        per_page: parse(&p.per_page, "per_page", 50, 200)?,
    })
}

fn rfc3339(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// A help request.
#[derive(Serialize, ToSchema)]
pub struct HelpRequestOut {
    /// 6-digit reference, as typed on a keypad.
    reference: String,
    relais: String,
    /// courses, transport, petits_travaux, jardin, visite, papiers, emprunter, numerique, repas, autre
    category: String,
    commune_insee: String,
    commune_name: Option<String>,
    /// aujourd_hui, cette_semaine, pas_presse
    urgency: String,
    /// The day asked for, local time in Europe/Paris: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM`
    /// when a time was said.
    wanted_on: Option<String>,
    details: Option<String>,
    recording_url: Option<String>,
    /// open, taken, matched, done, cancelled, impossible
    status: String,
    /// sms, voice, kiosk, mediator, api
    channel: String,
    /// The kiosk it was made at, if any.
    kiosk: Option<String>,
    created_at: String,
    updated_at: String,
}

/// A volunteering mission.
#[derive(Serialize, ToSchema)]
pub struct MissionOut {
    id: i64,
    source: String,
    external_id: String,
    title: String,
    description: String,
    organization: String,
    domain: String,
    commune_insee: String,
    address: String,
    /// Local time in Europe/Paris, `YYYY-MM-DDTHH:MM`.
    start_at: Option<String>,
    end_at: Option<String>,
    places_left: i64,
}

/// A sign-up to a mission.
#[derive(Serialize, ToSchema)]
pub struct SignupOut {
    mission_id: i64,
    relais: String,
    /// en_attente_validation, en_cours_traitement, validee, refusee, annulee
    status: String,
    channel: String,
    created_at: String,
}

/// A page of help requests.
#[derive(Serialize, ToSchema)]
pub struct HelpRequestPage {
    items: Vec<HelpRequestOut>,
    page: u32,
    per_page: u32,
    total: i64,
}

/// A page of missions.
#[derive(Serialize, ToSchema)]
pub struct MissionPage {
    items: Vec<MissionOut>,
    page: u32,
    per_page: u32,
    total: i64,
}

/// A page of sign-ups.
#[derive(Serialize, ToSchema)]
pub struct SignupPage {
    items: Vec<SignupOut>,
    page: u32,
    per_page: u32,
    total: i64,
}

fn request_out(state: &AppState, r: HelpRequest) -> HelpRequestOut {
    let commune_name = state
        .conversations
        .core
        .communes
        .by_insee(&r.commune_insee)
        .map(|c| c.name.clone());
    HelpRequestOut {
        reference: r.reference,
        relais: r.relais,
        category: r.category,
        commune_insee: r.commune_insee,
        commune_name,
        urgency: r.urgency,
        wanted_on: r.wanted_on,
        details: r.details,
        recording_url: r.recording_url,
        status: r.status,
        channel: r.channel,
        kiosk: r.kiosk,
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
    }
}

fn mission_out(m: Mission) -> MissionOut {
    MissionOut {
        id: m.id,
        source: m.source,
        external_id: m.external_id,
        title: m.title,
        description: m.description,
        organization: m.organization,
        domain: m.domain,
        commune_insee: m.commune_insee,
        address: m.address,
        start_at: m.start_at,
        end_at: m.end_at,
        places_left: m.places_left,
    }
}

fn signup_out(s: Signup) -> SignupOut {
    SignupOut {
        mission_id: s.mission_id,
        relais: s.relais,
        status: s.status,
        channel: s.channel,
        created_at: rfc3339(s.created_at),
    }
}

/// Lists help requests, newest first.
#[utoipa::path(get, path = "/api/v1/help-requests", params(ListParams),
    responses((status = 200, body = HelpRequestPage), (status = 400, body = ApiError), (status = 401, body = ApiError)))]
async fn list_help_requests(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<ListParams>,
) -> Result<Json<HelpRequestPage>, Failure> {
    authorize(&state, &headers)?;
    let pg = page(&p)?;
    let filter = RequestFilter {
        relais: p.relais.clone(),
        status: p.status.clone(),
    };
    let (items, total) = state.conversations.store.help_requests(&filter, pg).await?;
    Ok(Json(HelpRequestPage {
        items: items.into_iter().map(|r| request_out(&state, r)).collect(),
        page: pg.page,
        per_page: pg.per_page,
        total,
    }))
}

/// One help request by its reference.
#[utoipa::path(get, path = "/api/v1/help-requests/{reference}", params(("reference" = String, Path, description = "6-digit reference")),
    responses((status = 200, body = HelpRequestOut), (status = 404, body = ApiError), (status = 401, body = ApiError)))]
async fn get_help_request(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(reference): Path<String>,
) -> Result<Json<HelpRequestOut>, Failure> {
    authorize(&state, &headers)?;
    let compact: String = reference.chars().filter(|c| !c.is_whitespace()).collect();
    match state.conversations.store.help_request(&compact).await? {
        Some(r) => Ok(Json(request_out(&state, r))),
        None => Err(Failure::NotFound("no help request with this reference")),
    }
}

/// Lists missions, soonest first.
#[utoipa::path(get, path = "/api/v1/missions", params(ListParams),
    responses((status = 200, body = MissionPage), (status = 400, body = ApiError), (status = 401, body = ApiError)))]
async fn list_missions(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<ListParams>,
) -> Result<Json<MissionPage>, Failure> {
    authorize(&state, &headers)?;
    let pg = page(&p)?;
    let (items, total) = state.conversations.store.missions(pg).await?;
    Ok(Json(MissionPage {
        items: items.into_iter().map(mission_out).collect(),
        page: pg.page,
        per_page: pg.per_page,
        total,
    }))
}

/// Lists sign-ups, newest first.
#[utoipa::path(get, path = "/api/v1/sign-ups", params(ListParams),
    responses((status = 200, body = SignupPage), (status = 400, body = ApiError), (status = 401, body = ApiError)))]
async fn list_signups(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<ListParams>,
) -> Result<Json<SignupPage>, Failure> {
    authorize(&state, &headers)?;
    let pg = page(&p)?;
    let (items, total) = state.conversations.store.signups(pg).await?;
    Ok(Json(SignupPage {
        items: items.into_iter().map(signup_out).collect(),
        page: pg.page,
        per_page: pg.per_page,
        total,
    }))
}

//! Missions for partners: listed by change, written by their source
//! (`PUT /missions/{source}/{external_id}`: created, updated or closed, idempotently).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::errors::{JsonBody, Path, Problem, Query};
use super::{Caller, Cursor, Page, WindowParams, commune, one_of, page, rfc3339, window};
use crate::domain::api_client::Scope;
use crate::domain::mission::{self, MissionFields};
use crate::http::AppState;
use crate::store::Mission;
use crate::store::partners::{Filter, MissionPut, Put};

const RESOURCE: &str = "missions";
/// Largest feed accepted by `POST /missions/import` (5,000 API Engagement missions are
/// about 10 MB).
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;
/// A mission's states as partners see them.
pub const MISSION_STATUSES: [&str; 2] = ["open", "closed"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/missions", get(list))
        .route(
            "/missions/import",
            post(import).layer(axum::extract::DefaultBodyLimit::max(MAX_IMPORT_BYTES)),
        )
        .route("/missions/{source}/{external_id}", put(put_one).get(one))
}

/// A volunteering mission.
#[derive(Serialize, ToSchema)]
pub struct MissionOut {
    pub id: i64,
    /// Where it comes from (`demo`, `api_engagement`, a partner's name…).
    pub source: String,
    /// Its id at its source.
    pub external_id: String,
    pub title: String,
    pub description: String,
    pub organization: String,
    /// API Engagement domain key (see the enum).
    pub domain: String,
    pub commune_insee: String,
    pub address: String,
    /// Local time in Europe/Paris, `YYYY-MM-DDTHH:MM`.
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$")]
    pub start_at: Option<String>,
    /// Local time in Europe/Paris, `YYYY-MM-DDTHH:MM`.
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$")]
    pub end_at: Option<String>,
    pub places_left: i64,
    /// `open` or `closed` (see the enum).
    pub status: String,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
    #[schema(format = DateTime)]
    pub closed_at: Option<String>,
}

pub fn out(m: Mission) -> MissionOut {
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
        status: if m.closed_at.is_some() {
            "closed"
        } else {
            "open"
        }
        .into(),
        created_at: rfc3339(m.created_at),
        updated_at: rfc3339(m.updated_at),
        closed_at: m.closed_at.map(rfc3339),
    }
}

/// Filters and window of the list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only missions changed at or after this time (RFC 3339).
    #[param(value_type = Option<String>, format = DateTime)]
    pub updated_since: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Items per page.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// Only this source.
    pub source: Option<String>,
    /// Only open or only closed missions.
    pub status: Option<String>,
    /// Only this commune (INSEE code).
    #[param(pattern = "^[0-9][0-9AB][0-9]{3}$")]
    pub commune_insee: Option<String>,
}

/// Lists missions, oldest change first.
#[utoipa::path(get, path = "/api/v1/missions", tag = "missions", params(ListParams),
    responses((status = 200, body = Page<MissionOut>), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["missions:read"])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<ListParams>,
) -> Result<Json<Page<MissionOut>>, Problem> {
    caller.require(Scope::read(RESOURCE))?;
    let (w, limit) = window(WindowParams {
        updated_since: p.updated_since.as_deref(),
        cursor: p.cursor.as_deref(),
        limit: p.limit.as_deref(),
    })?;
    one_of("status", p.status.as_deref(), &MISSION_STATUSES)?;
    commune(&state, p.commune_insee.as_deref())?;
    let filter = Filter {
        status: p.status,
        source: p.source,
        commune_insee: p.commune_insee,
        ..Filter::default()
    };
    let rows = state.conversations.store.list_missions(&filter, &w).await?;
    Ok(Json(page(
        rows,
        limit,
        p.cursor.as_deref(),
        |m| Cursor(m.updated_at, m.id),
        out,
    )))
}

/// A mission as its source describes it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MissionIn {
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub description: Option<String>,
    #[schema(min_length = 1)]
    pub organization_name: String,
    /// API Engagement domain key (default `autre`; see the enum).
    #[serde(default)]
    pub domain: Option<String>,
    /// INSEE code of a commune of the region.
    #[schema(example = "74225")]
    pub commune_insee: String,
    #[serde(default)]
    pub address: Option<String>,
    /// RFC 3339, or a local time in Europe/Paris (`2026-12-01T14:00`).
    #[serde(default)]
    pub start_at: Option<String>,
    #[serde(default)]
    pub end_at: Option<String>,
    /// Places left (default 1).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100000)]
    pub places: Option<i64>,
    /// Told of each sign-up by e-mail (preferred).
    #[serde(default)]
    pub organization_email: Option<String>,
    /// Told of each sign-up by SMS when there is no e-mail.
    #[serde(default)]
    pub organization_phone: Option<String>,
    /// `closed` closes the mission (kept, no new sign-ups); `open` (default) opens it again.
    #[serde(default)]
    pub status: Option<String>,
}

/// One mission by its source and external id.
#[utoipa::path(get, path = "/api/v1/missions/{source}/{external_id}", tag = "missions",
    params(("source" = String, Path, pattern = "^[a-z0-9_-]{1,40}$"), ("external_id" = String, Path, max_length = 200)),
    responses((status = 200, body = MissionOut), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["missions:read"])))]
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path((source, external_id)): Path<(String, String)>,
) -> Result<Json<MissionOut>, Problem> {
    caller.require(Scope::read(RESOURCE))?;
    match state
        .conversations
        .store
        .mission_by_key(&source, &external_id)
        .await?
    {
        Some(m) => Ok(Json(out(m))),
        None => Err(Problem::not_found("no mission with this source and id")),
    }
}

/// Creates or updates a mission (the same body twice changes nothing), or closes it.
#[utoipa::path(put, path = "/api/v1/missions/{source}/{external_id}", tag = "missions",
    params(("source" = String, Path, pattern = "^[a-z0-9_-]{1,40}$"), ("external_id" = String, Path, max_length = 200)),
    request_body = MissionIn,
    responses((status = 201, description = "created", body = MissionOut), (status = 200, description = "updated or unchanged", body = MissionOut),
        (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["missions:write"])))]
pub async fn put_one(
    State(state): State<AppState>,
    caller: Caller,
    Path((source, external_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<MissionIn>,
) -> Result<(StatusCode, Json<MissionOut>), Problem> {
    caller.require(Scope::write(RESOURCE))?;
    one_of("status", body.status.as_deref(), &MISSION_STATUSES)?;
    let closed = body.status.as_deref() == Some("closed");
    let key = (source.clone(), external_id.clone());
    let fields = MissionFields {
        source,
        external_id,
        title: Some(body.title),
        description: body.description,
        organization: Some(body.organization_name),
        domain: body.domain,
        commune_insee: Some(body.commune_insee),
        address: body.address,
        start_at: body.start_at,
        end_at: body.end_at,
        places: body.places,
        organization_email: body.organization_email,
        organization_phone: body.organization_phone,
        ..MissionFields::default()
    };
    let m = mission::check(fields, &state.conversations.core.communes).map_err(|errors| {
        let field = errors.first().map_or("body", |e| e.field);
        let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
        Problem::invalid(field, all.join("; "))
    })?;
    let store = &state.conversations.store;
    let now = jiff::Timestamp::now().as_second();
    let put = store
        .put_missions(&[MissionPut { mission: m, closed }], now)
        .await?;
    let Some(put) = put.first().copied() else {
        return Err(Problem::internal());
    };
    let stored = store
        .mission_by_key(&key.0, &key.1)
        .await?
        .ok_or_else(Problem::internal)?;
    let status = match put {
        Put::Created(_) => StatusCode::CREATED,
        _ => StatusCode::OK,
    };
    Ok((status, Json(out(stored))))
}

/// How to read an imported feed.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// The missions' source (default `api_engagement`).
    #[param(pattern = "^[a-z0-9_-]{1,40}$")]
    pub source: Option<String>,
    /// `json` (API Engagement) or `csv` (default: from the Content-Type).
    pub format: Option<String>,
    /// The feed lists every mission of the source: close those it no longer lists.
    #[param(value_type = Option<bool>)]
    pub full: Option<String>,
}

/// Imports a feed of missions (API Engagement JSON or CSV), idempotently on (source,
/// external id); refused rows are reported with their index or line, the good ones imported.
#[utoipa::path(post, path = "/api/v1/missions/import", tag = "missions", params(ImportParams),
    request_body(content = String, description = "API Engagement JSON (`{data: [..]}` or an array) or CSV with a header line", content_type = "application/json"),
    responses((status = 200, body = crate::missions::Report), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["missions:write"])))]
pub async fn import(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<ImportParams>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<crate::missions::Report>, Problem> {
    use crate::missions::feed::Format;
    caller.require(Scope::write(RESOURCE))?;
    let format = match p.format.as_deref() {
        Some(f) => Format::parse(f)
            .ok_or_else(|| Problem::invalid("format", "format must be json or csv"))?,
        None => Format::guess(
            headers
                .get(axum::http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or(""),
        ),
    };
    let full = match p.full.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(Problem::invalid("full", "full must be true or false")),
    };
    let source = p.source.unwrap_or_else(|| "api_engagement".into());
    let what = crate::missions::Import {
        bytes: &body,
        format,
        source: &source,
        full,
        now: jiff::Timestamp::now().as_second(),
    };
    let store = state.conversations.store.as_ref();
    match crate::missions::import(
        store,
        &state.conversations.core.communes,
        &what,
        &mut |_, _| {},
    )
    .await
    {
        Ok(report) => Ok(Json(report)),
        Err(crate::missions::ImportError::Source(e)) => Err(Problem::invalid("source", e)),
        Err(crate::missions::ImportError::Feed(e)) => {
            Err(Problem::status(axum::http::StatusCode::BAD_REQUEST, e))
        }
        Err(crate::missions::ImportError::Store(e)) => Err(e.into()),
    }
}

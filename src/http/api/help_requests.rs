//! Help requests for partners: listed by change (filters checked against the domain's lists),
//! one by its reference; the person's number only with the `contact_details` scope.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use axum::Json;

use super::errors::{Path, Problem, Query};
use super::{Caller, Cursor, Page, WindowParams, one_of, page, rfc3339, window};
use crate::domain::PhoneNumber;
use crate::domain::api_client::Scope;
use crate::domain::catalog::{CATEGORIES, REQUEST_STATUSES};
use crate::http::AppState;
use crate::store::partners::{Filter, RequestRow};

const RESOURCE: &str = "help_requests";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/help-requests", get(list))
        .route("/help-requests/{reference}", get(one))
}

/// A help request.
#[derive(Serialize, ToSchema)]
pub struct HelpRequestOut {
    /// 6-digit reference, as typed on a keypad.
    #[schema(pattern = "^[1-9][0-9]{5}$", example = "482915")]
    pub reference: String,
    pub relais: String,
    /// What kind of help (see the enum).
    pub category: String,
    /// INSEE code of the commune (never an address).
    #[schema(example = "74225")]
    pub commune_insee: String,
    pub commune_name: Option<String>,
    /// When help is needed (see the enum).
    pub urgency: String,
    /// The person's own words, if any.
    pub details: Option<String>,
    pub recording_url: Option<String>,
    /// Where the request stands (see the enum).
    pub status: String,
    /// How it came in (see the enum).
    pub channel: String,
    /// The kiosk it was made at, if any.
    pub kiosk: Option<String>,
    /// The person's phone number (E.164), only for clients with the `contact_details` scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

/// Filters and window of the list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only requests changed at or after this time (RFC 3339).
    #[param(value_type = Option<String>, format = DateTime)]
    pub updated_since: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Items per page.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// Only this relais (a client tied to a relais sees only its own).
    pub relais: Option<String>,
    /// Only this status.
    pub status: Option<String>,
    /// Only this category.
    pub category: Option<String>,
    /// Only this commune (INSEE code).
    #[param(pattern = "^[0-9][0-9AB][0-9]{3}$")]
    pub commune_insee: Option<String>,
}

pub fn out(state: &AppState, caller: &Caller, row: RequestRow) -> HelpRequestOut {
    let r = row.request;
    let commune_name = state
        .conversations
        .core
        .communes
        .by_insee(&r.commune_insee)
        .map(|c| c.name.clone());
    let contact_phone = row
        .contact
        .filter(|_| caller.sees_contacts())
        .and_then(|k| PhoneNumber::parse(&k).ok())
        .map(|p| p.as_str().to_string());
    HelpRequestOut {
        reference: r.reference,
        relais: r.relais,
        category: r.category,
        commune_insee: r.commune_insee,
        commune_name,
        urgency: r.urgency,
        details: r.details,
        recording_url: r.recording_url,
        status: r.status,
        channel: r.channel,
        kiosk: r.kiosk,
        contact_phone,
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
    }
}

/// Lists help requests, oldest change first.
#[utoipa::path(get, path = "/api/v1/help-requests", tag = "help requests", params(ListParams),
    responses((status = 200, body = Page<HelpRequestOut>), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["help_requests:read"])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<ListParams>,
) -> Result<Json<Page<HelpRequestOut>>, Problem> {
    caller.require(Scope::read(RESOURCE))?;
    let (w, limit) = window(WindowParams {
        updated_since: p.updated_since.as_deref(),
        cursor: p.cursor.as_deref(),
        limit: p.limit.as_deref(),
    })?;
    one_of("status", p.status.as_deref(), &REQUEST_STATUSES)?;
    one_of("category", p.category.as_deref(), &CATEGORIES)?;
    let filter = Filter {
        relais: caller.relais_filter(p.relais.as_deref())?,
        status: p.status,
        category: p.category,
        commune_insee: p.commune_insee,
        ..Filter::default()
    };
    let rows = state.conversations.store.list_requests(&filter, &w).await?;
    Ok(Json(page(
        rows,
        limit,
        p.cursor.as_deref(),
        |r| Cursor(r.request.updated_at, r.request.id),
        |r| out(&state, &caller, r),
    )))
}

/// The reference as typed: spaces allowed (`482 915`).
pub fn compact(reference: &str) -> String {
    reference.chars().filter(|c| !c.is_whitespace()).collect()
}

/// One help request by its reference.
#[utoipa::path(get, path = "/api/v1/help-requests/{reference}", tag = "help requests",
    params(("reference" = String, Path, description = "6-digit reference", pattern = "^[1-9][0-9]{5}$")),
    responses((status = 200, body = HelpRequestOut), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["help_requests:read"])))]
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(reference): Path<String>,
) -> Result<Json<HelpRequestOut>, Problem> {
    caller.require(Scope::read(RESOURCE))?;
    match state
        .conversations
        .store
        .request_row(&compact(&reference))
        .await?
    {
        Some(r) if caller.sees(&r.request.relais) => Ok(Json(out(&state, &caller, r))),
        _ => Err(Problem::not_found("no help request with this reference")),
    }
}

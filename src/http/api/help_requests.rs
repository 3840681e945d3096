//! Help requests for partners: listed by change (filters checked against the domain's lists),
//! one by its reference; the person's number only with the `contact_details` scope.

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use axum::Json;

use super::audit::{self, Seen};
use super::errors::JsonBody;
use super::errors::{Path, Problem, Query};
use super::{Caller, Cursor, Page, WindowParams, commune, one_of, page, rfc3339, window};
use crate::domain::PhoneNumber;
use crate::domain::api_client::Scope;
use crate::domain::catalog::{CATEGORIES, REQUEST_STATUSES};
use crate::domain::lifecycle::{Helper, HelperKind, LifecycleError, RequestStatus};
use crate::http::AppState;
use crate::store::partners::{Filter, RequestRow};
use crate::store::{self, StoreError, Tx};

const RESOURCE: &str = "help_requests";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/help-requests", get(list))
        .route("/help-requests/{reference}", get(one).patch(set_status))
        .route("/help-requests/{reference}/status", post(post_status))
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
    /// The day asked for, local time in Europe/Paris: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM`
    /// when a time was said.
    #[schema(example = "2026-12-03T10:00")]
    pub wanted_on: Option<String>,
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
    /// Who took it (a mediator's or a partner's name).
    pub taken_by: Option<String>,
    /// Who will help, once matched.
    pub helper: Option<HelperOut>,
    /// The reason given when it was cancelled or found impossible.
    pub status_note: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

/// Who will help: a person or an organisation, as far as they agreed to share it.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HelperOut {
    /// `person` or `organisation`.
    pub kind: String,
    /// The name the resident will hear (`Marie`, `Les Restos du cœur`).
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// When, in words (`jeudi vers 10 h`).
    #[serde(default)]
    #[schema(max_length = 100)]
    pub when: Option<String>,
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
        wanted_on: r.wanted_on,
        details: r.details,
        recording_url: r.recording_url,
        status: r.status,
        channel: r.channel,
        kiosk: r.kiosk,
        contact_phone,
        taken_by: r.taken_by,
        helper: r.helper.map(|h| HelperOut {
            kind: h.kind.as_str().into(),
            name: h.name,
            when: h.when,
        }),
        status_note: r.status_note,
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
    commune(&state, p.commune_insee.as_deref())?;
    let filter = Filter {
        relais: caller.relais_filter(p.relais.as_deref())?,
        status: p.status,
        category: p.category,
        commune_insee: p.commune_insee,
        ..Filter::default()
    };
    let rows = state.conversations.store.list_requests(&filter, &w).await?;
    audit::seen(
        &state,
        &caller,
        VIEW,
        rows.iter().take(limit as usize).map(seen).collect(),
    )
    .await?;
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
        .partner_request(&compact(&reference))
        .await?
    {
        Some(r) if caller.sees(&r.request.relais) => {
            audit::seen(&state, &caller, VIEW, vec![seen(&r)]).await?;
            Ok(Json(out(&state, &caller, r)))
        }
        _ => Err(Problem::not_found("no help request with this reference")),
    }
}

const VIEW: &str = "api_view_request";

fn seen(r: &RequestRow) -> Seen {
    Seen {
        relais: r.request.relais.clone(),
        contact_id: r.request.contact_id,
        reference: Some(r.request.reference.clone()),
    }
}

/// A change of status asked by a partner.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestStatusIn {
    /// Where the request goes (see the enum): `taken`, `matched` (needs `helper`), `done`,
    /// `cancelled` or `impossible` (need a `note`).
    pub status: String,
    /// The reason, or a remark.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub note: Option<String>,
    /// Who will help (for `matched`).
    #[serde(default)]
    pub helper: Option<HelperOut>,
}

/// Moves a help request along its lifecycle, as the console does (the resident is told of
/// help found, done, impossible); the change is recorded with this client as its author, and
/// in the audit log. A change the lifecycle forbids is a
/// 409; a missing reason or helper a 400.
#[utoipa::path(patch, path = "/api/v1/help-requests/{reference}", tag = "help requests",
    params(("reference" = String, Path, description = "6-digit reference", pattern = "^[1-9][0-9]{5}$")),
    request_body = RequestStatusIn,
    responses((status = 200, body = HelpRequestOut), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["help_requests:write"])))]
pub async fn set_status(
    State(state): State<AppState>,
    caller: Caller,
    Path(reference): Path<String>,
    JsonBody(body): JsonBody<RequestStatusIn>,
) -> Result<Json<HelpRequestOut>, Problem> {
    caller.require(Scope::write(RESOURCE))?;
    let to = RequestStatus::parse(&body.status).ok_or_else(|| {
        Problem::invalid(
            "status",
            format!("status must be one of: {}", REQUEST_STATUSES.join(", ")),
        )
    })?;
    if body.note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        return Err(Problem::invalid("note", "at most 500 characters"));
    }
    let helper = body
        .helper
        .map(|h| {
            let kind = HelperKind::parse(&h.kind).ok_or_else(|| {
                Problem::invalid("helper", "helper.kind must be person or organisation")
            })?;
            if h.name.chars().count() > 100
                || h.when.as_ref().is_some_and(|w| w.chars().count() > 100)
            {
                return Err(Problem::invalid(
                    "helper",
                    "helper.name and helper.when: at most 100 characters",
                ));
            }
            Ok(Helper {
                kind,
                name: h.name,
                when: h.when,
            })
        })
        .transpose()?;
    let reference = compact(&reference);
    let row = state
        .conversations
        .store
        .partner_request(&reference)
        .await?;
    let Some(row) = row.filter(|r| caller.sees(&r.request.relais)) else {
        return Err(Problem::not_found("no help request with this reference"));
    };
    let mut last = Problem::conflict("the request changed meanwhile: try again");
    for _ in 0..5 {
        match change(&state, &caller, &row, to, body.note.clone(), helper.clone()).await {
            Ok(()) => {
                let after = state
                    .conversations
                    .store
                    .partner_request(&reference)
                    .await?;
                return after
                    .map(|r| Json(out(&state, &caller, r)))
                    .ok_or_else(Problem::internal);
            }
            Err(Changing::Lifecycle(LifecycleError::Conflict))
            | Err(Changing::Store(StoreError::Conflict | StoreError::Busy)) => continue,
            Err(Changing::Lifecycle(e)) => {
                last = match e {
                    LifecycleError::NotAllowed { .. } => Problem::conflict(e.to_string()),
                    LifecycleError::ReasonRequired(_) => Problem::invalid("note", e.to_string()),
                    LifecycleError::HelperRequired => Problem::invalid("helper", e.to_string()),
                    LifecycleError::NotFound => Problem::not_found(e.to_string()),
                    LifecycleError::Store(s) => Problem::from(s),
                    other => {
                        tracing::error!(error = %other, "a status change failed");
                        Problem::internal()
                    }
                };
                break;
            }
            Err(Changing::Store(e)) => return Err(e.into()),
        }
    }
    Err(last)
}

/// The same as `PATCH /help-requests/{reference}`, for clients that cannot send PATCH.
#[utoipa::path(post, path = "/api/v1/help-requests/{reference}/status", tag = "help requests",
    params(("reference" = String, Path, description = "6-digit reference", pattern = "^[1-9][0-9]{5}$")),
    request_body = RequestStatusIn,
    responses((status = 200, body = HelpRequestOut), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["help_requests:write"])))]
pub async fn post_status(
    state: State<AppState>,
    caller: Caller,
    reference: Path<String>,
    body: JsonBody<RequestStatusIn>,
) -> Result<Json<HelpRequestOut>, Problem> {
    set_status(state, caller, reference, body).await
}

enum Changing {
    Lifecycle(LifecycleError),
    Store(StoreError),
}

/// The change and its audit entry, in one transaction.
async fn change(
    state: &AppState,
    caller: &Caller,
    row: &RequestRow,
    to: RequestStatus,
    note: Option<String>,
    helper: Option<Helper>,
) -> Result<(), Changing> {
    let actor = caller.actor();
    let reference = row.request.reference.clone();
    let core = state.conversations.core.clone();
    let now = jiff::Timestamp::now().as_second();
    type Answer = Result<Result<(), LifecycleError>, StoreError>;
    let outcome = store::within(
        state.conversations.store.as_ref(),
        move |tx: &mut dyn Tx| -> futures::future::BoxFuture<'_, Answer> {
            Box::pin(async move {
                // The console's path: the rules, the record, the audit entry, the resident told.
                let changed = crate::mediation::requests::change_status(
                    &core,
                    tx,
                    &reference,
                    to,
                    &actor,
                    note.as_deref(),
                    helper.as_ref(),
                    now,
                )
                .await;
                match changed {
                    Ok(_) => Ok(Ok(())),
                    // Undone with the transaction.
                    Err(LifecycleError::Store(e)) => Err(e),
                    // Refused before anything was written.
                    Err(e) => Ok(Err(e)),
                }
            })
        },
    )
    .await
    .map_err(Changing::Store)?;
    outcome.map_err(Changing::Lifecycle)
}

//! Sign-ups for partners: listed by change, one by id, and the organisation's answer
//! (`POST /sign-ups/{id}/status`) through `volunteering::change_status`, so the volunteer
//! is told and a refusal frees the place exactly as from the command line.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::audit::{self, Seen};
use super::errors::{JsonBody, Path, Problem, Query};
use super::{Caller, Cursor, Page, WindowParams, one_of, page, rfc3339, window};
use crate::domain::PhoneNumber;
use crate::domain::api_client::Scope;
use crate::domain::catalog::SIGNUP_STATUSES;
use crate::domain::signup::{Actor, SignupStatus};
use crate::http::AppState;
use crate::store::partners::{Filter, SignupRow};
use crate::store::{self, NewAudit, StoreError, Tx};
use crate::volunteering::{self, Changed};
use futures::future::BoxFuture;

const RESOURCE: &str = "signups";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-ups", get(list))
        .route("/sign-ups/{id}", get(one))
        .route("/sign-ups/{id}/status", post(set_status))
}

/// A sign-up to a mission.
#[derive(Serialize, ToSchema)]
pub struct SignupOut {
    pub id: i64,
    pub mission_id: i64,
    /// The mission's source and id there.
    pub mission_source: String,
    pub mission_external_id: String,
    pub relais: String,
    /// As on JeVeuxAider (see the enum).
    pub status: String,
    pub channel: String,
    /// The last note given with a change.
    pub note: Option<String>,
    /// The volunteer's phone number (E.164), only with the `contact_details` scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

fn out(caller: &Caller, s: SignupRow) -> SignupOut {
    SignupOut {
        id: s.id,
        mission_id: s.mission_id,
        mission_source: s.mission_source,
        mission_external_id: s.mission_external_id,
        relais: s.relais,
        status: s.status,
        channel: s.channel,
        note: s.note,
        contact_phone: caller
            .sees_contacts()
            .then(|| PhoneNumber::parse(&s.contact).ok())
            .flatten()
            .map(|p| p.as_str().to_string()),
        created_at: rfc3339(s.created_at),
        updated_at: rfc3339(s.updated_at),
    }
}

/// Filters and window of the list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only sign-ups changed at or after this time (RFC 3339).
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
    /// Only this mission.
    #[param(value_type = Option<i64>, minimum = 1)]
    pub mission_id: Option<String>,
}

/// Lists sign-ups, oldest change first.
#[utoipa::path(get, path = "/api/v1/sign-ups", tag = "sign-ups", params(ListParams),
    responses((status = 200, body = Page<SignupOut>), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["signups:read"])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<ListParams>,
) -> Result<Json<Page<SignupOut>>, Problem> {
    caller.require(Scope::read(RESOURCE))?;
    let (w, limit) = window(WindowParams {
        updated_since: p.updated_since.as_deref(),
        cursor: p.cursor.as_deref(),
        limit: p.limit.as_deref(),
    })?;
    one_of("status", p.status.as_deref(), &SIGNUP_STATUSES)?;
    let mission_id = p
        .mission_id
        .as_deref()
        .map(|m| {
            m.parse::<i64>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                Problem::invalid("mission_id", "mission_id must be a whole number from 1")
            })
        })
        .transpose()?;
    let filter = Filter {
        relais: caller.relais_filter(p.relais.as_deref())?,
        status: p.status,
        mission_id,
        ..Filter::default()
    };
    let rows = state.conversations.store.list_signups(&filter, &w).await?;
    let seen = rows.iter().take(limit as usize).map(seen).collect();
    audit::seen(&state, &caller, VIEW, seen).await?;
    Ok(Json(page(
        rows,
        limit,
        p.cursor.as_deref(),
        |s| Cursor(s.updated_at, s.id),
        |s| out(&caller, s),
    )))
}

const VIEW: &str = "api_view_signup";

fn seen(s: &SignupRow) -> Seen {
    Seen {
        relais: s.relais.clone(),
        contact_id: Some(s.contact_id),
        reference: None,
    }
}

async fn visible(state: &AppState, caller: &Caller, id: i64) -> Result<SignupRow, Problem> {
    match state.conversations.store.signup_row(id).await? {
        Some(s) if caller.sees(&s.relais) => Ok(s),
        _ => Err(Problem::not_found("no sign-up with this id")),
    }
}

/// One sign-up.
#[utoipa::path(get, path = "/api/v1/sign-ups/{id}", tag = "sign-ups",
    params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = SignupOut), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["signups:read"])))]
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<SignupOut>, Problem> {
    caller.require(Scope::read(RESOURCE))?;
    let s = visible(&state, &caller, id).await?;
    audit::seen(&state, &caller, VIEW, vec![seen(&s)]).await?;
    Ok(Json(out(&caller, s)))
}

/// The organisation's answer.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupStatusIn {
    /// `en_cours_traitement`, `validee`, `refusee`, `effectuee` or `annulee`.
    pub status: String,
    /// Why, kept with the change.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

/// Gives the organisation's answer: the volunteer is told by SMS; a refusal or a
/// cancellation frees the place. A change the rules forbid is a 409.
#[utoipa::path(post, path = "/api/v1/sign-ups/{id}/status", tag = "sign-ups",
    params(("id" = i64, Path, minimum = 1)), request_body = SignupStatusIn,
    responses((status = 200, body = SignupOut), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["signups:write"])))]
pub async fn set_status(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<SignupStatusIn>,
) -> Result<Json<SignupOut>, Problem> {
    caller.require(Scope::write(RESOURCE))?;
    let to = SignupStatus::parse(&body.status).ok_or_else(|| {
        Problem::invalid(
            "status",
            format!("status must be one of: {}", SIGNUP_STATUSES.join(", ")),
        )
    })?;
    if body.note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        return Err(Problem::invalid("note", "at most 500 characters"));
    }
    let before = visible(&state, &caller, id).await?;
    match change(&state, &caller, &before, to, body.note).await? {
        Changed::Done(_) => Ok(Json(out(&caller, visible(&state, &caller, id).await?))),
        Changed::NotAllowed(e) => Err(Problem::conflict(e.to_string())),
        Changed::NotFound => Err(Problem::not_found("no sign-up with this id")),
    }
}

/// The organisation's answer and its audit entry, in one transaction, run again if a turn
/// changed the same sign-up meanwhile.
async fn change(
    state: &AppState,
    caller: &Caller,
    s: &SignupRow,
    to: SignupStatus,
    note: Option<String>,
) -> Result<Changed, StoreError> {
    for _ in 0..5 {
        let core = state.conversations.core.clone();
        let note = note.clone();
        let actor = caller.actor();
        let (id, relais, contact_id) = (s.id, s.relais.clone(), s.contact_id);
        let now = jiff::Timestamp::now().as_second();
        let r = store::within(
            state.conversations.store.as_ref(),
            move |tx: &mut dyn Tx| -> BoxFuture<'_, Result<Changed, StoreError>> {
                Box::pin(async move {
                    let changed = volunteering::change_status(
                        &core,
                        tx,
                        id,
                        to,
                        Actor::Organisation,
                        note.as_deref(),
                        now,
                    )
                    .await?;
                    if matches!(changed, Changed::Done(_)) {
                        tx.record(&NewAudit {
                            actor: &actor,
                            relais: Some(&relais),
                            contact_id: Some(contact_id),
                            request_reference: None,
                            action: "api_change_signup",
                            mandate_id: None,
                            detail: Some(to.as_str()),
                            at: now,
                        })
                        .await?;
                    }
                    Ok(changed)
                })
            },
        )
        .await;
        match r {
            Err(StoreError::Conflict | StoreError::Busy) => continue,
            other => return other,
        }
    }
    Err(StoreError::Conflict)
}

//! Event subscriptions for partners (scope `webhooks`): a client subscribes a URL to event
//! types and gets a `whsec_` secret (or gives its own); it sees and changes only its own
//! subscriptions, sees why one was disabled, enables it again, rotates its secret.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::errors::{JsonBody, Path, Problem};
use super::{Caller, rfc3339};
use crate::domain::api_client::Scope;
use crate::domain::webhook::{check_url, new_secret, parse_events, secret_key};
use crate::http::AppState;
use crate::store::webhooks::{NewSubscription, Subscription, SubscriptionChange};

const RESOURCE: &str = "webhooks";
/// How long the previous secret still signs after a rotation.
pub const ROTATION_GRACE_SECS: i64 = 24 * 3600;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/webhooks", get(list).post(create))
        .route("/webhooks/{id}", get(one).patch(change).delete(delete))
        .route("/webhooks/{id}/rotate-secret", post(rotate))
}

/// An event subscription.
#[derive(Serialize, ToSchema)]
pub struct WebhookOut {
    pub id: i64,
    pub url: String,
    /// Event types (see the enum of `WebhookIn.events`).
    pub events: Vec<String>,
    /// `active` or `disabled` (see the enum).
    pub status: String,
    /// Why it was disabled.
    pub disabled_reason: Option<String>,
    #[schema(format = DateTime)]
    pub disabled_at: Option<String>,
    /// Failed deliveries in a row.
    pub failures: i64,
    pub last_error: Option<String>,
    /// The signing secret: only in the answer that creates it or rotates it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
}

fn out(s: Subscription, with_secret: bool) -> WebhookOut {
    WebhookOut {
        id: s.id,
        url: s.url,
        events: s.events,
        status: s.status,
        disabled_reason: s.disabled_reason,
        disabled_at: s.disabled_at.map(rfc3339),
        failures: s.failures,
        last_error: s.last_error,
        secret: with_secret.then_some(s.secret),
        created_at: rfc3339(s.created_at),
    }
}

/// A new subscription.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookIn {
    /// https:// (http:// only to localhost).
    #[schema(
        max_length = 2000,
        example = "https://partner.example/passerelle-events"
    )]
    pub url: String,
    /// Event types.
    #[schema(min_items = 1)]
    pub events: Vec<String>,
    /// Your own secret (`whsec_` + base64 of 24 to 64 bytes); one is made if not given.
    #[serde(default)]
    pub secret: Option<String>,
}

/// A change to a subscription.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookChange {
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub url: Option<String>,
    #[serde(default)]
    pub events: Option<Vec<String>>,
    /// `active` (again: failures forgotten) or `disabled` (paused).
    #[serde(default)]
    pub status: Option<String>,
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn owner(caller: &Caller) -> i64 {
    caller.client_id.unwrap_or(0)
}

async fn own(state: &AppState, caller: &Caller, id: i64) -> Result<Subscription, Problem> {
    match state.conversations.store.subscription(id).await? {
        Some(s) if s.client_id == owner(caller) => Ok(s),
        _ => Err(Problem::not_found("no subscription with this id")),
    }
}

/// Subscribes a URL to events; the answer holds the secret (keep it: it is not shown again).
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", request_body = WebhookIn,
    responses((status = 201, body = WebhookOut), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["webhooks:write"])))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<WebhookIn>,
) -> Result<(StatusCode, Json<WebhookOut>), Problem> {
    caller.require(Scope::write(RESOURCE))?;
    check_url(&body.url).map_err(|e| Problem::invalid("url", e))?;
    let events = parse_events(&body.events).map_err(|e| Problem::invalid("events", e))?;
    let secret = match body.secret {
        Some(s) if secret_key(&s).is_none() => {
            return Err(Problem::invalid(
                "secret",
                "secret must be whsec_ followed by the base64 of 24 to 64 bytes",
            ));
        }
        Some(s) => s,
        None => new_secret(),
    };
    let sub = state
        .conversations
        .store
        .create_subscription(&NewSubscription {
            client_id: owner(&caller),
            client_name: &caller.name,
            relais: caller.relais.as_deref(),
            url: &body.url,
            events: &events,
            secret: &secret,
            now: now(),
        })
        .await?;
    Ok((StatusCode::CREATED, Json(out(sub, true))))
}

/// This client's subscriptions.
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks",
    responses((status = 200, body = Vec<WebhookOut>), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["webhooks:read"])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<WebhookOut>>, Problem> {
    caller.require(Scope::read(RESOURCE))?;
    let list = state
        .conversations
        .store
        .subscriptions(Some(owner(&caller)))
        .await?;
    Ok(Json(list.into_iter().map(|s| out(s, false)).collect()))
}

/// One subscription, with why it was disabled if it was.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = WebhookOut), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["webhooks:read"])))]
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<WebhookOut>, Problem> {
    caller.require(Scope::read(RESOURCE))?;
    Ok(Json(out(own(&state, &caller, id).await?, false)))
}

/// Changes the URL or the events, pauses, or enables again (failures forgotten).
#[utoipa::path(patch, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path, minimum = 1)),
    request_body = WebhookChange,
    responses((status = 200, body = WebhookOut), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["webhooks:write"])))]
pub async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<WebhookChange>,
) -> Result<Json<WebhookOut>, Problem> {
    caller.require(Scope::write(RESOURCE))?;
    own(&state, &caller, id).await?;
    if let Some(u) = &body.url {
        check_url(u).map_err(|e| Problem::invalid("url", e))?;
    }
    let events = body
        .events
        .as_deref()
        .map(parse_events)
        .transpose()
        .map_err(|e| Problem::invalid("events", e))?;
    let active = match body.status.as_deref() {
        None => None,
        Some("active") => Some(true),
        Some("disabled") => Some(false),
        Some(_) => {
            return Err(Problem::invalid(
                "status",
                "status must be active or disabled",
            ));
        }
    };
    let change = SubscriptionChange {
        url: body.url,
        events,
        active,
    };
    match state
        .conversations
        .store
        .change_subscription(id, &change, now())
        .await?
    {
        Some(s) => Ok(Json(out(s, false))),
        None => Err(Problem::not_found("no subscription with this id")),
    }
}

/// Deletes a subscription; its deliveries not sent yet are withdrawn.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path, minimum = 1)),
    responses((status = 204, description = "deleted"), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["webhooks:write"])))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    caller.require(Scope::write(RESOURCE))?;
    own(&state, &caller, id).await?;
    state
        .conversations
        .store
        .delete_subscription(id, now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new secret; the previous one still signs for 24 hours, beside the new one.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/rotate-secret", tag = "webhooks", params(("id" = i64, Path, minimum = 1)),
    responses((status = 200, body = WebhookOut), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["webhooks:write"])))]
pub async fn rotate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<WebhookOut>, Problem> {
    caller.require(Scope::write(RESOURCE))?;
    own(&state, &caller, id).await?;
    let t = now();
    match state
        .conversations
        .store
        .rotate_secret(id, &new_secret(), t + ROTATION_GRACE_SECS, t)
        .await?
    {
        Some(s) => Ok(Json(out(s, true))),
        None => Err(Problem::not_found("no subscription with this id")),
    }
}

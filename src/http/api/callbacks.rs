//! Call-back requests for partners: people who asked to be called (or whose call ended
//! before they were understood), listed by change; the number only with `contact_details`.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::audit::{self, Seen};
use super::errors::{Problem, Query};
use super::{Caller, Cursor, Page, WindowParams, one_of, page, rfc3339, window};
use crate::domain::PhoneNumber;
use crate::domain::api_client::Scope;
use crate::http::AppState;
use crate::store::partners::{CallbackRow, Filter};

/// Call-backs belong with help requests: the same scope reads them.
const RESOURCE: &str = "help_requests";
/// Why someone is to be called back.
pub const CALLBACK_REASONS: [&str; 5] = [
    "asked",
    "stuck",
    "voice_message",
    "voice_silent",
    "call_abandoned",
];
/// Where a call-back stands.
pub const CALLBACK_STATUSES: [&str; 3] = ["open", "done", "cancelled"];

pub fn router() -> Router<AppState> {
    Router::new().route("/callback-requests", get(list))
}

/// Someone to call back.
#[derive(Serialize, ToSchema)]
pub struct CallbackOut {
    pub id: i64,
    pub relais: String,
    /// Why (see the enum).
    pub reason: String,
    pub channel: String,
    /// Where it stands (see the enum).
    pub status: String,
    pub recording_url: Option<String>,
    /// The phone number to call (E.164), only with the `contact_details` scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    /// Where the conversation stood, only with the `contact_details` scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

fn out(caller: &Caller, c: CallbackRow) -> CallbackOut {
    let contacts = caller.sees_contacts();
    CallbackOut {
        id: c.id,
        relais: c.relais,
        reason: c.reason,
        channel: c.channel,
        status: c.status,
        recording_url: c.recording_url,
        contact_phone: contacts
            .then(|| PhoneNumber::parse(&c.contact).ok())
            .flatten()
            .map(|p| p.as_str().to_string()),
        context: c.context.filter(|_| contacts),
        created_at: rfc3339(c.created_at),
        updated_at: rfc3339(c.updated_at),
    }
}

/// Filters and window of the list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only call-backs changed at or after this time (RFC 3339).
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
}

/// Lists call-back requests, oldest change first.
#[utoipa::path(get, path = "/api/v1/callback-requests", tag = "help requests", params(ListParams),
    responses((status = 200, body = Page<CallbackOut>), (status = "4XX", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = ["help_requests:read"])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<ListParams>,
) -> Result<Json<Page<CallbackOut>>, Problem> {
    caller.require(Scope::read(RESOURCE))?;
    let (w, limit) = window(WindowParams {
        updated_since: p.updated_since.as_deref(),
        cursor: p.cursor.as_deref(),
        limit: p.limit.as_deref(),
    })?;
    one_of("status", p.status.as_deref(), &CALLBACK_STATUSES)?;
    let filter = Filter {
        relais: caller.relais_filter(p.relais.as_deref())?,
        status: p.status,
        ..Filter::default()
    };
    let rows = state
        .conversations
        .store
        .list_callbacks(&filter, &w)
        .await?;
    let seen = rows
        .iter()
        .take(limit as usize)
        .map(|c| Seen {
            relais: c.relais.clone(),
            contact_id: Some(c.contact_id),
            reference: None,
        })
        .collect();
    audit::seen(&state, &caller, "api_view_callback", seen).await?;
    Ok(Json(page(
        rows,
        limit,
        p.cursor.as_deref(),
        |c| Cursor(c.updated_at, c.id),
        |c| out(&caller, c),
    )))
}

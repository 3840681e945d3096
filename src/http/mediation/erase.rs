//! Erasing a person's data from the console (`/mediation/demandes/{reference}/effacer`), for
//! an admin of the request's relais: a page saying what goes and what stays, a box to tick,
//! then one POST that erases everything about the person who made the request — the same
//! erasure as `passerelle contact erase` — with the act (not the data) in the audit log, in
//! the same transaction. Anyone else gets a 403 saying who may do it.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::queue::grouped;
use super::request::mine;
use super::views::Chrome;
use super::{Signed, html, now, problem, see_other, server_error};
use crate::conversation::national;
use crate::domain::PhoneNumber;
use crate::http::AppState;
use crate::store::NewAudit;
use crate::store::requests::RequestRow;

/// What an erased contact's key becomes (`erased:<id>`): nothing left to erase.
const ERASED_PREFIX: &str = "erased:";

/// The audit log's name for the act.
pub const ACTION: &str = "contact.erased";

#[derive(Template)]
#[template(path = "erase.html", config = "console-ui/askama.toml")]
pub struct EraseView<'a> {
    pub c: Chrome<'a>,
    pub reference: String,
    /// The person as the team knows them: their number, or words saying they have none.
    pub who: String,
    /// Whether `who` is a number (kept left to right).
    pub is_number: bool,
}

/// True when the data of a request's person was erased.
pub fn erased(row: &RequestRow) -> bool {
    row.contact_key
        .as_deref()
        .is_some_and(|k| k.starts_with(ERASED_PREFIX))
}

/// True when a request's person still has data an admin may erase.
pub fn erasable(row: &RequestRow) -> bool {
    row.contact_key
        .as_deref()
        .is_some_and(|k| !k.starts_with(ERASED_PREFIX))
}

/// The request of an admin's relais whose person can be erased, or the page refusing.
async fn target(app: &AppState, signed: &Signed, reference: &str) -> Result<RequestRow, Response> {
    if !signed.mediator.is_admin() {
        return Err(problem(
            app,
            StatusCode::FORBIDDEN,
            "console-erase-admin-only",
        ));
    }
    let row = mine(app, signed, reference).await?;
    if erasable(&row) {
        Ok(row)
    } else {
        Err(problem(app, StatusCode::NOT_FOUND, "console-erase-nobody"))
    }
}

fn render(
    app: &AppState,
    signed: &Signed,
    row: &RequestRow,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let mut c = signed.chrome(app, String::new(), "");
    let w = c.w;
    c.title = w.with(
        "console-erase-title",
        &[("reference", &grouped(&row.request.reference))],
    );
    c.error = error.map(|id| w.t(id));
    let phone = row
        .contact_key
        .as_deref()
        .and_then(|k| PhoneNumber::parse(k).ok());
    let view = EraseView {
        reference: row.request.reference.clone(),
        is_number: phone.is_some(),
        who: phone
            .as_ref()
            .map(national)
            .unwrap_or_else(|| w.t("console-erase-no-number")),
        c,
    };
    html(&view, status, Vec::new())
}

/// `GET /mediation/demandes/{reference}/effacer`.
pub async fn page(
    State(app): State<AppState>,
    signed: Signed,
    Path(reference): Path<String>,
) -> Response {
    match target(&app, &signed, &reference).await {
        Ok(row) => render(&app, &signed, &row, None, StatusCode::OK),
        Err(r) => r,
    }
}

#[derive(Deserialize)]
pub struct EraseForm {
    csrf: String,
    /// The ticked box (`1`).
    #[serde(default)]
    confirm: String,
}

/// `POST /mediation/demandes/{reference}/effacer`.
pub async fn erase(
    State(app): State<AppState>,
    signed: Signed,
    Path(reference): Path<String>,
    Form(form): Form<EraseForm>,
) -> Response {
    if !signed.mediator.is_admin() {
        return problem(&app, StatusCode::FORBIDDEN, "console-erase-admin-only");
    }
    if let Some(r) = signed.refuse(&app, &form.csrf) {
        return r;
    }
    let row = match target(&app, &signed, &reference).await {
        Ok(row) => row,
        Err(r) => return r,
    };
    if form.confirm != "1" {
        return render(
            &app,
            &signed,
            &row,
            Some("console-erase-unticked"),
            StatusCode::BAD_REQUEST,
        );
    }
    let Some(key) = row.contact_key.as_deref() else {
        return problem(&app, StatusCode::NOT_FOUND, "console-erase-nobody");
    };
    let written = PhoneNumber::parse(key)
        .map(|p| national(&p))
        .unwrap_or_else(|_| key.to_string());
    let actor = signed.actor();
    let audit = NewAudit {
        actor: &actor,
        relais: Some(&signed.mediator.relais),
        contact_id: row.request.contact_id,
        request_reference: Some(&row.request.reference),
        action: ACTION,
        mandate_id: None,
        detail: Some("console"),
        at: now(),
    };
    match app
        .conversations
        .store
        .erase_contact(key, &written, &audit)
        .await
    {
        Ok(Some(_)) => see_other(
            &format!("/mediation/demandes/{reference}?fait=efface"),
            Vec::new(),
        ),
        Ok(None) => problem(&app, StatusCode::NOT_FOUND, "console-erase-nobody"),
        Err(e) => server_error(e),
    }
}

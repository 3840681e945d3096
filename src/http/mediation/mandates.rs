//! Acting for a resident from the console: the mandate text to print (versioned), recording
//! the resident's consent given in person (scopes, duration), asking it by SMS (the answer is
//! taken by `mediation::consent`), revoking it. The rules are
//! `domain::mandate`; each act is written to the audit log with the mandate it concerns.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::queue::paris;
use super::request::{mine, render};
use super::views::{MandateLine, MandateTextView, Words};
use super::{Signed, html, now, problem, see_other, server_error};
use crate::domain::PhoneNumber;
use crate::domain::mandate::{self, Consent, Duration, Scope, State as MState};
use crate::http::AppState;
use crate::mediation::consent;
use crate::store::{NewAudit, NewMandate, StoredMandate, within};

/// A mandate as a line of the request's page.
pub fn line(w: Words<'_>, m: &StoredMandate, now: i64) -> MandateLine {
    let scopes: Vec<String> = m
        .rules
        .scopes
        .iter()
        .map(|s| w.t(&format!("console-scope-{}", s.as_str())))
        .collect();
    let state = match m.rules.state {
        MState::Active if now >= m.rules.expires_at => "expired",
        MState::Active => "active",
        MState::Revoked => "revoked",
        MState::Pending if now >= m.created_at + consent::ANSWER_SECS => "unanswered",
        MState::Pending => "pending",
        MState::Refused => "refused",
    };
    MandateLine {
        id: m.rules.id,
        line: w.with(
            "console-mandate-line",
            &[
                ("scopes", &scopes.join(", ")),
                ("until", &paris(m.rules.expires_at)),
                (
                    "how",
                    &w.t(&format!("console-mandate-how-{}", m.rules.consent.as_str())),
                ),
                ("mediator", &m.mediator_name),
            ],
        ),
        state: w.t(&format!("console-mandate-state-{state}")),
        revocable: state == "active" || state == "pending",
        act: state == "active"
            && m.rules
                .scopes
                .iter()
                .any(|s| matches!(s, Scope::HelpRequests | Scope::Signups)),
    }
}

/// `GET /mediation/accord`: the mandate text, to read to the resident and print.
pub async fn text(State(app): State<AppState>, signed: Signed) -> Response {
    let mut c = signed.chrome(&app, String::new(), "");
    let w = c.w;
    c.title = w.t("console-mandate-text-title");
    let view = MandateTextView {
        version: w.with(
            "console-mandate-text-version",
            &[("version", mandate::TEXT_VERSION)],
        ),
        lines: w
            .t("console-mandate-text")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        c,
    };
    html(&view, StatusCode::OK, Vec::new())
}

/// The mandate form: several `scope` fields, hence a list of pairs.
type Fields = Vec<(String, String)>;

fn one<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// `POST /mediation/demandes/{reference}/accords`: consent given in person.
pub async fn create(
    State(app): State<AppState>,
    signed: Signed,
    Path(reference): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    if let Some(r) = signed.refuse(&app, one(&fields, "csrf")) {
        return r;
    }
    let row = match mine(&app, &signed, &reference).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let Some(contact_id) = row.request.contact_id else {
        return problem(&app, StatusCode::NOT_FOUND, "console-not-found");
    };
    let scopes: Vec<Scope> = fields
        .iter()
        .filter(|(k, _)| k == "scope")
        .filter_map(|(_, v)| Scope::parse(v))
        .collect();
    let agreed = one(&fields, "agreed") == "1";
    if let Err(e) = mandate::check_new(&scopes, agreed) {
        let id = match e {
            mandate::Invalid::NoScope => "console-mandate-no-scope",
            mandate::Invalid::NotConfirmed => "console-mandate-not-agreed",
        };
        return render(
            &app,
            &signed,
            &reference,
            None,
            Some(id),
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    let duration = Duration::parse(one(&fields, "duration")).unwrap_or(Duration::Day);
    let name: String = one(&fields, "resident_name")
        .trim()
        .chars()
        .take(100)
        .collect();
    let now = now();
    let store = &app.conversations.store;
    let id = match store
        .create_mandate(&NewMandate {
            contact_id,
            relais: &signed.mediator.relais,
            mediator_id: signed.mediator.id,
            resident_name: Some(name.as_str()).filter(|n| !n.is_empty()),
            scopes: &scopes,
            consent: Consent::InPerson,
            text_version: mandate::TEXT_VERSION,
            state: MState::Active.as_str(),
            expires_at: now + duration.secs(),
            now,
        })
        .await
    {
        Ok(id) => id,
        Err(e) => return server_error(e),
    };
    if let Err(r) = audit(&app, &signed, &row.request, "mandate_in_person", id, now).await {
        return r;
    }
    see_other(
        &format!("/mediation/demandes/{reference}?fait=accord"),
        Vec::new(),
    )
}

/// `POST /mediation/demandes/{reference}/accords/sms`: a recap SMS the resident answers.
pub async fn ask_by_sms(
    State(app): State<AppState>,
    signed: Signed,
    Path(reference): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    if let Some(r) = signed.refuse(&app, one(&fields, "csrf")) {
        return r;
    }
    let row = match mine(&app, &signed, &reference).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let phone = row
        .contact_key
        .as_deref()
        .and_then(|k| PhoneNumber::parse(k).ok())
        .filter(|p| p.can_receive_sms() && !row.opted_out);
    let (Some(contact_id), Some(phone)) = (row.request.contact_id, phone) else {
        return render(
            &app,
            &signed,
            &reference,
            None,
            Some("console-refused-unreachable"),
            StatusCode::BAD_REQUEST,
        )
        .await;
    };
    let scopes: Vec<Scope> = fields
        .iter()
        .filter(|(k, _)| k == "scope")
        .filter_map(|(_, v)| Scope::parse(v))
        .collect();
    if mandate::check_new(&scopes, true).is_err() {
        return render(
            &app,
            &signed,
            &reference,
            None,
            Some("console-mandate-no-scope"),
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    let duration = Duration::parse(one(&fields, "duration")).unwrap_or(Duration::Day);
    let now = now();
    let store = &app.conversations.store;
    let id = match store
        .create_mandate(&NewMandate {
            contact_id,
            relais: &signed.mediator.relais,
            mediator_id: signed.mediator.id,
            resident_name: None,
            scopes: &scopes,
            consent: Consent::Sms,
            text_version: mandate::TEXT_VERSION,
            state: MState::Pending.as_str(),
            expires_at: now + duration.secs(),
            now,
        })
        .await
    {
        Ok(id) => id,
        Err(e) => return server_error(e),
    };
    let lang = row.contact_language.clone().unwrap_or_else(|| "fr".into());
    let body = consent::recap(
        &app.conversations.core,
        &signed.mediator.relais,
        &lang,
        &signed.mediator.name,
        &scopes,
        duration,
    );
    let relais = signed.mediator.relais.clone();
    let sent = within(store.as_ref(), move |tx| {
        Box::pin(async move { consent::send_recap(tx, &relais, &phone, &body, id, now).await })
    })
    .await;
    if let Err(e) = sent {
        return server_error(e);
    }
    if let Err(r) = audit(&app, &signed, &row.request, "mandate_sms_asked", id, now).await {
        return r;
    }
    see_other(
        &format!("/mediation/demandes/{reference}?fait=accord-sms"),
        Vec::new(),
    )
}

async fn audit(
    app: &AppState,
    signed: &Signed,
    r: &crate::store::HelpRequest,
    action: &str,
    mandate_id: i64,
    now: i64,
) -> Result<(), Response> {
    let actor = signed.actor();
    app.conversations
        .store
        .record(&NewAudit {
            actor: &actor,
            relais: Some(&r.relais),
            contact_id: r.contact_id,
            request_reference: Some(&r.reference),
            action,
            mandate_id: Some(mandate_id),
            detail: None,
            at: now,
        })
        .await
        .map_err(server_error)
}

/// `POST /mediation/demandes/{reference}/accords/{id}/retirer`.
pub async fn revoke(
    State(app): State<AppState>,
    signed: Signed,
    Path((reference, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Response {
    if let Some(r) = signed.refuse(&app, one(&fields, "csrf")) {
        return r;
    }
    let row = match mine(&app, &signed, &reference).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let store = &app.conversations.store;
    match store.mandate(id).await {
        Ok(Some(m))
            if m.rules.relais == signed.mediator.relais
                && Some(m.rules.contact_id) == row.request.contact_id => {}
        Ok(_) => return problem(&app, StatusCode::NOT_FOUND, "console-not-found"),
        Err(e) => return server_error(e),
    }
    let now = now();
    if let Err(e) = store.revoke_mandate(id, now).await {
        return server_error(e);
    }
    if let Err(r) = audit(&app, &signed, &row.request, "mandate_revoked", id, now).await {
        return r;
    }
    see_other(
        &format!("/mediation/demandes/{reference}?fait=retire"),
        Vec::new(),
    )
}

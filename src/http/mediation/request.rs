//! A request's page (`/mediation/demandes/{reference}`): the resident, the request, its whole
//! history (status changes, notes, SMS written by the team, and the messages that made the
//! request), and the actions — take it, change its status, add a note, write an SMS, cancel.
//! Each action is one POST that calls one function of `mediation::requests`, then shows the
//! page again with what happened. Every view is written to the audit log.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::history;
use super::queue::{cannot_text, category_word, channel_word, commune_name, grouped, status_word};
use super::views::RequestView;
use super::{Signed, html, now, problem, see_other, server_error};
use crate::conversation::national;
use crate::domain::PhoneNumber;
use crate::domain::lifecycle::{Helper, HelperKind, LifecycleError, RequestStatus};
use crate::domain::mandate::{self, Scope};
use crate::http::AppState;
use crate::mediation::requests::{self, ActError, Told};
use crate::store::requests::RequestRow;
use crate::store::{NewAudit, within};

/// The request, if it belongs to the mediator's relais.
pub(super) async fn mine(
    app: &AppState,
    signed: &Signed,
    reference: &str,
) -> Result<RequestRow, Response> {
    match app.conversations.store.request_row(reference).await {
        Ok(Some(r)) if r.request.relais == signed.mediator.relais => Ok(r),
        Ok(_) => Err(problem(app, StatusCode::NOT_FOUND, "console-not-found")),
        Err(e) => Err(server_error(e)),
    }
}

#[derive(Deserialize, Default)]
pub struct Done {
    /// What the last action did: a message id suffix (`taken`, `status`, `note`, `sms`,
    /// `told-sms`, `told-call`).
    #[serde(default)]
    fait: Option<String>,
}

/// `GET /mediation/demandes/{reference}`.
pub async fn page(
    State(app): State<AppState>,
    signed: Signed,
    Path(reference): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let notice = done.fait.as_deref().and_then(|f| match f {
        "taken" | "status" | "note" | "sms" | "told-sms" | "told-call" => {
            Some(format!("console-done-{f}"))
        }
        "accord" => Some("console-mandate-done".into()),
        "accord-sms" => Some("console-mandate-sms-sent".into()),
        "retire" => Some("console-mandate-revoked".into()),
        "efface" => Some("console-erase-done".into()),
        _ => None,
    });
    render(
        &app,
        &signed,
        &reference,
        notice.as_deref(),
        None,
        StatusCode::OK,
    )
    .await
}

pub(super) async fn render(
    app: &AppState,
    signed: &Signed,
    reference: &str,
    notice: Option<&str>,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let row = match mine(app, signed, reference).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let store = &app.conversations.store;
    let core = &app.conversations.core;
    let r = &row.request;
    let now = now();
    let actor = signed.actor();
    let audit = NewAudit {
        actor: &actor,
        relais: Some(&r.relais),
        contact_id: r.contact_id,
        request_reference: Some(&r.reference),
        action: "view_request",
        mandate_id: None,
        detail: None,
        at: now,
    };
    if let Err(e) = store.record(&audit).await {
        return server_error(e);
    }
    let (events, messages, mandates) = match tokio::try_join!(
        store.request_history(r.id),
        async {
            match r.contact_id {
                Some(id) => store.contact_messages(id, &r.relais, 200).await,
                None => Ok(Vec::new()),
            }
        },
        async {
            match r.contact_id {
                Some(id) => store.mandates_of(id, &r.relais).await,
                None => Ok(Vec::new()),
            }
        }
    ) {
        Ok(x) => x,
        Err(e) => return server_error(e),
    };
    // Under a mandate covering it, the whole conversation, and that view is audited too.
    let rules: Vec<mandate::Mandate> = mandates.iter().map(|m| m.rules.clone()).collect();
    let acting = r.contact_id.and_then(|id| {
        mandate::find(&rules, Scope::Conversation, &r.relais, id, now).map(|m| m.id)
    });
    if let Some(mandate_id) = acting {
        let audit = NewAudit {
            action: "view_conversation",
            mandate_id: Some(mandate_id),
            ..audit
        };
        if let Err(e) = store.record(&audit).await {
            return server_error(e);
        }
    }
    let mut c = signed.chrome(app, String::new(), "");
    let w = c.w;
    c.title = w.with(
        "console-request-title",
        &[("reference", &grouped(&r.reference))],
    );
    c.notice = notice.map(|id| w.t(id));
    c.error = error.map(|id| w.t(id));

    let phone = row
        .contact_key
        .as_deref()
        .and_then(|k| PhoneNumber::parse(k).ok());
    let mut resident_notes = Vec::new();
    match &phone {
        None if super::erase::erased(&row) => resident_notes.push(w.t("console-resident-erased")),
        None => resident_notes.push(w.with(
            "console-resident-none",
            &[(
                "commune",
                &commune_name(
                    core,
                    row.kiosk_commune.as_deref().unwrap_or(&r.commune_insee),
                ),
            )],
        )),
        Some(p) if !p.can_receive_sms() => resident_notes.push(w.t("console-resident-landline")),
        Some(_) if row.opted_out => resident_notes.push(w.t("console-resident-opted-out")),
        Some(_) => {}
    }
    let mut facts = vec![
        (w.t("console-request-status"), status_word(&r.status)),
        (
            w.t("console-request-need"),
            category_word(core, &r.category),
        ),
        (
            w.t("console-request-where"),
            commune_name(core, &r.commune_insee),
        ),
        (
            w.t("console-request-when"),
            core.locales
                .format("fr", &format!("when-{}", r.urgency), None, None),
        ),
        (w.t("console-request-channel"), channel_word(w, &r.channel)),
    ];
    if let Some(d) = &r.details {
        facts.push((w.t("console-request-details"), d.clone()));
    }
    if let Some(t) = &r.taken_by {
        facts.push((w.t("console-request-taken-by"), t.clone()));
    }
    if let Some(h) = &r.helper {
        let mut v = h.name.clone();
        if let Some(when) = &h.when {
            v = format!("{v} ({when})");
        }
        facts.push((w.t("console-request-helper"), v));
    }
    if let Some(n) = &r.status_note {
        facts.push((w.t("console-status-note"), n.clone()));
    }

    let (history, to_call) = history::lines(w, r, messages, events, acting.is_some());
    let current = RequestStatus::parse(&r.status);
    let closed = current.is_none_or(RequestStatus::is_closed);
    let statuses = RequestStatus::ALL
        .iter()
        .filter(|to| {
            current.is_some_and(|from| {
                from != **to
                    && **to != RequestStatus::Cancelled
                    && crate::domain::lifecycle::transition(
                        from,
                        **to,
                        &actor,
                        Some("x"),
                        Some(&Helper {
                            kind: HelperKind::Person,
                            name: "x".into(),
                            when: None,
                        }),
                    )
                    .is_ok()
            })
        })
        .map(|s| (s.as_str().to_string(), s.label_fr().to_string()))
        .collect();
    let view = RequestView {
        reference: r.reference.clone(),
        phone: phone
            .as_ref()
            .map(|p| (p.as_str().to_string(), national(p))),
        resident_notes,
        to_call: to_call && cannot_text(&row),
        facts,
        recording: r
            .recording_url
            .is_some()
            .then(|| format!("/mediation/enregistrements/demande/{}", r.reference)),
        history,
        hidden: acting.is_none().then(|| w.t("console-history-hidden")),
        closed,
        can_take: current == Some(RequestStatus::Open),
        can_text: !cannot_text(&row),
        statuses,
        count_template: w.with(
            "console-sms-count",
            &[("chars", "{chars}"), ("segments", "{segments}")],
        ),
        acting_for: acting.map(|id| {
            let named = mandates
                .iter()
                .find(|m| m.rules.id == id)
                .and_then(|m| m.resident_name.clone());
            let who = named
                .or_else(|| phone.as_ref().map(national))
                .unwrap_or_default();
            w.with("console-acting-for", &[("who", &who)])
        }),
        has_contact: r.contact_id.is_some(),
        can_erase: signed.mediator.is_admin() && super::erase::erasable(&row),
        mandates: mandates
            .iter()
            .map(|m| super::mandates::line(w, m, now))
            .collect(),
        scopes: Scope::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str().to_string(),
                    w.t(&format!("console-scope-{}", s.as_str())),
                )
            })
            .collect(),
        durations: mandate::Duration::ALL
            .iter()
            .map(|d| {
                (
                    d.as_str().to_string(),
                    w.t(&format!("console-duration-{}", d.as_str())),
                )
            })
            .collect(),
        c,
    };
    html(&view, status, Vec::new())
}

#[derive(Deserialize)]
pub struct StatusForm {
    csrf: String,
    status: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    helper: String,
    #[serde(default)]
    helper_kind: String,
    #[serde(default)]
    when: String,
}

/// `POST /mediation/demandes/{reference}/etat`: take, change the status, cancel.
pub async fn set_status(
    State(app): State<AppState>,
    signed: Signed,
    Path(reference): Path<String>,
    Form(form): Form<StatusForm>,
) -> Response {
    if let Some(r) = signed.refuse(&app, &form.csrf) {
        return r;
    }
    if let Err(r) = mine(&app, &signed, &reference).await {
        return r;
    }
    let Some(to) = RequestStatus::parse(&form.status) else {
        return render(
            &app,
            &signed,
            &reference,
            None,
            Some("console-refused-not-allowed"),
            StatusCode::BAD_REQUEST,
        )
        .await;
    };
    let helper = Some(form.helper.trim())
        .filter(|h| !h.is_empty())
        .map(|name| Helper {
            kind: HelperKind::parse(&form.helper_kind).unwrap_or(HelperKind::Person),
            name: name.chars().take(100).collect(),
            when: Some(form.when.trim().chars().take(100).collect::<String>())
                .filter(|w| !w.is_empty()),
        });
    let note: Option<String> =
        Some(form.note.trim().chars().take(500).collect::<String>()).filter(|n| !n.is_empty());
    let core = app.conversations.core.clone();
    let actor = signed.actor();
    let r2 = reference.clone();
    let out = within(app.conversations.store.as_ref(), move |tx| {
        Box::pin(async move {
            match requests::change_status(
                &core,
                tx,
                &r2,
                to,
                &actor,
                note.as_deref(),
                helper.as_ref(),
                now(),
            )
            .await
            {
                Ok(c) => Ok(Ok(c)),
                Err(LifecycleError::Store(e)) => Err(e),
                Err(e) => Ok(Err(e)),
            }
        })
    })
    .await;
    let refused = |id: &'static str| {
        let app = app.clone();
        let reference = reference.clone();
        async move {
            render(
                &app,
                &signed,
                &reference,
                None,
                Some(id),
                StatusCode::CONFLICT,
            )
            .await
        }
    };
    match out {
        Ok(Ok(c)) => {
            let done = match (c.change.to, c.told) {
                (RequestStatus::Taken, _) => "taken",
                (_, Told::Sms) => "told-sms",
                (_, Told::ToCall) => "told-call",
                (_, Told::Nothing) => "status",
            };
            see_other(
                &format!("/mediation/demandes/{reference}?fait={done}"),
                Vec::new(),
            )
        }
        Ok(Err(LifecycleError::ReasonRequired(_))) => refused("console-refused-reason").await,
        Ok(Err(LifecycleError::HelperRequired)) => refused("console-refused-helper").await,
        Ok(Err(LifecycleError::Conflict)) => refused("console-refused-conflict").await,
        Ok(Err(LifecycleError::NotFound)) => {
            problem(&app, StatusCode::NOT_FOUND, "console-not-found")
        }
        Ok(Err(_)) => refused("console-refused-not-allowed").await,
        Err(e) => server_error(e),
    }
}

#[derive(Deserialize)]
pub struct NoteForm {
    csrf: String,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
pub struct SmsForm {
    csrf: String,
    #[serde(default)]
    body: String,
}

async fn act(
    app: AppState,
    signed: Signed,
    reference: String,
    sms: Option<String>,
    note: Option<String>,
) -> Response {
    if let Err(r) = mine(&app, &signed, &reference).await {
        return r;
    }
    let core = app.conversations.core.clone();
    let actor = signed.actor();
    let r2 = reference.clone();
    let is_sms = sms.is_some();
    let out = within(app.conversations.store.as_ref(), move |tx| {
        Box::pin(async move {
            let r = match (sms, note) {
                (Some(body), _) => requests::write_sms(&core, tx, &r2, &actor, &body, now()).await,
                (None, Some(note)) => requests::add_note(tx, &r2, &actor, &note, now()).await,
                (None, None) => Err(ActError::Empty),
            };
            match r {
                Ok(()) => Ok(Ok(())),
                Err(ActError::Store(e)) => Err(e),
                Err(e) => Ok(Err(e)),
            }
        })
    })
    .await;
    let id = match out {
        Ok(Ok(())) => {
            let done = if is_sms { "sms" } else { "note" };
            return see_other(
                &format!("/mediation/demandes/{reference}?fait={done}"),
                Vec::new(),
            );
        }
        Ok(Err(ActError::Empty)) => "console-refused-empty",
        Ok(Err(ActError::TooLong)) => "console-refused-long",
        Ok(Err(ActError::Unreachable)) => "console-refused-unreachable",
        Ok(Err(ActError::NotFound)) => {
            return problem(&app, StatusCode::NOT_FOUND, "console-not-found");
        }
        Ok(Err(ActError::Store(e))) | Err(e) => return server_error(e),
    };
    render(
        &app,
        &signed,
        &reference,
        None,
        Some(id),
        StatusCode::BAD_REQUEST,
    )
    .await
}

/// `POST /mediation/demandes/{reference}/note`.
pub async fn note(
    State(app): State<AppState>,
    signed: Signed,
    Path(reference): Path<String>,
    Form(form): Form<NoteForm>,
) -> Response {
    if let Some(r) = signed.refuse(&app, &form.csrf) {
        return r;
    }
    act(app, signed, reference, None, Some(form.note)).await
}

/// `POST /mediation/demandes/{reference}/sms`.
pub async fn sms(
    State(app): State<AppState>,
    signed: Signed,
    Path(reference): Path<String>,
    Form(form): Form<SmsForm>,
) -> Response {
    if let Some(r) = signed.refuse(&app, &form.csrf) {
        return r;
    }
    act(app, signed, reference, Some(form.body), None).await
}

//! `/mediation/relais`, for an admin: the relais's help line, opening hours and communes
//! (typed by name or postal code, see `mediation::settings`), and how long it keeps
//! conversations and closed requests' words (empty: the instance's default). Saved to the
//! database and put in the running service at once: no restart; INFO says the new periods.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::views::{RelaisView, Words};
use super::{Signed, html, now, problem, see_other, server_error};
use crate::conversation::national;
use crate::domain::Relais;
use crate::domain::retention::{OwnPeriods, Periods};
use crate::http::AppState;
use crate::mediation::settings::{self, Problem};
use crate::store::{NewAudit, StoredRelais};

fn words_of(w: Words<'_>, p: &Problem) -> String {
    match p {
        Problem::HelpLine(v) => w.with("console-settings-bad-help-line", &[("value", v)]),
        Problem::Hours(v) => w.with("console-settings-bad-hours", &[("value", v)]),
        Problem::UnknownCommune(v) => w.with("console-settings-unknown-commune", &[("value", v)]),
        Problem::SeveralCommunes(v, choices) => w.with(
            "console-settings-several-communes",
            &[("value", v), ("choices", &choices.join(", "))],
        ),
        Problem::NoCommune => w.t("console-settings-no-commune"),
        Problem::Days(v) => w.with("console-settings-bad-days", &[("value", v)]),
    }
}

/// What the form shows: as typed, or as the relais is.
struct Fields {
    help_line: String,
    hours: String,
    communes: String,
    conversation_days: String,
    request_days: String,
}

fn render(
    app: &AppState,
    signed: &Signed,
    f: Fields,
    problems: &[Problem],
    saved: bool,
    status: StatusCode,
) -> Response {
    let mut c = signed.chrome(app, String::new(), "settings");
    let w = c.w;
    c.title = w.t("console-settings-title");
    c.notice = saved.then(|| w.t("console-settings-saved"));
    let problems = problems.iter().map(|p| words_of(w, p)).collect();
    let defaults = empty_means(app, &signed.mediator.relais);
    html(
        &RelaisView {
            c,
            help_line: f.help_line,
            hours: f.hours,
            communes: f.communes,
            conversation_days: f.conversation_days,
            request_days: f.request_days,
            conversation_hint: w.with(
                "console-settings-conversation-days-hint",
                &[("days", &defaults.conversation_days.to_string())],
            ),
            request_hint: w.with(
                "console-settings-request-days-hint",
                &[("days", &defaults.request_days.to_string())],
            ),
            problems,
        },
        status,
        Vec::new(),
    )
}

/// The periods of the settings file's relais of this id (none: not in the file).
fn file_periods(app: &AppState, id: &str) -> OwnPeriods {
    app.settings
        .relais
        .iter()
        .find(|r| r.id == id)
        .map(|r| r.retention)
        .unwrap_or_default()
}

/// What an empty period field means for this relais: the settings file's period, else the
/// instance's default.
fn empty_means(app: &AppState, id: &str) -> Periods {
    file_periods(app, id).over(app.conversations.core.retention)
}

fn current(app: &AppState, r: &Relais) -> Fields {
    let core = &app.conversations.core;
    let communes: Vec<String> = r
        .communes
        .iter()
        .filter_map(|c| core.communes.by_insee(c))
        .map(settings::show_commune)
        .collect();
    let kept = r.retention.over(core.retention);
    Fields {
        help_line: r.help_line.as_ref().map(national).unwrap_or_default(),
        hours: r.opening_hours.lines().join("\n"),
        communes: communes.join("\n"),
        conversation_days: kept.conversation_days.to_string(),
        request_days: kept.request_days.to_string(),
    }
}

/// The admin's relais, or the page refusing a mediator who is not an admin.
fn mine(app: &AppState, signed: &Signed) -> Result<Relais, Box<Response>> {
    if !signed.mediator.is_admin() {
        return Err(Box::new(problem(
            app,
            StatusCode::FORBIDDEN,
            "console-error-title",
        )));
    }
    app.conversations
        .core
        .relais
        .by_id(&signed.mediator.relais)
        .ok_or_else(|| Box::new(problem(app, StatusCode::NOT_FOUND, "console-not-found")))
}

#[derive(Deserialize)]
pub struct Saved {
    #[serde(default)]
    fait: Option<String>,
}

/// `GET /mediation/relais`.
pub async fn page(
    State(app): State<AppState>,
    signed: Signed,
    axum::extract::Query(q): axum::extract::Query<Saved>,
) -> Response {
    let r = match mine(&app, &signed) {
        Ok(r) => r,
        Err(resp) => return *resp,
    };
    let fields = current(&app, &r);
    render(&app, &signed, fields, &[], q.fait.is_some(), StatusCode::OK)
}

#[derive(Deserialize)]
pub struct SettingsForm {
    csrf: String,
    #[serde(default)]
    help_line: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    communes: String,
    #[serde(default)]
    conversation_days: String,
    #[serde(default)]
    request_days: String,
}

/// `POST /mediation/relais`.
pub async fn save(
    State(app): State<AppState>,
    signed: Signed,
    Form(form): Form<SettingsForm>,
) -> Response {
    if let Some(r) = signed.refuse(&app, &form.csrf) {
        return r;
    }
    let current = match mine(&app, &signed) {
        Ok(r) => r,
        Err(resp) => return *resp,
    };
    let core = &app.conversations.core;
    let edited = settings::edit(
        &core.communes,
        &current,
        &form.help_line,
        &form.hours,
        &form.communes,
    );
    // What the team stored before (the file's periods are not theirs to keep).
    let stored = match app.conversations.store.relais_retention().await {
        Ok(all) => all
            .into_iter()
            .find(|(id, _)| *id == current.id)
            .map(|(_, own)| own)
            .unwrap_or_default(),
        Err(e) => return server_error(e),
    };
    let periods = settings::periods(
        stored,
        empty_means(&app, &current.id),
        &form.conversation_days,
        &form.request_days,
    );
    let (edited, own) = match (edited, periods) {
        // In force at once as after a restart: the team's periods, else the file's.
        (Ok(r), Ok(own)) => {
            let retention = file_periods(&app, &r.id).or(own);
            (Relais { retention, ..r }, own)
        }
        (edited, periods) => {
            let problems: Vec<Problem> = edited
                .err()
                .into_iter()
                .chain(periods.err())
                .flatten()
                .collect();
            let typed = Fields {
                help_line: form.help_line,
                hours: form.hours,
                communes: form.communes,
                conversation_days: form.conversation_days,
                request_days: form.request_days,
            };
            return render(
                &app,
                &signed,
                typed,
                &problems,
                false,
                StatusCode::BAD_REQUEST,
            );
        }
    };
    let now = now();
    let stored = StoredRelais {
        id: edited.id.clone(),
        name: edited.name.clone(),
        numbers: edited
            .numbers
            .iter()
            .map(|n| n.as_str().to_string())
            .collect(),
        communes: edited.communes.clone(),
        help_line: edited.help_line.as_ref().map(|p| p.as_str().to_string()),
        opening_hours: edited.opening_hours.lines().join("; "),
        quiet_hours: edited
            .quiet_hours
            .map(|q| q.to_setting())
            .unwrap_or_default(),
    };
    let store = &app.conversations.store;
    if let Err(e) = store.save_relais(&stored, now).await {
        return server_error(e);
    }
    if let Err(e) = store.save_relais_retention(&edited.id, own, now).await {
        return server_error(e);
    }
    core.relais.update(edited);
    let actor = signed.actor();
    let audit = NewAudit {
        actor: &actor,
        relais: Some(&signed.mediator.relais),
        contact_id: None,
        request_reference: None,
        action: "relais_settings",
        mandate_id: None,
        detail: None,
        at: now,
    };
    if let Err(e) = store.record(&audit).await {
        return server_error(e);
    }
    see_other("/mediation/relais?fait=1", Vec::new())
}

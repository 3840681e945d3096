//! `/mediation/relais`, for an admin: the relais's help line, opening hours and communes
//! (typed by name or postal code, see `mediation::settings`). Saved to the database and put
//! in the running service at once: no restart.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::views::{RelaisView, Words};
use super::{Signed, html, now, problem, see_other, server_error};
use crate::conversation::national;
use crate::domain::Relais;
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
    }
}

#[allow(clippy::too_many_arguments)]
fn render(
    app: &AppState,
    signed: &Signed,
    help_line: String,
    hours: String,
    communes: String,
    problems: &[Problem],
    saved: bool,
    status: StatusCode,
) -> Response {
    let mut c = signed.chrome(app, String::new(), "settings");
    let w = c.w;
    c.title = w.t("console-settings-title");
    c.notice = saved.then(|| w.t("console-settings-saved"));
    let problems = problems.iter().map(|p| words_of(w, p)).collect();
    html(
        &RelaisView {
            c,
            help_line,
            hours,
            communes,
            problems,
        },
        status,
        Vec::new(),
    )
}

fn current(app: &AppState, r: &Relais) -> (String, String, String) {
    let core = &app.conversations.core;
    let communes: Vec<String> = r
        .communes
        .iter()
        .filter_map(|c| core.communes.by_insee(c))
        .map(settings::show_commune)
        .collect();
    (
        r.help_line.as_ref().map(national).unwrap_or_default(),
        r.opening_hours.lines().join("\n"),
        communes.join("\n"),
    )
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
    let (h, o, c) = current(&app, &r);
    render(
        &app,
        &signed,
        h,
        o,
        c,
        &[],
        q.fait.is_some(),
        StatusCode::OK,
    )
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
    let edited = match settings::edit(
        &core.communes,
        &current,
        &form.help_line,
        &form.hours,
        &form.communes,
    ) {
        Ok(r) => r,
        Err(problems) => {
            return render(
                &app,
                &signed,
                form.help_line,
                form.hours,
                form.communes,
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

//! Acting for a resident in person (`/mediation/demandes/{reference}/agir/{mandate}`): with
//! the resident in front of them, a mediator makes a help request or a mission sign-up for
//! them through the same flows as the kiosk, its screens (`channels::kiosk::screen`, the
//! kiosk's words) placed in the console's layout under "Vous agissez pour … — mandat jusqu'au
//! …". Plain forms (no JavaScript), the session's CSRF token on each.
//!
//! Only under a usable mandate (active, not expired, for this relais and this resident, with
//! the scope for help requests or sign-ups): otherwise a 403 page says why. The conversation is
//! the mandate's own (`Who::Mediator`, channel `mediator`); what it creates belongs to the
//! resident and is audited with the mandate (`mediation::acting`). A flow the mandate does not
//! cover is left for the menu, with a 403 and the reason.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::queue::paris;
use super::request::mine;
use super::views::{ActingLabels, ActingView, Words};
use super::{Signed, html, now, problem, server_error};
use crate::channels::Variant;
use crate::channels::kiosk as layout;
use crate::conversation::{Acting, Channel, Inbound, Reply, Said, TurnError, Who, national};
use crate::domain::PhoneNumber;
use crate::domain::mandate::{self, Scope, Unusable};
use crate::engine::{Arg, Output};
use crate::http::AppState;
use crate::mediation::acting::OUT_OF_SCOPE;
use crate::store::{StoreError, StoredMandate};

/// Longest answer read from a form (as at the kiosk).
const MAX_SAID_CHARS: usize = 300;

/// What a mandate must allow for this page, and the flow each scope opens.
const ACTS: [(Scope, &str); 2] = [(Scope::HelpRequests, "help"), (Scope::Signups, "missions")];

/// Everything a turn needs, once the mandate is checked.
struct Checked {
    reference: String,
    mandate: StoredMandate,
    acting: Acting,
    /// The resident as the banner names them.
    who: String,
    commune: String,
}

/// Why a mandate cannot be used here, in words.
fn refusal(why: Unusable) -> &'static str {
    match why {
        Unusable::Pending => "console-acting-pending",
        Unusable::Refused => "console-acting-refused",
        Unusable::Revoked => "console-acting-revoked",
        Unusable::Expired => "console-acting-expired",
        Unusable::OutOfScope => "console-acting-out-of-scope",
        Unusable::NotTheirs => "console-acting-not-theirs",
    }
}

/// The scopes of `m` usable now for these acts, or why none is.
fn usable_scopes(
    m: &mandate::Mandate,
    relais: &str,
    contact: i64,
    now: i64,
) -> Result<Vec<Scope>, Unusable> {
    let mut scopes = Vec::new();
    let mut why = Unusable::OutOfScope;
    for (scope, _) in ACTS {
        match mandate::usable(m, scope, relais, contact, now) {
            Ok(()) => scopes.push(scope),
            Err(Unusable::OutOfScope) => {}
            Err(e) => why = e,
        }
    }
    if scopes.is_empty() {
        Err(why)
    } else {
        Ok(scopes)
    }
}

async fn check(
    app: &AppState,
    signed: &Signed,
    reference: &str,
    id: i64,
) -> Result<Checked, Response> {
    let row = mine(app, signed, reference).await?;
    let (Some(contact), Some(key)) = (row.request.contact_id, row.contact_key.clone()) else {
        return Err(problem(app, StatusCode::NOT_FOUND, "console-not-found"));
    };
    let m = match app.conversations.store.mandate(id).await {
        Ok(Some(m)) => m,
        Ok(None) => return Err(problem(app, StatusCode::NOT_FOUND, "console-not-found")),
        Err(e) => return Err(server_error(e)),
    };
    let scopes = usable_scopes(&m.rules, &signed.mediator.relais, contact, now())
        .map_err(|why| problem(app, StatusCode::FORBIDDEN, refusal(why)))?;
    let who = m
        .resident_name
        .clone()
        .or_else(|| PhoneNumber::parse(&key).ok().map(|p| national(&p)))
        .unwrap_or_default();
    Ok(Checked {
        reference: row.request.reference.clone(),
        acting: Acting {
            mandate_id: m.rules.id,
            resident_key: key,
            actor: signed.actor(),
            relais: m.rules.relais.clone(),
            scopes,
        },
        mandate: m,
        who,
        commune: row.request.commune_insee.clone(),
    })
}

async fn turn(app: &AppState, k: &Checked, said: Said) -> Result<Reply, TurnError> {
    app.conversations
        .handle(&Inbound {
            provider_id: None,
            who: Who::Mediator(Box::new(k.acting.clone())),
            to: None,
            relais: Some(k.mandate.rules.relais.clone()),
            channel: Channel::Mediator,
            said,
            media_only: false,
            // The commune of the request the mediator came from, one touch away.
            default_commune: Some(k.commune.clone()),
            kiosk: None,
            now: now(),
        })
        .await
}

/// The flow `reply` stands in that this mandate does not cover, if any.
fn uncovered(k: &Checked, reply: &Reply) -> bool {
    let Some(at) = &reply.at else { return false };
    ACTS.iter()
        .any(|(scope, flow)| at.flow == *flow && !k.acting.scopes.contains(scope))
}

/// Runs one turn and shows its screen; a flow the mandate does not cover goes back to the menu.
async fn run(app: &AppState, signed: &Signed, k: &Checked, said: Said) -> Response {
    let mut status = StatusCode::OK;
    let mut error = None;
    let mut reply = turn(app, k, said).await;
    let refused = match &reply {
        Ok(r) => uncovered(k, r),
        Err(TurnError::Store(StoreError::Constraint(m))) => m == OUT_OF_SCOPE,
        Err(_) => false,
    };
    if refused {
        status = StatusCode::FORBIDDEN;
        error = Some("console-acting-out-of-scope");
        reply = turn(app, k, Said::Text("menu".into())).await;
    }
    match reply {
        Ok(reply) => show(app, signed, k, &reply, status, error),
        Err(e) => server_error(e),
    }
}

/// The outputs, saying a help request has a number when the resident has one (the flows ask
/// for it at the kiosk only: here the mandate knows it), so the screen does not say otherwise.
fn with_phone(outputs: &[Output], phone: Option<&PhoneNumber>) -> Vec<Output> {
    outputs
        .iter()
        .map(|o| match (o, phone) {
            (Output::Say(t), Some(p)) if t.msg == "help-done" && !t.args.contains_key("phone") => {
                let mut t = t.clone();
                t.args
                    .insert("phone".into(), Arg::Text(p.as_str().to_string()));
                Output::Say(t)
            }
            _ => o.clone(),
        })
        .collect()
}

fn show(
    app: &AppState,
    signed: &Signed,
    k: &Checked,
    reply: &Reply,
    status: StatusCode,
    error: Option<&str>,
) -> Response {
    let core = &app.conversations.core;
    let r = core.renderer(&reply.lang, Variant::Screen, &reply.context);
    let outputs = with_phone(&reply.outputs, k.acting.phone().as_ref());
    let screen = layout::screen(&r, &core.flows, &outputs, reply.at.as_ref());
    let mut c = signed.chrome(app, String::new(), "");
    let w: Words<'_> = c.w;
    c.title = w.t("console-acting-title");
    c.error = error.map(|id| w.t(id));
    let labels = ActingLabels {
        pad: screen.keypad.as_ref().map(|k| r.plain(k.pad.label_id())),
        digits: screen.keypad.as_ref().map(|k| k.pad.digits()).unwrap_or(0),
        text: r.plain("kiosk-text-label"),
        send: r.plain("kiosk-send"),
        skip: r.plain("kiosk-skip"),
        more: r.plain("kiosk-more"),
        menu: r.plain("kiosk-menu"),
        code: r.plain("kiosk-your-code"),
    };
    let view = ActingView {
        banner: w.with(
            "console-acting-banner",
            &[
                ("who", &k.who),
                ("until", &paris(k.mandate.rules.expires_at)),
            ],
        ),
        action: format!(
            "/mediation/demandes/{}/agir/{}",
            k.reference, k.mandate.rules.id
        ),
        back: format!("/mediation/demandes/{}", k.reference),
        code: screen.reference.map(|c| c.grouped()),
        result: screen.is_result(),
        screen,
        labels,
        c,
    };
    html(&view, status, Vec::new())
}

/// `GET /mediation/demandes/{reference}/agir/{mandate}`: the current screen of the flows.
pub async fn page(
    State(app): State<AppState>,
    signed: Signed,
    Path((reference, id)): Path<(String, i64)>,
) -> Response {
    match check(&app, &signed, &reference, id).await {
        Ok(k) => run(&app, &signed, &k, Said::Open).await,
        Err(r) => r,
    }
}

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    said: String,
}

/// `POST /mediation/demandes/{reference}/agir/{mandate}`: one answer, and the next screen.
pub async fn answer(
    State(app): State<AppState>,
    signed: Signed,
    Path((reference, id)): Path<(String, i64)>,
    Form(form): Form<AnswerForm>,
) -> Response {
    if let Some(r) = signed.refuse(&app, &form.csrf) {
        return r;
    }
    let k = match check(&app, &signed, &reference, id).await {
        Ok(k) => k,
        Err(r) => return r,
    };
    let said: String = form.said.trim().chars().take(MAX_SAID_CHARS).collect();
    run(&app, &signed, &k, Said::Text(said)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mandate::{Consent, Mandate, State};

    fn m(scopes: Vec<Scope>, state: State, expires_at: i64) -> Mandate {
        Mandate {
            id: 1,
            contact_id: 5,
            relais: "r".into(),
            scopes,
            consent: Consent::InPerson,
            state,
            expires_at,
        }
    }

    #[test]
    fn only_the_acts_a_live_mandate_covers_are_usable() {
        let both = vec![Scope::HelpRequests, Scope::Signups];
        assert_eq!(
            usable_scopes(&m(both.clone(), State::Active, 100), "r", 5, 10),
            Ok(both.clone())
        );
        assert_eq!(
            usable_scopes(
                &m(vec![Scope::Conversation], State::Active, 100),
                "r",
                5,
                10
            ),
            Err(Unusable::OutOfScope)
        );
        assert_eq!(
            usable_scopes(&m(both.clone(), State::Revoked, 100), "r", 5, 10),
            Err(Unusable::Revoked)
        );
        assert_eq!(
            usable_scopes(&m(both.clone(), State::Active, 100), "r", 5, 100),
            Err(Unusable::Expired)
        );
        assert_eq!(
            usable_scopes(&m(both, State::Active, 100), "r", 6, 10),
            Err(Unusable::NotTheirs)
        );
    }
}

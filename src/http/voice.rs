//! Voice webhooks: a call starts at `POST /webhooks/twilio/voice`; each `<Gather>` posts to
//! `…/voice/step` (keys or speech), a free-text `<Record>` to `…/voice/record`, a message
//! left for the team to `…/voice/message`, the end of a `<Dial>` to `…/voice/dial`, and the
//! call's status to `…/voice/status`. Every request is signature-checked; every answer is
//! TwiML. `0` alone reaches a person, `*` repeats, three misses put the caller through.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;

use super::AppState;
use super::twilio::{SignedForm, twiml};
use crate::channels::voice::{self, Key, Twiml, VoiceStyle};
use crate::channels::{Renderer, Variant};
use crate::conversation::{Channel, Inbound, Reply, Said, Who};
use crate::domain::{PhoneNumber, Relais};
use crate::engine::understand::Global;
use crate::engine::{Output, Text};

/// Where the voice webhooks live.
pub const BASE: &str = "/webhooks/twilio/voice";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(BASE, post(call_start))
        .route("/webhooks/twilio/voice/step", post(step))
        .route("/webhooks/twilio/voice/record", post(record))
        .route("/webhooks/twilio/voice/message", post(message))
        .route("/webhooks/twilio/voice/dial", post(dial))
        .route("/webhooks/twilio/voice/status", post(status))
}

/// Bounds of what an action URL may carry: no question has more choices, pages or numbers
/// than these, and anything larger is refused before it can size a loop or an allocation.
const MAX_PAGE: usize = 16;
const MAX_COUNT: usize = 16;
const MAX_FIRST: usize = 100;

/// What the action URLs carry about the question being asked.
#[derive(Deserialize, Default, Debug, PartialEq)]
pub struct StepQuery {
    #[serde(default)]
    page: usize,
    #[serde(default)]
    count: usize,
    #[serde(default)]
    first: usize,
    #[serde(default)]
    more: u8,
    #[serde(default)]
    silence: u8,
    #[serde(default)]
    repeat: u8,
}

impl StepQuery {
    /// Reads an action URL's query (already covered by the signature check), refusing what no
    /// question could have asked.
    pub fn parse(query: &str) -> Option<Self> {
        let q: StepQuery = serde_urlencoded::from_str(query).ok()?;
        let flags_ok = q.more <= 1 && q.silence <= 1 && q.repeat <= 1;
        (q.page < MAX_PAGE && q.count <= MAX_COUNT && q.first <= MAX_FIRST && flags_ok).then_some(q)
    }
}

struct Call {
    who: Who,
    to: Option<PhoneNumber>,
    form: SignedForm,
}

impl Call {
    fn param(&self, name: &str) -> &str {
        self.form.param(name)
    }
}

/// Why a signed voice webhook was not admitted.
enum Refused {
    NoCallSid,
    TooMany,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::NoCallSid => (StatusCode::BAD_REQUEST, "CallSid is missing").into_response(),
            Refused::TooMany => {
                (StatusCode::TOO_MANY_REQUESTS, "too many requests").into_response()
            }
        }
    }
}

impl Call {
    /// A signed voice webhook, admitted: it names its call (Twilio always sends a `CallSid`;
    /// without one nothing ties it to a call) and its caller is within their rate.
    fn admit(state: &AppState, form: SignedForm) -> Result<Self, Refused> {
        let sid = form.param("CallSid");
        if sid.is_empty() {
            return Err(Refused::NoCallSid);
        }
        let who = match PhoneNumber::parse(form.param("From")) {
            Ok(p) => Who::Phone(p),
            // A hidden number: the call is its own anonymous contact.
            Err(_) => Who::Anonymous(sid.to_string()),
        };
        if !state.limits.voice(&who.key()) {
            tracing::warn!("voice webhooks from one caller over the limit");
            return Err(Refused::TooMany);
        }
        let to = PhoneNumber::parse(form.param("To")).ok();
        Ok(Call { who, to, form })
    }
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn style(state: &AppState, lang: &str) -> VoiceStyle {
    let voice = state
        .settings
        .voices
        .get(lang)
        .or_else(|| state.settings.voices.get(crate::i18n::REFERENCE))
        .cloned()
        .unwrap_or_default();
    VoiceStyle::for_lang(lang, &voice, BASE)
}

/// The caller's language, French when unknown.
async fn caller_language(state: &AppState, who: &Who) -> String {
    state
        .conversations
        .language_of(who)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| crate::i18n::REFERENCE.to_string())
}

fn relais_of(state: &AppState, c: &Call) -> Relais {
    state
        .conversations
        .core
        .relais
        .for_number(c.to.as_ref())
        .clone()
}

/// Speaks to the caller in their language, on behalf of a relais.
fn speak(
    state: &AppState,
    relais: &Relais,
    lang: &str,
    f: impl FnOnce(&Renderer<'_>, &mut Twiml),
) -> Response {
    let core = &state.conversations.core;
    let context = core.context_args(relais);
    let r = core.renderer(lang, Variant::Voice, &context);
    let mut tw = Twiml::new(style(state, lang));
    f(&r, &mut tw);
    twiml(tw.finish())
}

/// A kind spoken apology when storage fails: the caller is asked to try again.
fn failure(state: &AppState, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "voice turn failed");
    let relais = state.conversations.core.relais.default_relais().clone();
    speak(state, &relais, crate::i18n::REFERENCE, |r, tw| {
        tw.say(&r.plain("sms-failure"));
        tw.redirect(&format!("{BASE}/step?repeat=1"));
    })
}

async fn turn(
    state: &AppState,
    c: &Call,
    said: Said,
) -> Result<Reply, crate::conversation::TurnError> {
    let inbound = Inbound {
        provider_id: None,
        who: c.who.clone(),
        to: c.to.clone(),
        relais: None,
        channel: Channel::Voice,
        said,
        media_only: false,
        default_commune: None,
        kiosk: None,
        now: now(),
    };
    state.conversations.handle(&inbound).await
}

/// Says the reply; a conversation at rest goes back to the menu rather than hanging up.
async fn answer(
    state: &AppState,
    c: &Call,
    mut reply: Reply,
    page: usize,
    preface: Vec<Output>,
) -> Response {
    let relais = relais_of(state, c);
    if reply.escalate {
        let mut outputs = preface;
        outputs.append(&mut reply.outputs);
        return reach_person(state, &relais, &reply.lang, outputs);
    }
    let mut outputs = preface;
    outputs.append(&mut reply.outputs);
    if !outputs.iter().any(|o| matches!(o, Output::Prompt(_))) {
        match turn(state, c, Said::Open).await {
            Ok(mut menu) => outputs.append(&mut menu.outputs),
            Err(e) => return failure(state, e),
        }
    }
    let r = state
        .conversations
        .core
        .renderer(&reply.lang, Variant::Voice, &reply.context);
    twiml(voice::render(
        &r,
        &outputs,
        page,
        reply.misses,
        style(state, &reply.lang),
    ))
}

/// Puts the caller through to the relais's help line during its opening hours; otherwise, or
/// when nobody answers, records a message that becomes a call-back request.
fn reach_person(state: &AppState, relais: &Relais, lang: &str, before: Vec<Output>) -> Response {
    speak(state, relais, lang, |r, tw| {
        for o in &before {
            if let Output::Say(t) = o {
                tw.say(&r.text(t));
            }
        }
        match &relais.help_line {
            Some(line) if relais.opening_hours.is_open(now()) => {
                tw.say(&r.plain("voice-connecting"));
                tw.dial(line.as_str(), &format!("{BASE}/dial"));
            }
            _ => leave_message(r, tw),
        }
    })
}

fn leave_message(r: &Renderer<'_>, tw: &mut Twiml) {
    tw.say(&r.plain("voice-leave-message"));
    tw.record(&format!("{BASE}/message"));
    // An empty recording skips the action: the caller is still there, so ask again.
    tw.redirect(&format!("{BASE}/step?repeat=1"));
}

async fn call_start(State(state): State<AppState>, form: SignedForm) -> Response {
    let c = match Call::admit(&state, form) {
        Ok(c) => c,
        Err(refused) => return refused.into_response(),
    };
    if let Err(e) = state
        .conversations
        .store
        .call_status(
            c.param("CallSid"),
            &relais_of(&state, &c).id,
            "in-progress",
            None,
            now(),
        )
        .await
    {
        tracing::warn!(error = %e, "call not recorded");
    }
    match turn(&state, &c, Said::Open).await {
        Ok(reply) => {
            answer(
                &state,
                &c,
                reply,
                0,
                vec![Output::Say(Text::new("voice-intro"))],
            )
            .await
        }
        Err(e) => failure(&state, e),
    }
}

async fn step(State(state): State<AppState>, form: SignedForm) -> Response {
    let Some(q) = StepQuery::parse(form.query()) else {
        tracing::warn!("voice step refused: its URL asks for what no question has");
        return (StatusCode::BAD_REQUEST, "bad step").into_response();
    };
    let c = match Call::admit(&state, form) {
        Ok(c) => c,
        Err(refused) => return refused.into_response(),
    };
    let digits = c.param("Digits").trim().to_string();
    let speech = c.param("SpeechResult").trim().to_string();
    // Only a 0 or words need the caller's language (to hear "personne" in it): keys alone
    // go straight to the turn, which reads the language anyway.
    let lang = if digits == "0" || !speech.is_empty() {
        caller_language(&state, &c.who).await
    } else {
        crate::i18n::REFERENCE.to_string()
    };
    let lex = state.conversations.core.locales.lexicon();
    let wants_person =
        digits == "0" || (!speech.is_empty() && lex.global(&lang, &speech) == Some(Global::Human));
    if wants_person {
        return reach_person(&state, &relais_of(&state, &c), &lang, Vec::new());
    }
    let mut page = 0;
    let said = if q.repeat == 1 || digits == "*" {
        page = q.page;
        Said::Open
    } else if q.silence == 1 {
        Said::Silence
    } else if !digits.is_empty() {
        if q.count > 0 {
            match voice::key_on_page(&digits, q.page, q.count, q.first.max(1), q.more == 1) {
                Key::Choice(n) => Said::Text(n.to_string()),
                Key::NextPage => {
                    page = q.page + 1;
                    Said::Open
                }
                Key::MoreInList => Said::Text("suite".into()),
                Key::Other => Said::Text(digits),
            }
        } else {
            Said::Text(digits)
        }
    } else if !speech.is_empty() {
        Said::Text(speech)
    } else {
        Said::Silence
    };
    match turn(&state, &c, said).await {
        Ok(reply) => answer(&state, &c, reply, page, Vec::new()).await,
        Err(e) => failure(&state, e),
    }
}

async fn record(State(state): State<AppState>, form: SignedForm) -> Response {
    let c = match Call::admit(&state, form) {
        Ok(c) => c,
        Err(refused) => return refused.into_response(),
    };
    let url = c.param("RecordingUrl").to_string();
    let said = if url.is_empty() {
        Said::Silence
    } else {
        Said::Recording(url)
    };
    match turn(&state, &c, said).await {
        Ok(reply) => answer(&state, &c, reply, 0, Vec::new()).await,
        Err(e) => failure(&state, e),
    }
}

async fn message(State(state): State<AppState>, form: SignedForm) -> Response {
    let c = match Call::admit(&state, form) {
        Ok(c) => c,
        Err(refused) => return refused.into_response(),
    };
    let url = c.param("RecordingUrl");
    if let Err(e) = state
        .conversations
        .leave_message(&c.who, c.to.as_ref(), url, now())
        .await
    {
        return failure(&state, e);
    }
    let lang = caller_language(&state, &c.who).await;
    speak(&state, &relais_of(&state, &c), &lang, |r, tw| {
        tw.say(&r.plain("voice-message-thanks"));
        tw.say(&r.plain("voice-goodbye"));
        tw.hangup();
    })
}

async fn dial(State(state): State<AppState>, form: SignedForm) -> Response {
    let c = match Call::admit(&state, form) {
        Ok(c) => c,
        Err(refused) => return refused.into_response(),
    };
    let lang = caller_language(&state, &c.who).await;
    let answered = c.param("DialCallStatus") == "completed";
    speak(&state, &relais_of(&state, &c), &lang, |r, tw| {
        if answered {
            tw.say(&r.plain("voice-goodbye"));
            tw.hangup();
        } else {
            leave_message(r, tw);
        }
    })
}

async fn status(State(state): State<AppState>, form: SignedForm) -> Response {
    let c = match Call::admit(&state, form) {
        Ok(c) => c,
        Err(refused) => return refused.into_response(),
    };
    let status = c.param("CallStatus").to_string();
    let duration = c.param("CallDuration").parse::<i64>().ok();
    let relais = relais_of(&state, &c);
    if let Err(e) = state
        .conversations
        .store
        .call_status(c.param("CallSid"), &relais.id, &status, duration, now())
        .await
    {
        tracing::error!(error = %e, "call status not recorded");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    if matches!(
        status.as_str(),
        "completed" | "canceled" | "failed" | "no-answer" | "busy"
    ) && let Err(e) = state
        .conversations
        .call_ended(&c.who, c.to.as_ref(), now())
        .await
    {
        tracing::error!(error = %e, "ended call not recorded");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    StatusCode::NO_CONTENT.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_urls_are_read_within_bounds() {
        assert_eq!(
            StepQuery::parse("page=1&count=10&first=1&more=0"),
            Some(StepQuery {
                page: 1,
                count: 10,
                first: 1,
                ..StepQuery::default()
            })
        );
        assert_eq!(StepQuery::parse(""), Some(StepQuery::default()));
        for bad in [
            "count=4294967295",
            "page=99999999",
            "first=18446744073709551615",
            "more=7",
            "count=-1",
            "page=x",
        ] {
            assert_eq!(StepQuery::parse(bad), None, "{bad}");
        }
    }
}

//! One turn of a conversation: load the contact and session, run the pure engine, carry
//! out its effects, save everything and the reply, in one transaction.
//!
//! The only place that knows the engine, the store and the channels together. A retried
//! provider message replays its stored reply; a version conflict re-runs the turn; opt-out
//! words are handled before any flow.

use std::sync::Arc;

use rand::Rng;

use crate::channels::sms::{self, SmsStyle};
use crate::channels::{Renderer, Variant};
use crate::domain::commune::Nearness;
use crate::domain::mandate::Scope;
use crate::domain::text::{segments, shorten};
use crate::domain::{Communes, PhoneNumber, RefCode, Relais, RelaisSet};
use crate::engine::effects::{self as contracts, Call};
use crate::engine::session::Pending;
use crate::engine::step::Input;
use crate::engine::understand::Global;
use crate::engine::{
    self, Arg, Args, Ctx, Effect, EffectResult, Flows, Item, Output, Session, Text,
};
use crate::i18n::{Locales, REFERENCE};
pub use crate::mediation::acting::Acting;
use crate::store::{
    Contact, NewCallback, NewHelpRequest, NewMessage, NewOutbound, SignupOutcome, Store,
    StoreError, Tx,
};
use futures::future::BoxFuture;

mod callbacks;
mod effects;

/// Turns re-run at most this many times on a conflict before giving up.
const MAX_ATTEMPTS: usize = 8;
/// Longest message body read (Twilio's limit).
pub const MAX_BODY_CHARS: usize = 1600;
/// Wrong reference codes allowed per contact per hour.
pub const MAX_FOLLOW_FAILURES: i64 = 5;
/// Most recent requests listed by "follow my request".
const MAX_LISTED_REQUESTS: usize = 9;

/// Everything loaded once at start: flows, texts, communes, relais.
pub struct Core {
    pub flows: Flows,
    pub locales: Locales,
    pub communes: Communes,
    pub relais: RelaisSet,
    pub sms_style: SmsStyle,
    /// How long relais keep what residents said unless they set their own periods.
    pub retention: crate::domain::retention::Periods,
}

impl Core {
    /// Arguments every message of a relais may use.
    pub fn context_args(&self, relais: &Relais) -> Args {
        let mut args = Args::new();
        args.insert("relais".into(), Arg::Text(relais.name.clone()));
        // Texts choose their words on "none" (a Fluent selector): a plain word, not a number.
        let help = match &relais.help_line {
            Some(line) => Arg::Phone(national(line)),
            None => Arg::Text("none".into()),
        };
        args.insert("help_line".into(), help);
        // What the relais keeps and for how long, as the notice and INFO say it.
        let periods = relais.retention.over(self.retention);
        args.insert(
            "conversation_days".into(),
            Arg::Number(periods.conversation_days.into()),
        );
        args.insert(
            "request_days".into(),
            Arg::Number(periods.request_days.into()),
        );
        args
    }

    /// Where a conversation stood and what was said, in the team's language, for a call-back
    /// request: "Où elle en était : demander de l'aide. Déjà dit : Faire les courses, Rumilly."
    /// `None` when nothing had begun.
    pub fn describe(&self, relais: &Relais, stopped: &Stopped) -> Option<String> {
        let at = stopped.at.as_ref()?;
        let flow = self.flows.flow(&at.flow)?;
        let context = self.context_args(relais);
        let r = self.renderer(REFERENCE, Variant::Sms, &context);
        let said: Vec<String> = stopped
            .known
            .iter()
            // Shown values only: not keys, counts, lists nor an item's inner fields.
            .filter(|(name, _)| !name.contains('_'))
            .map(|(_, value)| r.shown(value))
            .filter(|v| !v.trim().is_empty())
            .collect();
        let mut args = Args::new();
        args.insert("doing".into(), Arg::Label(flow.title.clone()));
        let id = if said.is_empty() {
            "notify-context"
        } else {
            args.insert("known".into(), Arg::Text(said.join(", ")));
            "notify-context-known"
        };
        Some(r.text(&Text::with(id, args)))
    }

    /// A renderer for one language and channel.
    pub fn renderer<'a>(
        &'a self,
        lang: &'a str,
        variant: Variant,
        context: &'a Args,
    ) -> Renderer<'a> {
        Renderer {
            locales: &self.locales,
            communes: &self.communes,
            lang,
            variant,
            context,
        }
    }
}

/// `+33450010203` → `04 50 01 02 03`, as French people write and say it.
pub fn national(p: &PhoneNumber) -> String {
    match p.as_str().strip_prefix("+33") {
        Some(rest) if rest.len() == 9 => {
            let digits = format!("0{rest}");
            digits
                .as_bytes()
                .chunks(2)
                .map(|c| String::from_utf8_lossy(c).to_string())
                .collect::<Vec<_>>()
                .join(" ")
        }
        _ => p.as_str().to_string(),
    }
}

/// Where a conversation stood when someone asked to be called back.
#[derive(Clone, Debug, Default)]
pub struct Stopped {
    /// The question the person was at; `None` between flows.
    pub at: Option<crate::engine::NodeRef>,
    /// What the flow had understood, as shown to the person.
    pub known: Args,
}

impl Stopped {
    /// Where a stored session stands.
    pub fn of(session: &Session) -> Self {
        Self {
            at: (!session.idle).then(|| session.at.clone()),
            known: session.args(),
        }
    }
}

/// Where a message came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Sms,
    Voice,
    Kiosk,
    /// The terminal (`passerelle chat`), rendered as SMS.
    Chat,
    /// A mediator in the console acting for a resident, rendered as the kiosk's screens.
    Mediator,
}

impl Channel {
    pub fn name(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Voice => "voice",
            Channel::Kiosk => "kiosk",
            Channel::Chat => "chat",
            Channel::Mediator => "mediator",
        }
    }
}

/// Who is talking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// A phone (SMS, voice, the terminal).
    Phone(PhoneNumber),
    /// A kiosk session (an opaque id), anonymous unless the person gives a number.
    Kiosk(String),
    /// A caller whose number is hidden, for the length of one call (its id).
    Anonymous(String),
    /// A mediator acting for a resident under a mandate (the console).
    Mediator(Box<Acting>),
}

impl Who {
    /// The key contacts are stored under.
    pub fn key(&self) -> String {
        match self {
            Who::Phone(p) => p.as_str().to_string(),
            Who::Kiosk(id) => format!("kiosk:{id}"),
            Who::Anonymous(id) => format!("anonymous:{id}"),
            Who::Mediator(a) => a.key(),
        }
    }

    /// The mandate a mediator acts under, if this is one.
    pub fn acting(&self) -> Option<&Acting> {
        match self {
            Who::Mediator(a) => Some(a),
            _ => None,
        }
    }
}

/// What the person did this turn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Said {
    /// Words typed, keyed or recognised.
    Text(String),
    /// Nothing yet: a call starts, a kiosk screen opens, `*` asks to repeat.
    Open,
    /// A voice prompt got no answer.
    Silence,
    /// A voice message.
    Recording(String),
}

/// One message from a person.
#[derive(Clone, Debug)]
pub struct Inbound {
    pub provider_id: Option<String>,
    pub who: Who,
    /// The number they wrote or called, which picks the relais.
    pub to: Option<PhoneNumber>,
    /// The relais, when the channel knows it better than a number (an enrolled kiosk).
    pub relais: Option<String>,
    pub channel: Channel,
    pub said: Said,
    /// The message held only media (a photo).
    pub media_only: bool,
    /// A commune to offer when the person has none yet (the kiosk's).
    pub default_commune: Option<String>,
    /// The kiosk this came from, recorded on requests.
    pub kiosk: Option<String>,
    pub now: i64,
}

impl Inbound {
    /// An SMS-like text message from a phone.
    pub fn text(
        from: PhoneNumber,
        to: Option<PhoneNumber>,
        channel: Channel,
        body: &str,
        now: i64,
    ) -> Self {
        Self {
            provider_id: None,
            who: Who::Phone(from),
            to,
            relais: None,
            channel,
            said: Said::Text(body.to_string()),
            media_only: false,
            default_commune: None,
            kiosk: None,
            now,
        }
    }
}

/// The message without NUL characters (no one types them; PostgreSQL cannot store them),
/// when it held any.
fn without_nul(inbound: &Inbound) -> Option<Inbound> {
    let text_nul = matches!(&inbound.said, Said::Text(t) if t.contains('\0'));
    let id_nul = inbound
        .provider_id
        .as_deref()
        .is_some_and(|p| p.contains('\0'));
    if !text_nul && !id_nul {
        return None;
    }
    let mut clean = inbound.clone();
    if let Said::Text(t) = &mut clean.said {
        t.retain(|c| c != '\0');
    }
    if let Some(p) = &mut clean.provider_id {
        p.retain(|c| c != '\0');
    }
    Some(clean)
}

/// What to answer.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Reply {
    /// The text to send back as SMS (SMS and terminal only); `None` for silence.
    pub text: Option<String>,
    /// What to say, for channels that render it themselves (voice, kiosk).
    pub outputs: Vec<Output>,
    pub lang: String,
    pub relais: String,
    /// Arguments every message may use (relais name, help line).
    pub context: Args,
    /// Replies not understood in a row at the current question.
    pub misses: u8,
    /// Where the conversation stands now.
    pub at: Option<crate::engine::NodeRef>,
    /// The person is stuck and should be put through to a person now (voice).
    pub escalate: bool,
}

/// What a turn gathers before it is rendered.
struct Turn<'a> {
    relais: &'a Relais,
    outputs: Vec<Output>,
    escalate: bool,
}

/// Errors of a turn: only storage can fail.
#[derive(Debug, thiserror::Error)]
pub enum TurnError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the turn kept conflicting with other writes")]
    Busy,
}

/// The conversation service.
#[derive(Clone)]
pub struct Conversations {
    pub core: Arc<Core>,
    pub store: Arc<dyn Store>,
}

impl Conversations {
    /// Handles one message, re-running the turn on conflicts.
    pub async fn handle(&self, inbound: &Inbound) -> Result<Reply, TurnError> {
        let started = std::time::Instant::now();
        let cleaned = without_nul(inbound);
        let reply = self.handle_once(cleaned.as_ref().unwrap_or(inbound)).await;
        let outcome = if reply.is_ok() { "stored" } else { "failed" };
        let channel = inbound.channel.name();
        metrics::histogram!("passerelle_turn_seconds", "channel" => channel)
            .record(started.elapsed().as_secs_f64());
        metrics::counter!("passerelle_turns_total", "channel" => channel, "outcome" => outcome)
            .increment(1);
        reply
    }

    async fn handle_once(&self, inbound: &Inbound) -> Result<Reply, TurnError> {
        for _ in 0..MAX_ATTEMPTS {
            let me = self.clone();
            let inbound = inbound.clone();
            let outcome = self
                .within(
                    move |tx: &mut dyn Tx| -> BoxFuture<'_, Result<Reply, StoreError>> {
                        Box::pin(async move { me.turn(tx, &inbound).await })
                    },
                )
                .await;
            match outcome {
                // Someone wrote first, or the same provider message is being handled by
                // another request (once that one commits, this turn replays its reply).
                Err(e) if e.is_transient() => {
                    if matches!(e, StoreError::Busy) {
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    }
                    continue;
                }
                other => return Ok(other?),
            }
        }
        Err(TurnError::Busy)
    }

    /// Runs `f` in one transaction of the store and returns its result once durable.
    async fn within<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'a> FnOnce(&'a mut dyn Tx) -> BoxFuture<'a, Result<T, StoreError>> + Send + 'static,
    {
        // The turn may run on the store's writer thread: it keeps the request's span (and its
        // provider id) for what it logs there.
        let span = tracing::Span::current();
        crate::store::within(
            self.store.as_ref(),
            move |tx: &mut dyn Tx| -> BoxFuture<'_, Result<T, StoreError>> {
                Box::pin(tracing::Instrument::instrument(f(tx), span))
            },
        )
        .await
    }

    async fn turn(&self, tx: &mut dyn Tx, inbound: &Inbound) -> Result<Reply, StoreError> {
        let core = &self.core;
        let now = inbound.now;
        if let Some(pid) = &inbound.provider_id
            && let Some(reply) = tx.replayed_reply(pid).await?
        {
            return Ok(Reply {
                text: (!reply.is_empty()).then_some(reply),
                ..Reply::default()
            });
        }
        let relais = inbound
            .relais
            .as_deref()
            .and_then(|id| core.relais.by_id(id))
            .unwrap_or_else(|| core.relais.for_number(inbound.to.as_ref()))
            .clone();
        let mut contact = tx.contact(&inbound.who.key(), now).await?;
        contact.last_seen_at = now;
        let body: String = match &inbound.said {
            Said::Text(t) => t.chars().take(MAX_BODY_CHARS).collect(),
            Said::Recording(url) => url.clone(),
            Said::Open | Said::Silence => String::new(),
        };
        let mut turn = Turn {
            relais: &relais,
            outputs: Vec::new(),
            escalate: false,
        };

        // Opt-out and opt-in come before any flow, on the channels that send SMS.
        let lex = core.locales.lexicon();
        let mut opt_method = None;
        if matches!(inbound.channel, Channel::Sms | Channel::Chat) {
            match lex.global(&contact.language, &body) {
                Some(Global::Stop) => {
                    if contact.opted_out_at.is_none() {
                        contact.opted_out_at = Some(now);
                        turn.outputs.push(Output::Say(Text::new("sms-stopped")));
                    }
                    let how = format!("{}:{}", inbound.channel.name(), shorten(&body, 20));
                    tx.save_contact(&contact, Some(&how)).await?;
                    return self.finish(tx, inbound, &contact, turn, &body, None).await;
                }
                Some(Global::Start) if contact.opted_out_at.is_some() => {
                    contact.opted_out_at = None;
                    opt_method = Some("start".to_string());
                    turn.outputs.push(Output::Say(Text::new("sms-restarted")));
                }
                _ => {}
            }
            if contact.opted_out_at.is_some() {
                // Someone who sent STOP gets nothing more, except the emergency numbers when
                // they write an emergency.
                if lex.is_emergency(&body) {
                    turn.outputs.push(Output::Say(Text::new("emergency")));
                }
                tx.save_contact(&contact, None).await?;
                return self.finish(tx, inbound, &contact, turn, &body, None).await;
            }
            // The answer to a mediator's recap SMS (a mandate), before any flow; an emergency
            // is never taken for an answer.
            if matches!(inbound.said, Said::Text(_))
                && !lex.is_emergency(&body)
                && let Some(answer) =
                    crate::mediation::consent::take_answer(tx, contact.id, &relais.id, &body, now)
                        .await?
            {
                turn.outputs.push(Output::Say(Text::new(answer)));
                tx.save_contact(&contact, opt_method.as_deref()).await?;
                return self.finish(tx, inbound, &contact, turn, &body, None).await;
            }
        }

        let (session, version) = match tx.session(contact.id, &relais.id).await? {
            Some((json, v)) => {
                let s = serde_json::from_str::<Session>(&json).unwrap_or_else(|e| {
                    tracing::warn!(error = %e, "unreadable session state, starting again");
                    Session::new(core.flows.home.clone(), &contact.language)
                });
                (s, Some(v))
            }
            None => (
                Session::new(core.flows.home.clone(), &contact.language),
                None,
            ),
        };
        let known = contact
            .commune_insee
            .clone()
            .or_else(|| inbound.default_commune.clone());
        let ctx = Ctx {
            flows: &core.flows,
            lexicon: lex,
            communes: &core.communes,
            now,
            known_commune: known.as_deref(),
            channel: inbound.channel.name(),
            read_back: inbound.channel == Channel::Voice,
            offer_callback: inbound.channel != Channel::Voice,
            loop_guard: matches!(inbound.channel, Channel::Sms | Channel::Chat),
            today: paris_date(now),
        };
        let mut step = match &inbound.said {
            _ if opt_method.is_some() => engine::step::open(&ctx, session),
            Said::Open => engine::step::open(&ctx, session),
            Said::Silence => engine::step(&ctx, session, Input::Silence),
            Said::Recording(url) => engine::step(&ctx, session, Input::Recording(url)),
            Said::Text(_) if body.trim().is_empty() => {
                let note = if inbound.media_only {
                    "sms-media-only"
                } else {
                    "sms-empty"
                };
                turn.outputs.push(Output::Say(Text::new(note)));
                engine::step::open(&ctx, session)
            }
            Said::Text(t) => {
                if t.chars().count() > MAX_BODY_CHARS {
                    turn.outputs.push(Output::Say(Text::new("sms-too-long")));
                }
                engine::step(&ctx, session, Input::Text(body.trim()))
            }
        };
        // `flows check` bounds the effects chained without a question (MAX_EFFECT_CHAIN): the
        // loop ends with the step that asks or says the last thing.
        loop {
            turn.outputs.append(&mut step.outputs);
            turn.escalate |= step.escalate;
            let mut awaited = None;
            for e in std::mem::take(&mut step.effects) {
                match e {
                    Effect::Run(call) => awaited = Some(call),
                    Effect::Callback { reason, at, known } => {
                        let stopped = Stopped { at, known };
                        self.record_callback(
                            tx,
                            &contact,
                            &relais,
                            &reason,
                            inbound.channel,
                            None,
                            Some(&stopped),
                            now,
                        )
                        .await?;
                    }
                    Effect::LoopGuard => {
                        tracing::warn!(relais = %relais.id, contact = contact.id, "loop guard: messages look automatic, not answered for now");
                        tx.record_guard_trip(contact.id, &relais.id, inbound.channel.name(), now)
                            .await?;
                        let mut args = Args::new();
                        let phone = contact
                            .phone
                            .as_ref()
                            .map(national)
                            .unwrap_or_else(|| "-".into());
                        args.insert("phone".into(), Arg::Phone(phone));
                        self.notify(tx, &relais, "notify-loop-guard", args, "loop_guard", now)
                            .await?;
                    }
                    Effect::RememberCommune(insee) => contact.commune_insee = Some(insee),
                    Effect::Language(lang) => contact.language = lang,
                }
            }
            let Some(call) = awaited.filter(|_| step.session.pending == Pending::Effect) else {
                break;
            };
            let mut session = step.session;
            let result = self
                .run_effect(tx, call, &mut contact, &relais, inbound, now)
                .await?;
            session.lang = contact.language.clone();
            step = engine::resume(&ctx, session, result);
        }
        let session = step.session;
        contact.language = session.lang.clone();
        let state =
            serde_json::to_string(&session).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        tx.save_session(contact.id, &relais.id, &state, version, now)
            .await?;
        tx.save_contact(&contact, opt_method.as_deref()).await?;
        self.finish(tx, inbound, &contact, turn, &body, Some(&session))
            .await
    }

    /// Erases what someone said and where they were (a kiosk visit that ends: "Terminer /
    /// Effacer mes informations"). Requests they sent are kept.
    pub async fn forget(&self, who: &Who) -> Result<(), TurnError> {
        let key = who.key();
        self.within(
            move |tx: &mut dyn Tx| -> BoxFuture<'_, Result<(), StoreError>> {
                Box::pin(async move { tx.forget(&key).await })
            },
        )
        .await?;
        Ok(())
    }

    /// Proves a turn can be stored now: a write through the same path as turns, synced.
    pub async fn ready(&self, now: i64) -> Result<(), TurnError> {
        self.within(
            move |tx: &mut dyn Tx| -> BoxFuture<'_, Result<(), StoreError>> {
                Box::pin(async move { tx.touch_readiness(now).await })
            },
        )
        .await?;
        Ok(())
    }

    /// The language a person chose, if they are known.
    pub async fn language_of(&self, who: &Who) -> Result<Option<String>, TurnError> {
        Ok(self.store.contact_language(&who.key()).await?)
    }

    /// Renders and records the reply; the caller answers only once it is durable.
    async fn finish(
        &self,
        tx: &mut dyn Tx,
        inbound: &Inbound,
        contact: &Contact,
        turn: Turn<'_>,
        body: &str,
        session: Option<&Session>,
    ) -> Result<Reply, StoreError> {
        let relais = turn.relais;
        let lang = session
            .map(|s| s.lang.clone())
            .unwrap_or_else(|| contact.language.clone());
        let context = self.core.context_args(relais);
        let text = if turn.outputs.is_empty()
            || !matches!(inbound.channel, Channel::Sms | Channel::Chat)
        {
            None
        } else {
            let r = self.core.renderer(&lang, Variant::Sms, &context);
            Some(sms::render(&r, &turn.outputs, self.core.sms_style))
        };
        let seg = text.as_deref().map(segments);
        tx.record_message(&NewMessage {
            contact_id: Some(contact.id),
            relais: relais.id.clone(),
            direction: "in",
            channel: inbound.channel.name().to_string(),
            provider_id: inbound.provider_id.clone(),
            body: body.to_string(),
            reply: Some(text.clone().unwrap_or_default()),
            segments: seg.map(|s| s.segments as i64),
            status: "received",
            now: inbound.now,
        })
        .await?;
        if let Some(s) = seg {
            tracing::info!(relais = %relais.id, contact = contact.id, segments = s.segments, encoding = ?s.encoding, "reply");
        }
        Ok(Reply {
            text,
            outputs: turn.outputs,
            lang,
            relais: relais.id.clone(),
            context,
            misses: session.map(|s| s.misses).unwrap_or(0),
            at: session.map(|s| s.at.clone()),
            escalate: turn.escalate,
        })
    }

    /// Queues an SMS to a person (not a direct reply: a code after a call, a confirmation).
    async fn text_person(
        &self,
        tx: &mut dyn Tx,
        relais: &Relais,
        to: &PhoneNumber,
        lang: &str,
        text: Text,
        now: i64,
    ) -> Result<(), StoreError> {
        let context = self.core.context_args(relais);
        let r = self.core.renderer(lang, Variant::Sms, &context);
        let body = sms::finish(&r.text(&text), self.core.sms_style);
        // The person just called or used the kiosk and waits for it: not held by quiet hours.
        let message = NewOutbound::sms(&relais.id, to.as_str(), &body, "to_person", now).urgent();
        tx.enqueue_message(&message).await.map(|_| ())
    }

    /// Queues a message to the relais team's help line, written in the reference language.
    async fn notify(
        &self,
        tx: &mut dyn Tx,
        relais: &Relais,
        msg: &str,
        args: Args,
        kind: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let Some(line) = &relais.help_line else {
            return Ok(());
        };
        let context = self.core.context_args(relais);
        let r = self.core.renderer(REFERENCE, Variant::Sms, &context);
        let body = sms::finish(&r.text(&Text::with(msg, args)), self.core.sms_style);
        tx.enqueue(&relais.id, line.as_str(), &body, kind, now)
            .await
    }
}

/// The date in Europe/Paris for a Unix time.
pub fn paris_date(now: i64) -> jiff::civil::Date {
    jiff::Timestamp::from_second(now)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC))
        .date()
}

/// `YYYY-MM-DD` in Europe/Paris for a Unix time.
pub fn today(now: i64) -> String {
    paris_date(now).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_french_way() {
        let p = PhoneNumber::parse("+33450010203").unwrap();
        assert_eq!(national(&p), "04 50 01 02 03");
    }

    #[test]
    fn today_is_in_paris() {
        // 2026-11-27 23:30 UTC is already the 28th in Paris.
        assert_eq!(today(1_795_822_200), "2026-11-28");
    }
}

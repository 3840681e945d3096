//! One turn of a conversation: load the contact and session, run the pure engine, carry
//! out its effects, save everything and the reply, in one transaction.
//!
//! The only place that knows the engine, the store and the channels together. A retried
//! provider message replays its stored reply; a version conflict re-runs the turn; opt-out
//! words are handled before any flow.

use std::collections::BTreeMap;
use std::sync::Arc;

use rand::Rng;

use crate::channels::sms::{self, SmsStyle};
use crate::channels::{Renderer, Variant};
use crate::domain::commune::Nearness;
use crate::domain::text::{segments, shorten};
use crate::domain::{Communes, PhoneNumber, RefCode, Relais, RelaisSet};
use crate::engine::model::EffectKind;
use crate::engine::understand::Global;
use crate::engine::{
    self, Arg, Args, Ctx, Effect, EffectResult, Flows, Item, Output, Session, Text, Value,
};
use crate::i18n::{Locales, REFERENCE};
use crate::store::{Contact, NewHelpRequest, NewMessage, SignupOutcome, Store, StoreError, Tx};

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
}

impl Core {
    /// Arguments every message of a relais may use.
    pub fn context_args(&self, relais: &Relais) -> Args {
        let mut args = Args::new();
        args.insert("relais".into(), Arg::Text(relais.name.clone()));
        let help = relais
            .help_line
            .as_ref()
            .map(national)
            .unwrap_or_else(|| "none".into());
        args.insert("help_line".into(), Arg::Text(help));
        args
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

/// Where a message came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Sms,
    Voice,
    Kiosk,
    /// The terminal (`passerelle chat`), rendered as SMS.
    Chat,
}

impl Channel {
    pub fn name(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Voice => "voice",
            Channel::Kiosk => "kiosk",
            Channel::Chat => "chat",
        }
    }
}

/// One message from a person.
#[derive(Clone, Debug)]
pub struct Inbound {
    pub provider_id: Option<String>,
    pub from: PhoneNumber,
    pub to: Option<PhoneNumber>,
    pub channel: Channel,
    pub body: String,
    /// The message held only media (a photo).
    pub media_only: bool,
    pub now: i64,
}

/// What to answer.
#[derive(Clone, Debug, Default)]
pub struct Reply {
    /// The text to send back; `None` for silence (opted out, loop guard).
    pub text: Option<String>,
    pub outputs: Vec<Output>,
    pub lang: String,
    /// The same provider message was handled before: this is its stored reply.
    pub replayed: bool,
    pub relais: String,
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

fn is_unique_violation(e: &StoreError) -> bool {
    matches!(e, StoreError::Database(sqlx::Error::Database(d)) if d.is_unique_violation())
}

impl Conversations {
    /// Handles one message, re-running the turn on conflicts.
    pub async fn handle(&self, inbound: &Inbound) -> Result<Reply, TurnError> {
        for _ in 0..MAX_ATTEMPTS {
            match self.turn(inbound).await {
                Err(StoreError::Conflict) => continue,
                // The same provider message is being handled by another request: once that
                // one commits, this turn replays its reply.
                Err(e) if is_unique_violation(&e) => continue,
                other => return Ok(other?),
            }
        }
        Err(TurnError::Busy)
    }

    async fn turn(&self, inbound: &Inbound) -> Result<Reply, StoreError> {
        let core = &self.core;
        let now = inbound.now;
        let mut tx = self.store.begin().await?;
        if let Some(pid) = &inbound.provider_id
            && let Some(reply) = tx.replayed_reply(pid).await?
        {
            return Ok(Reply {
                text: (!reply.is_empty()).then_some(reply),
                replayed: true,
                ..Reply::default()
            });
        }
        let relais = core.relais.for_number(inbound.to.as_ref()).clone();
        let (mut contact, _new) = tx.contact(&inbound.from, now).await?;
        contact.last_seen_at = now;
        let body: String = inbound.body.chars().take(MAX_BODY_CHARS).collect();
        let context = core.context_args(&relais);

        // Opt-out and opt-in come before any flow.
        let lex = core.locales.lexicon();
        let mut outputs: Vec<Output> = Vec::new();
        let mut opt_method = None;
        match lex.global(&contact.language, &body) {
            Some(Global::Stop) => {
                let first = contact.opted_out_at.is_none();
                if first {
                    contact.opted_out_at = Some(now);
                    outputs.push(Output::Say(Text::new("sms-stopped")));
                }
                tx.save_contact(
                    &contact,
                    Some(&format!(
                        "{}:{}",
                        inbound.channel.name(),
                        shorten(&body, 20)
                    )),
                )
                .await?;
                return self
                    .finish(
                        tx, inbound, &contact, &relais, &context, &body, outputs, None,
                    )
                    .await;
            }
            Some(Global::Start) if contact.opted_out_at.is_some() => {
                contact.opted_out_at = None;
                opt_method = Some("start".to_string());
                outputs.push(Output::Say(Text::new("sms-restarted")));
            }
            _ => {}
        }
        if contact.opted_out_at.is_some() {
            tx.save_contact(&contact, None).await?;
            return self
                .finish(
                    tx,
                    inbound,
                    &contact,
                    &relais,
                    &context,
                    &body,
                    Vec::new(),
                    None,
                )
                .await;
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
        let known = contact.commune_insee.clone();
        let ctx = Ctx {
            flows: &core.flows,
            lexicon: lex,
            communes: &core.communes,
            now,
            known_commune: known.as_deref(),
        };
        let trimmed = body.trim();
        let mut step = if opt_method.is_some() {
            engine::step::open(&ctx, session)
        } else if trimmed.is_empty() {
            outputs.push(Output::Say(Text::new(if inbound.media_only {
                "sms-media-only"
            } else {
                "sms-empty"
            })));
            engine::step::open(&ctx, session)
        } else {
            if inbound.body.chars().count() > MAX_BODY_CHARS {
                outputs.push(Output::Say(Text::new("sms-too-long")));
            }
            engine::step(&ctx, session, trimmed)
        };
        for _ in 0..8 {
            outputs.append(&mut step.outputs);
            let mut awaited = None;
            for e in std::mem::take(&mut step.effects) {
                match e {
                    Effect::Run { kind, vars } => awaited = Some((kind, vars)),
                    Effect::Callback { reason } => {
                        tx.create_callback(
                            contact.id,
                            &relais.id,
                            &reason,
                            inbound.channel.name(),
                            now,
                        )
                        .await?;
                        let mut args = Args::new();
                        args.insert("phone".into(), Arg::Text(national(&contact.phone)));
                        self.notify(&mut *tx, &relais, "notify-callback", args, "callback", now)
                            .await?;
                    }
                    Effect::RememberCommune(insee) => contact.commune_insee = Some(insee),
                    Effect::Language(lang) => contact.language = lang,
                }
            }
            let Some((kind, vars)) =
                awaited.filter(|_| step.session.pending == engine::session::Pending::Effect)
            else {
                break;
            };
            let mut session = step.session;
            let result = self
                .run_effect(
                    &mut *tx,
                    kind,
                    &vars,
                    &mut contact,
                    &relais,
                    inbound.channel,
                    now,
                )
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
        self.finish(
            tx,
            inbound,
            &contact,
            &relais,
            &context,
            &body,
            outputs,
            Some(session.lang.clone()),
        )
        .await
    }

    /// Renders, records and commits; the reply is returned only once durable.
    #[allow(clippy::too_many_arguments)]
    async fn finish(
        &self,
        mut tx: Box<dyn Tx>,
        inbound: &Inbound,
        contact: &Contact,
        relais: &Relais,
        context: &Args,
        body: &str,
        outputs: Vec<Output>,
        lang: Option<String>,
    ) -> Result<Reply, StoreError> {
        let lang = lang.unwrap_or_else(|| contact.language.clone());
        let text = if outputs.is_empty() {
            None
        } else {
            let r = self.core.renderer(&lang, Variant::Sms, context);
            Some(sms::render(&r, &outputs, self.core.sms_style))
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
        tx.commit().await?;
        if let Some(s) = seg {
            tracing::info!(relais = %relais.id, contact = contact.id, segments = s.segments, encoding = ?s.encoding, "reply");
        }
        Ok(Reply {
            text,
            outputs,
            lang,
            replayed: false,
            relais: relais.id.clone(),
        })
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

    #[allow(clippy::too_many_arguments)]
    async fn run_effect(
        &self,
        tx: &mut dyn Tx,
        kind: EffectKind,
        vars: &BTreeMap<String, Value>,
        contact: &mut Contact,
        relais: &Relais,
        channel: Channel,
        now: i64,
    ) -> Result<EffectResult, StoreError> {
        let key = |name: &str| match vars.get(name) {
            Some(Value::Choice { key, .. }) => key.clone(),
            _ => String::new(),
        };
        let commune = || match vars.get("commune") {
            Some(Value::Commune(c)) => c.clone(),
            _ => String::new(),
        };
        let item_id = |name: &str| match vars.get(name) {
            Some(Value::Item(i)) => i.id.clone(),
            _ => String::new(),
        };
        Ok(match kind {
            EffectKind::FindMissions => {
                let today = today(now);
                let home = commune();
                let mut near: Vec<(Nearness, crate::store::Mission)> = tx
                    .open_missions(&today)
                    .await?
                    .into_iter()
                    .filter_map(|m| {
                        self.core
                            .communes
                            .nearness(&home, &m.commune_insee)
                            .map(|n| (n, m))
                    })
                    .collect();
                near.sort_by(|(a, ma), (b, mb)| {
                    rank(a)
                        .partial_cmp(&rank(b))
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then(ma.start_at.cmp(&mb.start_at))
                });
                let items: Vec<Item> = near
                    .into_iter()
                    .take(30)
                    .map(|(_, m)| mission_item(&m))
                    .collect();
                if items.is_empty() {
                    EffectResult::outcome("none")
                } else {
                    EffectResult::outcome("found").with("missions", Value::Items(items))
                }
            }
            EffectKind::SignUp => {
                let Ok(id) = item_id("mission").parse::<i64>() else {
                    return Ok(EffectResult::outcome("full"));
                };
                match tx
                    .sign_up(id, contact.id, &relais.id, channel.name(), now)
                    .await?
                {
                    SignupOutcome::Done(_) => {
                        let m = tx.mission(id).await?;
                        let org = m
                            .as_ref()
                            .map(|m| m.organization.clone())
                            .unwrap_or_default();
                        if let Some(m) = &m {
                            let mut args = Args::new();
                            args.insert("title".into(), Arg::Text(m.title.clone()));
                            args.insert("organization".into(), Arg::Text(m.organization.clone()));
                            self.notify(tx, relais, "notify-signup", args, "signup", now)
                                .await?;
                        }
                        EffectResult::outcome("done")
                            .with("organization", Value::Arg(Arg::Text(org)))
                    }
                    SignupOutcome::Already => EffectResult::outcome("already"),
                    SignupOutcome::Full => EffectResult::outcome("full"),
                }
            }
            EffectKind::CreateHelpRequest => {
                let details = match vars.get("details") {
                    Some(Value::Text(t)) => Some(t.clone()),
                    _ => None,
                };
                let new = NewHelpRequest {
                    contact_id: Some(contact.id),
                    relais: relais.id.clone(),
                    category: key("category"),
                    commune_insee: commune(),
                    urgency: key("when"),
                    details,
                    recording_url: None,
                    channel: channel.name().to_string(),
                    now,
                };
                let codes: Vec<RefCode> = {
                    let mut rng = rand::rng();
                    (0..50)
                        .filter_map(|_| RefCode::new(rng.random_range(100_000..=999_999)))
                        .collect()
                };
                let req = tx.create_help_request(&new, &codes).await?;
                let code: u32 = req.reference.parse().unwrap_or_default();
                let mut args = Args::new();
                args.insert("reference".into(), Arg::Code(code));
                args.insert(
                    "category".into(),
                    Arg::Label(format!("cat-{}", req.category)),
                );
                args.insert("commune".into(), Arg::Commune(req.commune_insee.clone()));
                args.insert("when".into(), Arg::Label(format!("when-{}", req.urgency)));
                self.notify(tx, relais, "notify-help-request", args, "help_request", now)
                    .await?;
                EffectResult::outcome("done").with("reference", Value::Code(code))
            }
            EffectKind::MyRequests => {
                let items: Vec<Item> = tx
                    .requests_of(contact.id, &relais.id)
                    .await?
                    .iter()
                    .take(MAX_LISTED_REQUESTS)
                    .map(request_item)
                    .collect();
                if items.is_empty() {
                    EffectResult::outcome("none")
                } else {
                    EffectResult::outcome("found").with("requests", Value::Items(items))
                }
            }
            EffectKind::FindRequest => {
                if tx.follow_failures_since(contact.id, now - 3600).await? >= MAX_FOLLOW_FAILURES {
                    return Ok(EffectResult::outcome("too_many"));
                }
                let code = match vars.get("code") {
                    Some(Value::Code(c)) => c.to_string(),
                    _ => String::new(),
                };
                match tx.request_by_reference(&code).await? {
                    // Only the person's own requests: any other code gets the same answer.
                    Some(r) if r.contact_id == Some(contact.id) => EffectResult::outcome("found")
                        .with("request", Value::Item(request_item(&r))),
                    _ => {
                        tx.record_follow_failure(contact.id, now).await?;
                        EffectResult::outcome("not_found")
                    }
                }
            }
            EffectKind::CancelRequest => {
                let reference = item_id("request");
                match tx.request_by_reference(&reference).await? {
                    Some(r)
                        if r.contact_id == Some(contact.id)
                            && matches!(r.status.as_str(), "open" | "matched") =>
                    {
                        tx.set_request_status(r.id, "cancelled", now).await?;
                        EffectResult::outcome("done")
                    }
                    _ => EffectResult::outcome("not_allowed"),
                }
            }
            EffectKind::SetLanguage => {
                let lang = key("language");
                if self.core.locales.languages().contains(&lang) {
                    contact.language = lang;
                }
                EffectResult::outcome("done")
            }
        })
    }
}

fn rank(n: &Nearness) -> (u8, f64) {
    match n {
        Nearness::SameCommune => (0, 0.0),
        Nearness::SameEpci(km) => (1, *km),
        Nearness::Within(km) => (2, *km),
    }
}

/// `YYYY-MM-DD` in Europe/Paris for a Unix time.
pub fn today(now: i64) -> String {
    jiff::Timestamp::from_second(now)
        .ok()
        .map(|t| {
            t.to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC))
        })
        .map(|z| z.date().to_string())
        .unwrap_or_default()
}

fn mission_item(m: &crate::store::Mission) -> Item {
    let mut args = Args::new();
    args.insert("title".into(), Arg::Text(shorten(&m.title, 45)));
    args.insert("commune".into(), Arg::Commune(m.commune_insee.clone()));
    args.insert(
        "date".into(),
        match &m.start_at {
            Some(d) => Arg::Date(d.clone()),
            None => Arg::Label("mission-date-flexible".into()),
        },
    );
    args.insert(
        "organization".into(),
        Arg::Text(shorten(&m.organization, 40)),
    );
    args.insert("summary".into(), Arg::Text(shorten(&m.description, 110)));
    Item {
        id: m.id.to_string(),
        args,
    }
}

fn request_item(r: &crate::store::HelpRequest) -> Item {
    let mut args = Args::new();
    args.insert(
        "reference".into(),
        Arg::Code(r.reference.parse().unwrap_or_default()),
    );
    args.insert("category".into(), Arg::Label(format!("cat-{}", r.category)));
    args.insert("status".into(), Arg::Label(format!("state-{}", r.status)));
    args.insert(
        "status_long".into(),
        Arg::Label(format!("status-{}", r.status)),
    );
    Item {
        id: r.reference.clone(),
        args,
    }
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

//! The pure step: `step(ctx, session, input) -> Step` and `resume(ctx, session, result)`.
//!
//! No I/O, no clock, no randomness: the time comes in `Ctx::now`, data the flow needs comes
//! back through [`resume`] after the caller ran an [`Effect`]. Outputs are semantic (a
//! Fluent id with arguments, choices, what is expected) and each channel renders them.

use std::collections::BTreeMap;

use super::guard::Verdict;
use super::model::{EffectKind, Flows, Node, NodeKind, NodeRef, Target};
use super::session::{Arg, Args, Item, Pending, Session, Value};
use super::understand::{Global, Lexicon};
use crate::domain::{CommuneLookup, Communes, RefCode};

/// After this much silence a conversation starts again from the menu (seconds).
pub const EXPIRY_SECS: i64 = 24 * 3600;
/// Misses before a person is offered a call back.
pub const MAX_MISSES: u8 = 3;
/// Items of a list shown at a time.
pub const LIST_PAGE: usize = 3;
/// Communes shown at a time when a postal code covers several.
pub const COMMUNE_PAGE: usize = 5;
/// Nodes that ask nothing followed in one step before the guard stops.
const MAX_HOPS: usize = 24;
/// Longest free text kept from one message.
pub const MAX_TEXT_CHARS: usize = 300;

/// What the person did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input<'a> {
    /// Words typed, said or keyed.
    Text(&'a str),
    /// Nothing came (a voice prompt timed out).
    Silence,
    /// A voice message, by its recording URL.
    Recording(&'a str),
}

/// Everything the engine may read.
pub struct Ctx<'a> {
    pub flows: &'a Flows,
    pub lexicon: &'a Lexicon,
    pub communes: &'a Communes,
    /// Unix seconds.
    pub now: i64,
    /// The person's home commune, if known (INSEE code).
    pub known_commune: Option<&'a str>,
    /// The channel (`sms`, `voice`, `kiosk`, `chat`): nodes limited to other channels are skipped.
    pub channel: &'a str,
    /// Read back what was understood and ask for confirmation (voice: speech recognition errs).
    pub read_back: bool,
    /// After 3 misses, offer a call back (SMS, kiosk); otherwise escalate at once (voice puts
    /// the caller through to a person).
    pub offer_callback: bool,
    /// Watch for auto-responders ([`super::guard`]): on SMS only, never where a person is
    /// there (the phone, the kiosk).
    pub loop_guard: bool,
}

/// A message id with its arguments.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Text {
    pub msg: String,
    pub args: Args,
}

impl Text {
    pub fn new(msg: &str) -> Self {
        Self {
            msg: msg.to_string(),
            args: Args::new(),
        }
    }

    pub fn with(msg: &str, args: Args) -> Self {
        Self {
            msg: msg.to_string(),
            args,
        }
    }
}

/// One numbered choice of a prompt.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PromptChoice {
    pub number: usize,
    pub key: String,
    pub label: Text,
}

/// What kind of answer a prompt waits for.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Expect {
    Choice,
    YesNo,
    /// A postal code (5 digits) or a commune's name.
    Commune,
    Text {
        optional: bool,
    },
    /// A 6-digit reference.
    Code,
    /// A phone number (for SMS follow-up).
    Phone {
        optional: bool,
    },
}

/// A question.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Prompt {
    pub node: NodeRef,
    pub text: Text,
    pub choices: Vec<PromptChoice>,
    /// More choices follow on another page (`SUITE`).
    pub more: bool,
    pub expect: Expect,
}

/// What the person is told.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Output {
    Say(Text),
    Prompt(Prompt),
}

/// What the engine wants done.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Run an effect and [`resume`] with its result. The variables are the session's.
    Run {
        kind: EffectKind,
        vars: BTreeMap<String, Value>,
    },
    /// Record that a person should call this contact back.
    Callback { reason: String },
    /// The person named their commune: remember it for next time.
    RememberCommune(String),
    /// The person chose a language.
    Language(String),
    /// The loop guard tripped: messages from this number look automatic and get no answer
    /// for now. Record it and tell the relais.
    LoopGuard,
}

/// The result of an [`Effect::Run`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EffectResult {
    pub outcome: String,
    pub vars: BTreeMap<String, Value>,
}

impl EffectResult {
    pub fn outcome(outcome: &str) -> Self {
        Self {
            outcome: outcome.to_string(),
            vars: BTreeMap::new(),
        }
    }

    pub fn with(mut self, name: &str, value: Value) -> Self {
        self.vars.insert(name.to_string(), value);
        self
    }
}

/// What one step produced.
#[derive(Clone, Debug)]
pub struct Step {
    pub session: Session,
    pub outputs: Vec<Output>,
    pub effects: Vec<Effect>,
    /// The person is stuck: the channel should put them through to a person now.
    pub escalate: bool,
}

impl Step {
    /// The effect the session waits on, if any.
    pub fn awaiting(&self) -> Option<(EffectKind, &BTreeMap<String, Value>)> {
        if self.session.pending != Pending::Effect {
            return None;
        }
        self.effects.iter().rev().find_map(|e| match e {
            Effect::Run { kind, vars } => Some((*kind, vars)),
            _ => None,
        })
    }
}

struct Stepper<'a, 'c> {
    ctx: &'a Ctx<'c>,
    s: Session,
    outputs: Vec<Output>,
    effects: Vec<Effect>,
    escalate: bool,
}

enum Miss {
    /// Not understood: say this, then ask again.
    Say(&'static str),
}

/// Handles one message from the person.
pub fn step(ctx: &Ctx<'_>, session: Session, input: Input<'_>) -> Step {
    let mut st = Stepper {
        ctx,
        s: session,
        outputs: Vec::new(),
        effects: Vec::new(),
        escalate: false,
    };
    st.on_input(input);
    st.finish()
}

/// Continues after an effect ran.
pub fn resume(ctx: &Ctx<'_>, session: Session, result: EffectResult) -> Step {
    let mut st = Stepper {
        ctx,
        s: session,
        outputs: Vec::new(),
        effects: Vec::new(),
        escalate: false,
    };
    st.on_result(result);
    st.finish()
}

/// Starts a conversation without a message (a call or a kiosk screen opening): greets a new
/// person, or asks the current question again.
pub fn open(ctx: &Ctx<'_>, session: Session) -> Step {
    let mut st = Stepper {
        ctx,
        s: session,
        outputs: Vec::new(),
        effects: Vec::new(),
        escalate: false,
    };
    st.on_open();
    st.finish()
}

impl Stepper<'_, '_> {
    fn finish(self) -> Step {
        Step {
            session: self.s,
            outputs: self.outputs,
            effects: self.effects,
            escalate: self.escalate,
        }
    }

    fn say(&mut self, msg: &str) {
        self.outputs.push(Output::Say(Text::new(msg)));
    }

    fn lang(&self) -> String {
        self.s.lang.clone()
    }

    fn home(&self) -> NodeRef {
        self.ctx.flows.home.clone()
    }

    fn on_open(&mut self) {
        let now = self.ctx.now;
        if self.s.pending == Pending::CallbackOffer {
            // A new call or screen: the offer made then is no longer the question.
            self.s.pending = Pending::None;
            self.s.misses = 0;
        }
        if self.expire_if_silent() || !self.s.greeted {
            self.s.last_seen = now;
            self.greet_if_new();
            self.enter(Target::Node(self.home()));
            return;
        }
        self.s.last_seen = now;
        if self.s.idle {
            self.enter(Target::Node(self.home()));
        } else {
            self.ask_again();
        }
    }

    /// True (and the session reset, politely) when the person was silent too long.
    fn expire_if_silent(&mut self) -> bool {
        let now = self.ctx.now;
        if self.s.last_seen == 0 || now - self.s.last_seen <= EXPIRY_SECS {
            return false;
        }
        let doing = (!self.s.idle)
            .then(|| {
                self.ctx
                    .flows
                    .flow(&self.s.at.flow)
                    .map(|f| f.title.clone())
            })
            .flatten();
        let (greeted, lang) = (self.s.greeted, self.lang());
        self.s = Session::new(self.home(), &lang);
        self.s.greeted = greeted;
        match doing {
            Some(title) => {
                let mut args = Args::new();
                args.insert("doing".into(), Arg::Label(title));
                self.outputs
                    .push(Output::Say(Text::with("welcome-back-doing", args)));
            }
            None => self.say("welcome-back"),
        }
        true
    }

    fn greet_if_new(&mut self) {
        if !self.s.greeted {
            self.s.greeted = true;
            self.say("welcome");
        }
    }

    fn on_input(&mut self, input: Input<'_>) {
        let now = self.ctx.now;
        let text = match input {
            Input::Text(t) => t,
            Input::Silence | Input::Recording(_) => "",
        };
        // An emergency is answered first, whatever the step and whoever is writing.
        if self.ctx.lexicon.is_emergency(text) {
            self.emergency();
            return;
        }
        if self.ctx.loop_guard {
            match self.s.guard.observe(now, text) {
                Verdict::Pass => {}
                Verdict::Trip => {
                    self.s.last_seen = now;
                    self.effects.push(Effect::LoopGuard);
                    return;
                }
                Verdict::Silent => {
                    self.s.last_seen = now;
                    return;
                }
            }
        }
        let expired = self.expire_if_silent();
        self.s.last_seen = now;
        let fresh = !self.s.greeted;
        self.greet_if_new();
        if matches!(input, Input::Text(_)) && self.command(text) {
            return;
        }
        if input == Input::Silence && !(fresh || expired || self.s.idle) {
            // Saying nothing when a few optional words are asked means "nothing to add".
            if self.s.pending == Pending::None
                && let Some(NodeKind::Text {
                    store,
                    next,
                    optional: true,
                }) = self.node().map(|n| n.kind)
            {
                self.s
                    .vars
                    .insert(store, Value::Arg(Arg::Label("text-skipped".into())));
                self.advance(next);
                return;
            }
            self.miss(Miss::Say("not-heard"));
            return;
        }
        if expired {
            // After a long silence a bare "3" most likely answers a question long gone.
            self.enter(Target::Node(self.home()));
            return;
        }
        if fresh || self.s.idle {
            // A first or returning message may already answer the menu ("aide", "2").
            self.s.idle = false;
            self.s.pending = Pending::None;
            self.s.at = self.home();
            self.s.vars.clear();
            if self.answer(input).is_err() {
                self.enter(Target::Node(self.home()));
            }
            return;
        }
        match self.s.pending.clone() {
            Pending::CallbackOffer => match self.ctx.lexicon.yes_no(&self.lang(), text) {
                Some(false) => {
                    self.s.pending = Pending::None;
                    self.s.misses = 0;
                    self.say("callback-declined");
                    self.ask_again();
                }
                _ => self.callback("stuck"),
            },
            Pending::PickCommune { candidates } => {
                if let Err(m) = self.pick_commune(text, &candidates) {
                    self.miss(m);
                }
            }
            Pending::ConfirmCommune { insee } => {
                match self.ctx.lexicon.yes_no(&self.lang(), text) {
                    Some(true) => {
                        if let Some(NodeKind::Commune { store, next, .. }) =
                            self.node().map(|n| n.kind)
                        {
                            let _ = self.commune_chosen(&store, &next, insee, false);
                        }
                    }
                    Some(false) => {
                        self.s.pending = Pending::None;
                        self.ask_again();
                    }
                    None => self.miss(Miss::Say("not-understood-yes-no")),
                }
            }
            Pending::Effect => {
                // An effect was never resumed (a crash between two writes): start again here.
                self.s.pending = Pending::None;
                self.enter(Target::Node(self.s.at.clone()));
            }
            Pending::None => {
                if let Err(m) = self.answer(input) {
                    self.miss(m);
                }
            }
        }
    }

    /// The emergency answer (15, 112, 114), then the question the person was at, or the menu:
    /// they can carry on.
    fn emergency(&mut self) {
        let expired = self.s.last_seen != 0 && self.ctx.now - self.s.last_seen > EXPIRY_SECS;
        self.s.last_seen = self.ctx.now;
        self.say("emergency");
        if matches!(
            self.s.pending,
            Pending::CallbackOffer | Pending::ConfirmCommune { .. } | Pending::Effect
        ) {
            self.s.pending = Pending::None;
            self.s.misses = 0;
        }
        if expired || self.s.idle {
            self.s.vars.clear();
            self.s.history.clear();
            self.enter(Target::Node(self.home()));
        } else {
            self.ask_again();
        }
    }

    /// Words that mean the same everywhere. True when one was handled.
    fn command(&mut self, input: &str) -> bool {
        let lex = self.ctx.lexicon;
        let lang = self.lang();
        if let Some(g) = lex.global(&lang, input) {
            match g {
                Global::Menu => {
                    self.s.vars.clear();
                    self.s.history.clear();
                    self.enter(Target::Node(self.home()));
                }
                Global::Info => {
                    self.say("info");
                    if !self.s.idle {
                        self.ask_again();
                    }
                }
                Global::Back => {
                    self.s.history.pop();
                    let to = self.s.history.pop().unwrap_or_else(|| self.home());
                    self.s.pending = Pending::None;
                    self.enter(Target::Node(to));
                }
                Global::Human => self.callback("asked"),
                // Opt-out and opt-in are the channel's: they never reach a flow.
                Global::Stop | Global::Start => return false,
            }
            return true;
        }
        let at_rest = self.s.idle || self.s.at == self.home();
        let keyword = self.ctx.flows.flows.values().find_map(|flow| {
            let key = flow.keyword.as_ref()?;
            if flow.keyword_at_rest && !at_rest {
                return None;
            }
            let rest = lex.keyword(&lang, key, input)?;
            let code = rest.as_deref().and_then(RefCode::parse);
            Some((flow, code))
        });
        // An answer to the current question wins over a command word or a language name
        // ("Français" in the language menu, "annuler" where a choice says it), except a
        // command word with a reference code ("SUIVI 482915"), which no choice is.
        let with_code = keyword
            .as_ref()
            .is_some_and(|(f, code)| code.is_some() && f.keyword_with_code.is_some());
        if !with_code
            && !self.s.idle
            && self.s.pending == Pending::None
            && let Some(NodeKind::Choice { choices, .. }) = self.node().map(|n| n.kind)
        {
            let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
            if lex
                .choice(&lang, input, &labels, 1, choices.len())
                .is_some()
            {
                return false;
            }
        }
        if let Some((flow, code)) = keyword {
            self.s.vars.clear();
            self.s.idle = false;
            self.s.pending = Pending::None;
            match (code, &flow.keyword_with_code) {
                (Some(code), Some(node)) => {
                    self.s.vars.insert("code".into(), Value::Code(code.value()));
                    self.enter(Target::Node(NodeRef::new(&flow.id, node)));
                }
                _ => self.enter(Target::Node(NodeRef::new(&flow.id, &flow.start))),
            }
            return true;
        }
        if let Some(code) = lex.language(&lang, input) {
            self.s.lang = code.clone();
            self.effects.push(Effect::Language(code));
            self.say("language-changed");
            if self.s.idle {
                self.enter(Target::Node(self.home()));
            } else {
                self.ask_again();
            }
            return true;
        }
        false
    }

    fn callback(&mut self, reason: &str) {
        self.effects.push(Effect::Callback {
            reason: reason.to_string(),
        });
        self.say("callback-promised");
        self.s.pending = Pending::None;
        self.s.misses = 0;
        self.go_idle();
    }

    fn go_idle(&mut self) {
        self.s.return_to = None;
        self.s.idle = true;
        self.s.at = self.home();
        self.s.vars.clear();
        self.s.history.clear();
        self.s.page = 0;
    }

    fn miss(&mut self, m: Miss) {
        self.s.misses += 1;
        if self.s.misses >= MAX_MISSES && !self.ctx.offer_callback {
            self.s.misses = 0;
            self.s.pending = Pending::None;
            self.escalate = true;
            return;
        }
        if self.s.misses >= MAX_MISSES {
            self.s.pending = Pending::CallbackOffer;
            self.outputs.push(Output::Prompt(Prompt {
                node: self.s.at.clone(),
                text: Text::new("callback-offer"),
                choices: yes_no_choices(),
                more: false,
                expect: Expect::YesNo,
            }));
            return;
        }
        let Miss::Say(msg) = m;
        self.say(msg);
        self.ask_again();
    }

    fn node(&self) -> Option<Node> {
        self.ctx.flows.node(&self.s.at).cloned()
    }

    /// Understands an answer to the current question and moves on, or says why not.
    fn answer(&mut self, raw: Input<'_>) -> Result<(), Miss> {
        let input = match raw {
            Input::Text(t) => t,
            Input::Silence | Input::Recording(_) => "",
        };
        let lex = self.ctx.lexicon;
        let lang = self.lang();
        let Some(node) = self.node() else {
            self.go_idle();
            self.enter(Target::Node(self.home()));
            return Ok(());
        };
        match &node.kind {
            NodeKind::Choice { store, choices } => {
                let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
                let i = lex
                    .choice(&lang, input, &labels, 1, choices.len())
                    .ok_or(Miss::Say("not-understood"))?;
                let c = &choices[i];
                if let Some(store) = store {
                    self.s.vars.insert(
                        store.clone(),
                        Value::Choice {
                            key: c.key.clone(),
                            label: c.label.clone(),
                        },
                    );
                }
                if let Some(Target::Node(then)) = &c.then {
                    self.s.return_to = None;
                    self.enter(c.next.clone());
                    self.s.return_to = Some(then.clone());
                } else {
                    self.advance(c.next.clone());
                }
            }
            NodeKind::Confirm { yes, no } => {
                let yes_no = lex
                    .yes_no(&lang, input)
                    .ok_or(Miss::Say("not-understood-yes-no"))?;
                self.advance(if yes_no { yes.clone() } else { no.clone() });
            }
            NodeKind::Commune {
                store,
                next,
                ask_known,
            } => {
                if let (Some(_), Some(known)) = (ask_known, self.ctx.known_commune)
                    && lex.yes_no(&lang, input) == Some(true)
                {
                    self.s
                        .vars
                        .insert(store.clone(), Value::Commune(known.to_string()));
                    self.advance(next.clone());
                    return Ok(());
                }
                self.lookup_commune(input, store, next)?;
            }
            NodeKind::Text {
                store,
                next,
                optional,
            } => {
                let trimmed = input.trim();
                if let Input::Recording(url) = raw {
                    self.s
                        .vars
                        .insert(store.clone(), Value::Recording(url.to_string()));
                } else if *optional && lex.is_skip(&lang, trimmed) {
                    self.s
                        .vars
                        .insert(store.clone(), Value::Arg(Arg::Label("text-skipped".into())));
                } else if trimmed.is_empty() {
                    return Err(Miss::Say("not-understood"));
                } else {
                    let kept: String = trimmed.chars().take(MAX_TEXT_CHARS).collect();
                    self.s.vars.insert(store.clone(), Value::Text(kept));
                }
                self.advance(next.clone());
            }
            NodeKind::Phone {
                store,
                next,
                optional,
            } => {
                let trimmed = input.trim();
                if *optional && lex.is_skip(&lang, trimmed) {
                    self.s.vars.remove(store);
                } else {
                    let phone = crate::domain::PhoneNumber::parse(trimmed)
                        .map_err(|_| Miss::Say("phone-not-understood"))?;
                    self.s
                        .vars
                        .insert(store.clone(), Value::Phone(phone.as_str().to_string()));
                }
                self.advance(next.clone());
            }
            NodeKind::Code { store, next } => {
                let words = lex.content_words(&lang, input).join(" ");
                let code = RefCode::parse(&words).ok_or(Miss::Say("code-not-understood"))?;
                self.s.vars.insert(store.clone(), Value::Code(code.value()));
                self.advance(next.clone());
            }
            NodeKind::List {
                items, store, next, ..
            } => {
                let list = match self.s.vars.get(items) {
                    Some(Value::Items(list)) => list.clone(),
                    _ => Vec::new(),
                };
                if lex.is_more(&lang, input) {
                    if (self.s.page + 1) * LIST_PAGE < list.len() {
                        self.s.page += 1;
                    } else {
                        self.say("list-no-more");
                    }
                    self.push_prompt(&node);
                    return Ok(());
                }
                let shown = ((self.s.page + 1) * LIST_PAGE).min(list.len());
                // Numbers go on across pages, so any number seen so far is valid.
                let i = lex
                    .choice(&lang, input, &[], 1, shown)
                    .ok_or(Miss::Say("not-understood"))?;
                self.s
                    .vars
                    .insert(store.clone(), Value::Item(list[i].clone()));
                self.advance(next.clone());
            }
            NodeKind::Effect { .. } | NodeKind::Say { .. } => {
                self.enter(Target::Node(self.s.at.clone()));
            }
        }
        Ok(())
    }

    fn lookup_commune(&mut self, input: &str, store: &str, next: &Target) -> Result<(), Miss> {
        let words = self
            .ctx
            .lexicon
            .content_words(&self.lang(), input)
            .join(" ");
        match self.ctx.communes.lookup(&words) {
            CommuneLookup::One(c) => {
                let insee = c.insee.clone();
                self.commune_chosen(store, next, insee, true)
            }
            CommuneLookup::Many(list) => {
                self.s.pending = Pending::PickCommune {
                    candidates: list.iter().map(|c| c.insee.clone()).collect(),
                };
                self.s.page = 0;
                self.push_commune_pick();
                Ok(())
            }
            CommuneLookup::None => Err(Miss::Say("commune-unknown")),
        }
    }

    fn pick_commune(&mut self, input: &str, candidates: &[String]) -> Result<(), Miss> {
        let lex = self.ctx.lexicon;
        let lang = self.lang();
        let Some(NodeKind::Commune { store, next, .. }) = self.node().map(|n| n.kind) else {
            self.s.pending = Pending::None;
            self.enter(Target::Node(self.s.at.clone()));
            return Ok(());
        };
        if lex.is_more(&lang, input) {
            if (self.s.page + 1) * COMMUNE_PAGE < candidates.len() {
                self.s.page += 1;
            } else {
                self.say("list-no-more");
            }
            self.push_commune_pick();
            return Ok(());
        }
        let shown = ((self.s.page + 1) * COMMUNE_PAGE).min(candidates.len());
        let words = lex.content_words(&lang, input);
        // A number ("2", "deux") picks from the list; a name or a new postal code is a new search.
        let is_postal =
            words.len() == 1 && words[0].len() >= 4 && words[0].chars().all(|c| c.is_ascii_digit());
        let picked = (!is_postal)
            .then(|| lex.choice(&lang, input, &[], 1, shown))
            .flatten();
        if picked.is_none() {
            if let Some(i) = candidates[..shown].iter().position(|insee| {
                self.ctx
                    .communes
                    .by_insee(insee)
                    .is_some_and(|c| crate::domain::text::fold(&c.name) == words.join(" "))
            }) {
                let insee = candidates[i].clone();
                return self.commune_chosen(&store, &next, insee, true);
            }
            return self.lookup_commune(input, &store, &next);
        }
        let i = picked.ok_or(Miss::Say("not-understood"))?;
        let insee = candidates[i].clone();
        self.commune_chosen(&store, &next, insee, true)
    }

    /// A commune was understood: by voice, read it back first ("Rumilly, 74 150. C'est bien ça ?").
    fn commune_chosen(
        &mut self,
        store: &str,
        next: &Target,
        insee: String,
        confirm: bool,
    ) -> Result<(), Miss> {
        if confirm && self.ctx.read_back {
            let mut args = Args::new();
            args.insert("commune".into(), Arg::Commune(insee.clone()));
            let code = self
                .ctx
                .communes
                .by_insee(&insee)
                .and_then(|c| c.postal_codes.first().cloned())
                .unwrap_or_default();
            args.insert("postal_code".into(), Arg::Digits(code));
            self.s.pending = Pending::ConfirmCommune { insee };
            self.outputs.push(Output::Prompt(Prompt {
                node: self.s.at.clone(),
                text: Text::with("commune-confirm", args),
                choices: yes_no_choices(),
                more: false,
                expect: Expect::YesNo,
            }));
            return Ok(());
        }
        self.s.pending = Pending::None;
        self.s.page = 0;
        self.effects.push(Effect::RememberCommune(insee.clone()));
        self.s.vars.insert(store.to_string(), Value::Commune(insee));
        self.advance(next.clone());
        Ok(())
    }

    fn on_result(&mut self, result: EffectResult) {
        if self.s.pending != Pending::Effect {
            return;
        }
        self.s.pending = Pending::None;
        let Some(node) = self.node() else {
            self.go_idle();
            return;
        };
        let NodeKind::Effect { outcomes, .. } = &node.kind else {
            self.enter(Target::Node(self.s.at.clone()));
            return;
        };
        self.s.vars.extend(result.vars);
        match outcomes.get(&result.outcome) {
            Some(t) => self.enter(t.clone()),
            None => {
                self.say("error");
                self.go_idle();
            }
        }
    }

    /// Moves on after an answer: back to where a "change" came from, or to `next`.
    fn advance(&mut self, next: Target) {
        match self.s.return_to.take() {
            Some(back) => self.enter(Target::Node(back)),
            None => self.enter(next),
        }
    }

    /// Goes to a node, saying what it says, until a question or an effect stops the walk.
    fn enter(&mut self, mut target: Target) {
        for _ in 0..MAX_HOPS {
            let at = match target {
                Target::End => {
                    self.go_idle();
                    return;
                }
                Target::Node(at) => at,
            };
            let Some(node) = self.ctx.flows.node(&at).cloned() else {
                self.say("error");
                self.go_idle();
                return;
            };
            self.s.at = at.clone();
            self.s.idle = false;
            if !node.only.is_empty() && !node.only.iter().any(|c| c == self.ctx.channel) {
                // A question for other channels (the kiosk's phone number): skip it.
                match node.targets().first() {
                    Some(t) => {
                        target = (*t).clone();
                        continue;
                    }
                    None => {
                        self.go_idle();
                        return;
                    }
                }
            }
            match &node.kind {
                NodeKind::Say { next } => {
                    if let Some(msg) = &node.ask {
                        self.outputs
                            .push(Output::Say(Text::with(msg, self.s.args())));
                    }
                    target = next.clone();
                }
                NodeKind::Effect { effect, .. } => {
                    self.s.pending = Pending::Effect;
                    self.effects.push(Effect::Run {
                        kind: *effect,
                        vars: self.s.vars.clone(),
                    });
                    return;
                }
                _ => {
                    if self.s.history.last() != Some(&at) {
                        self.s.history.push(at.clone());
                        if self.s.history.len() > 12 {
                            self.s.history.remove(0);
                        }
                    }
                    self.s.misses = 0;
                    self.s.page = 0;
                    self.s.pending = Pending::None;
                    self.push_prompt(&node);
                    return;
                }
            }
        }
        // A loop of nodes that ask nothing: stop, say so plainly, start again.
        self.say("error");
        self.go_idle();
    }

    fn ask_again(&mut self) {
        if let Pending::PickCommune { .. } = self.s.pending {
            self.push_commune_pick();
            return;
        }
        match self.node() {
            Some(node) if node.is_question() => self.push_prompt(&node),
            _ => self.enter(Target::Node(self.home())),
        }
    }

    fn push_prompt(&mut self, node: &Node) {
        let args = self.s.args();
        let ask = node.ask.clone().unwrap_or_default();
        let at = self.s.at.clone();
        let prompt = match &node.kind {
            NodeKind::Choice { choices, .. } => Prompt {
                node: at,
                text: Text::with(&ask, args),
                choices: choices_of(choices),
                more: false,
                expect: Expect::Choice,
            },
            NodeKind::Confirm { .. } => Prompt {
                node: at,
                text: Text::with(&ask, args),
                choices: yes_no_choices(),
                more: false,
                expect: Expect::YesNo,
            },
            NodeKind::Commune { ask_known, .. } => {
                let text = match (ask_known, self.ctx.known_commune) {
                    (Some(k), Some(known)) => {
                        let mut args = args;
                        args.insert("known".into(), Arg::Commune(known.to_string()));
                        Text::with(k, args)
                    }
                    _ => Text::with(&ask, args),
                };
                Prompt {
                    node: at,
                    text,
                    choices: Vec::new(),
                    more: false,
                    expect: Expect::Commune,
                }
            }
            NodeKind::Text { optional, .. } => Prompt {
                node: at,
                text: Text::with(&ask, args),
                choices: Vec::new(),
                more: false,
                expect: Expect::Text {
                    optional: *optional,
                },
            },
            NodeKind::Phone { optional, .. } => Prompt {
                node: at,
                text: Text::with(&ask, args),
                choices: Vec::new(),
                more: false,
                expect: Expect::Phone {
                    optional: *optional,
                },
            },
            NodeKind::Code { .. } => Prompt {
                node: at,
                text: Text::with(&ask, args),
                choices: Vec::new(),
                more: false,
                expect: Expect::Code,
            },
            NodeKind::List { items, item, .. } => {
                let list: Vec<Item> = match self.s.vars.get(items) {
                    Some(Value::Items(list)) => list.clone(),
                    _ => Vec::new(),
                };
                let first = self.s.page * LIST_PAGE;
                let choices = list
                    .iter()
                    .enumerate()
                    .skip(first)
                    .take(LIST_PAGE)
                    .map(|(i, it)| PromptChoice {
                        number: i + 1,
                        key: it.id.clone(),
                        label: Text::with(item, it.args.clone()),
                    })
                    .collect();
                Prompt {
                    node: at,
                    text: Text::with(&ask, args),
                    choices,
                    more: first + LIST_PAGE < list.len(),
                    expect: Expect::Choice,
                }
            }
            NodeKind::Effect { .. } | NodeKind::Say { .. } => return,
        };
        self.outputs.push(Output::Prompt(prompt));
    }

    fn push_commune_pick(&mut self) {
        let Pending::PickCommune { candidates } = &self.s.pending else {
            return;
        };
        let first = self.s.page * COMMUNE_PAGE;
        let choices = candidates
            .iter()
            .enumerate()
            .skip(first)
            .take(COMMUNE_PAGE)
            .map(|(i, insee)| {
                let mut args = Args::new();
                args.insert("commune".into(), Arg::Commune(insee.clone()));
                let dep = self
                    .ctx
                    .communes
                    .by_insee(insee)
                    .map(|c| c.department.clone())
                    .unwrap_or_default();
                args.insert("department".into(), Arg::Text(dep));
                PromptChoice {
                    number: i + 1,
                    key: insee.clone(),
                    label: Text::with("commune-line", args),
                }
            })
            .collect();
        let mut args = Args::new();
        args.insert("count".into(), Arg::Number(candidates.len() as i64));
        self.outputs.push(Output::Prompt(Prompt {
            node: self.s.at.clone(),
            text: Text::with("commune-which", args),
            choices,
            more: first + COMMUNE_PAGE < candidates.len(),
            expect: Expect::Choice,
        }));
    }
}

/// The numbered choices of a `choice` node, as every channel shows them.
pub fn choices_of(choices: &[crate::engine::model::Choice]) -> Vec<PromptChoice> {
    choices
        .iter()
        .enumerate()
        .map(|(i, c)| PromptChoice {
            number: i + 1,
            key: c.key.clone(),
            label: Text::new(&c.label),
        })
        .collect()
}

/// 1 yes, 2 no.
pub fn yes_no_choices() -> Vec<PromptChoice> {
    vec![
        PromptChoice {
            number: 1,
            key: "yes".into(),
            label: Text::new("answer-yes"),
        },
        PromptChoice {
            number: 2,
            key: "no".into(),
            label: Text::new("answer-no"),
        },
    ]
}

/// Every Fluent id the engine itself uses (beyond those the flows name).
pub const ENGINE_MESSAGES: &[&str] = &[
    "welcome",
    "welcome-back",
    "welcome-back-doing",
    "emergency",
    "info",
    "not-understood",
    "not-understood-yes-no",
    "commune-unknown",
    "commune-which",
    "commune-line",
    "code-not-understood",
    "list-no-more",
    "callback-offer",
    "callback-promised",
    "callback-declined",
    "language-changed",
    "answer-yes",
    "answer-no",
    "text-skipped",
    "not-heard",
    "phone-not-understood",
    "commune-confirm",
    "voice-message",
    "error",
];

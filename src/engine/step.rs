//! The pure step: `step(ctx, session, input) -> Step` and `resume(ctx, session, result)`.
//!
//! No I/O, no clock, no randomness: the time comes in `Ctx::now`, data the flow needs comes
//! back through [`resume`] after the caller ran an [`Effect`]. Outputs are semantic (a
//! Fluent id with arguments, choices, what is expected) and each channel renders them.

use super::effects::Call;
use super::guard::Verdict;
use super::model::{Node, NodeKind, NodeRef, Target};
use super::session::{Arg, Args, Pending, Session, Value};
use super::understand::Global;
use crate::domain::RefCode;

pub use super::io::{
    Ctx, Effect, EffectResult, Expect, Input, Output, Prompt, PromptChoice, Step, Text,
};

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
/// The attribute of a question's message that says what would work as an answer.
pub const HINT: &str = "hint";
/// Longest free text kept from one message.
pub const MAX_TEXT_CHARS: usize = 300;

/// One step in progress: what node kinds (`engine::nodes`) read and move.
pub(super) struct Stepper<'a, 'c> {
    pub(super) ctx: &'a Ctx<'c>,
    pub(super) s: Session,
    pub(super) outputs: Vec<Output>,
    pub(super) effects: Vec<Effect>,
    escalate: bool,
}

/// Why an answer was not understood.
pub(super) enum Miss {
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

    pub(super) fn say(&mut self, msg: &str) {
        self.outputs.push(Output::Say(Text::new(msg)));
    }

    pub(super) fn at(&self) -> NodeRef {
        self.s.at.clone()
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
                && let Some(NodeKind::Text(text)) = self.node().map(|n| n.kind)
                && text.skip_on_silence(self)
            {
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
            self.s.prefilled.clear();
            // A whole request in one message opens what it asks for, filled in.
            if let Input::Text(t) = input
                && self.whole_message(t, fresh)
            {
                return;
            }
            if self.answer(input).is_err() {
                self.enter(Target::Node(self.home()));
            }
            return;
        }
        match self.s.pending.clone() {
            // Only a clear yes asks for a call-back; anything else may still be an answer to
            // the question, and the offer stands.
            Pending::CallbackOffer => match self.ctx.lexicon.yes_no(&self.lang(), text) {
                Some(true) => self.callback("stuck"),
                Some(false) => {
                    self.s.pending = Pending::None;
                    self.s.misses = 0;
                    self.say("callback-declined");
                    self.ask_again();
                }
                None => {
                    self.s.pending = Pending::None;
                    if self.answer(input).is_err() {
                        self.offer_callback();
                    }
                }
            },
            Pending::PickCommune { candidates, .. } => {
                let outcome = match self.node().map(|n| n.kind) {
                    Some(NodeKind::Commune(c)) => c.pick(self, text, &candidates),
                    _ => {
                        self.s.pending = Pending::None;
                        self.ask_again();
                        Ok(())
                    }
                };
                if let Err(m) = outcome {
                    self.miss(m);
                }
            }
            Pending::ConfirmCommune { insee } => {
                let outcome = match self.node().map(|n| n.kind) {
                    Some(NodeKind::Commune(c)) => c.confirm(self, text, insee),
                    _ => {
                        self.s.pending = Pending::None;
                        self.ask_again();
                        Ok(())
                    }
                };
                if let Err(m) = outcome {
                    self.miss(m);
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
            && let Some(NodeKind::Choice(c)) = self.node().map(|n| n.kind)
            && c.understood(self, input).is_some()
        {
            return false;
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

    /// A person will call back. What was understood stays: the call-back request carries it,
    /// and the person can also carry on where they were.
    fn callback(&mut self, reason: &str) {
        self.effects.push(Effect::Callback {
            reason: reason.to_string(),
            at: (!self.s.idle).then(|| self.s.at.clone()),
            known: self.s.args(),
        });
        self.say("callback-promised");
        self.s.pending = Pending::None;
        self.s.misses = 0;
    }

    fn offer_callback(&mut self) {
        self.s.pending = Pending::CallbackOffer;
        self.outputs.push(Output::Prompt(Prompt {
            node: self.s.at.clone(),
            text: Text::new("callback-offer"),
            choices: yes_no_choices(),
            more: false,
            expect: Expect::YesNo,
        }));
    }

    fn go_idle(&mut self) {
        self.s.return_to = None;
        self.s.idle = true;
        self.s.at = self.home();
        self.s.vars.clear();
        self.s.prefilled.clear();
        self.s.named_communes.clear();
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
            self.offer_callback();
            return;
        }
        let Miss::Say(msg) = m;
        self.say(msg);
        // What would work here ("Écrivez par exemple : jeudi"): the question's `.hint`, in
        // writing (the phone has its own ways, the kiosk's buttons show the choices).
        if matches!(self.ctx.channel, "sms" | "chat")
            && self.s.pending == Pending::None
            && let Some(node) = self.node()
            && matches!(node.kind, NodeKind::Choice(_) | NodeKind::List(_))
            && let Some(ask) = &node.ask
        {
            self.outputs
                .push(Output::Say(Text::new(&format!("{ask}.{HINT}"))));
        }
        self.ask_again();
    }

    fn node(&self) -> Option<Node> {
        self.ctx.flows.node(&self.s.at).cloned()
    }

    /// Understands an answer to the current question and moves on, or says why not.
    fn answer(&mut self, input: Input<'_>) -> Result<(), Miss> {
        let Some(node) = self.node() else {
            self.go_idle();
            self.enter(Target::Node(self.home()));
            return Ok(());
        };
        if let Input::Text(t) = input {
            // At the menu, a sentence may say the whole request.
            if self.s.at == self.home() && self.whole_message(t, false) {
                return Ok(());
            }
            if node.slot.is_some() && self.answer_with_slots(&node, t) {
                return Ok(());
            }
        }
        match node.kind.answer(self, input) {
            Err(miss) => match input {
                Input::Text(t) if node.slot.is_some() && self.answer_from_slot(&node, t) => Ok(()),
                _ => Err(miss),
            },
            Ok(()) => Ok(()),
        }
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
        let NodeKind::Effect(e) = &node.kind else {
            self.enter(Target::Node(self.s.at.clone()));
            return;
        };
        self.s.vars.extend(result.vars);
        match e.outcomes.get(&result.outcome) {
            Some(t) => self.enter(t.clone()),
            None => {
                self.say("error");
                self.go_idle();
            }
        }
    }

    /// Moves on after an answer: back to where a "change" came from, or to `next`.
    pub(super) fn advance(&mut self, next: Target) {
        match self.s.return_to.take() {
            Some(back) => self.enter(Target::Node(back)),
            None => self.enter(next),
        }
    }

    /// Goes to a node, saying what it says, until a question or an effect stops the walk.
    pub(super) fn enter(&mut self, mut target: Target) {
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
            if !node.for_channel(self.ctx.channel) {
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
                NodeKind::Say(say) => {
                    if let Some(msg) = &node.ask {
                        self.outputs
                            .push(Output::Say(Text::with(msg, self.s.args())));
                    }
                    target = say.next.clone();
                }
                NodeKind::Effect(e) => match Call::read(e.effect.name, &self.s.vars) {
                    Ok(call) => {
                        self.s.pending = Pending::Effect;
                        self.effects.push(Effect::Run(call));
                        return;
                    }
                    // `flows check` proves this cannot happen; if it does, say so plainly.
                    Err(_) => {
                        self.say("error");
                        self.go_idle();
                        return;
                    }
                },
                _ => {
                    // Already answered in the person's own words: move on.
                    if let Some(next) = self.filled_next(&node) {
                        target = next;
                        continue;
                    }
                    let named = std::mem::take(&mut self.s.named_communes);
                    if self.s.history.last() != Some(&at) {
                        self.s.history.push(at.clone());
                        if self.s.history.len() > 12 {
                            self.s.history.remove(0);
                        }
                    }
                    self.s.misses = 0;
                    self.s.page = 0;
                    self.s.pending = Pending::None;
                    // Several communes named in the message: which one, at once.
                    if let NodeKind::Commune(c) = &node.kind
                        && !named.is_empty()
                        && self.s.return_to.is_none()
                    {
                        c.offer(self, named, true);
                        return;
                    }
                    self.push_prompt(&node);
                    return;
                }
            }
        }
        // A loop of nodes that ask nothing: stop, say so plainly, start again.
        self.say("error");
        self.go_idle();
    }

    pub(super) fn ask_again(&mut self) {
        if let Pending::PickCommune { .. } = self.s.pending {
            super::nodes::commune::push_pick(self);
            return;
        }
        match self.node() {
            Some(node) if node.is_question() => self.push_prompt(&node),
            _ => self.enter(Target::Node(self.home())),
        }
    }

    fn push_prompt(&mut self, node: &Node) {
        let ask = node.ask.clone().unwrap_or_default();
        if let Some(prompt) = node.kind.prompt(self, &ask) {
            self.outputs.push(Output::Prompt(prompt));
        }
    }
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
    "commune-which-name",
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
    "question-noted",
];

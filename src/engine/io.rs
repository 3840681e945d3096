//! What goes into a step and what comes out: the person's input, the context the engine may
//! read, and the semantic outputs (texts, prompts) and effects each channel renders or runs.

use std::collections::BTreeMap;

use super::effects::Call;
use super::model::{Flows, NodeRef};
use super::session::{Args, Session, Value};
use super::understand::Lexicon;
use crate::domain::Communes;

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
    /// The person's local date (Europe/Paris): "demain", "jeudi" are read from it.
    pub today: jiff::civil::Date,
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
    /// Run an effect, with its inputs read from the session, and [`resume`] with its result.
    Run(Call),
    /// Record that a person should call this contact back, with where the conversation
    /// stood and what was understood so far (so nothing said is lost).
    Callback {
        reason: String,
        /// The question the person was at; `None` between flows.
        at: Option<NodeRef>,
        /// What the flow had understood, as it would be shown (`category`, `commune`…).
        known: Args,
    },
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

//! A conversation's state between two messages, and the values flows store in it.
//!
//! Serialized as JSON by the store; the engine reads and writes it, nothing else does.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::NodeRef;

/// An argument of a message, rendered by each channel in its own way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v", rename_all = "snake_case")]
pub enum Arg {
    /// Neutral text (an organisation's name, a mission's title).
    Text(String),
    /// Text the person typed, echoed back (shortened in SMS).
    Typed(String),
    /// A Fluent id, rendered in the person's language.
    Label(String),
    /// A commune by INSEE code: its name (transliterated in SMS).
    Commune(String),
    /// A reference code (grouped in writing, spelled out by voice).
    Code(u32),
    /// A day, `YYYY-MM-DD`, written out in words.
    Date(String),
    /// A count.
    Number(i64),
    /// Digits read in pairs by voice (`74 15 0`), written as they are.
    Digits(String),
    /// A phone number as people write it (`04 50 01 02 03`).
    Phone(String),
}

/// Named arguments of a message.
pub type Args = BTreeMap<String, Arg>;

/// One item of a list shown to the person (a mission, a request).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub args: Args,
}

/// A value a flow stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v", rename_all = "snake_case")]
pub enum Value {
    /// A choice: its key and its label's Fluent id.
    Choice {
        key: String,
        label: String,
    },
    Commune(String),
    Text(String),
    Code(u32),
    Items(Vec<Item>),
    Item(Item),
    /// A voice message, by its recording URL.
    Recording(String),
    /// A phone number, E.164.
    Phone(String),
    /// When, understood from the person's words: the urgency's key (`aujourd_hui`,
    /// `cette_semaine`, `pas_presse`) and the day asked for (`YYYY-MM-DD`, maybe `THH:MM`).
    Day {
        key: String,
        date: Option<String>,
    },
    /// Set by an effect: shown as-is.
    Arg(Arg),
}

/// What the session is waiting for besides the node's own question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum Pending {
    #[default]
    None,
    /// Which of these communes (INSEE codes)?
    PickCommune {
        candidates: Vec<String>,
        /// They share a name ("St-Gervais"), not a postal code.
        #[serde(default)]
        by_name: bool,
    },
    /// After 3 misses: would they like a person to call back?
    CallbackOffer,
    /// An effect was asked for; the session resumes with its result.
    Effect,
    /// By voice: is this (INSEE code) the commune they meant?
    ConfirmCommune { insee: String },
}

/// The state of one conversation (one contact with one relais).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub at: NodeRef,
    #[serde(default)]
    pub vars: BTreeMap<String, Value>,
    #[serde(default)]
    pub pending: Pending,
    /// Replies not understood in a row at this question.
    #[serde(default)]
    pub misses: u8,
    /// Page shown of a list or of a choice of communes.
    #[serde(default)]
    pub page: usize,
    /// Finished: the next message starts from the menu without scolding.
    #[serde(default)]
    pub idle: bool,
    /// The welcome was given.
    #[serde(default)]
    pub greeted: bool,
    /// Unix seconds of the last message received; 0 for none.
    #[serde(default)]
    pub last_seen: i64,
    /// Loop guard: what it needs to tell an auto-responder from a person (SMS only).
    #[serde(default)]
    pub guard: super::guard::Guard,
    /// Where to come back once the current question is answered (a summary's "change").
    #[serde(default)]
    pub return_to: Option<NodeRef>,
    /// Variables filled from a whole message rather than asked: their questions are skipped.
    #[serde(default)]
    pub prefilled: Vec<String>,
    /// Communes a whole message named ("St-Gervais" is five): the commune question offers
    /// them at once instead of asking.
    #[serde(default)]
    pub named_communes: Vec<String>,
    /// Questions visited, for RETOUR.
    #[serde(default)]
    pub history: Vec<NodeRef>,
    /// Language code (`fr`, `en`, `ar`).
    pub lang: String,
}

impl Session {
    /// A new conversation at the home node.
    pub fn new(home: NodeRef, lang: &str) -> Self {
        Self {
            at: home,
            vars: BTreeMap::new(),
            pending: Pending::None,
            misses: 0,
            page: 0,
            idle: true,
            greeted: false,
            last_seen: 0,
            guard: super::guard::Guard::default(),
            return_to: None,
            prefilled: Vec::new(),
            named_communes: Vec::new(),
            history: Vec::new(),
            lang: lang.to_string(),
        }
    }

    /// The arguments every message of this session can use: its variables, flattened.
    pub fn args(&self) -> Args {
        let mut args = Args::new();
        for (name, value) in &self.vars {
            match value {
                Value::Choice { label, key } => {
                    args.insert(name.clone(), Arg::Label(label.clone()));
                    args.insert(format!("{name}_key"), Arg::Text(key.clone()));
                }
                Value::Commune(insee) => {
                    args.insert(name.clone(), Arg::Commune(insee.clone()));
                }
                Value::Text(t) => {
                    args.insert(name.clone(), Arg::Typed(t.clone()));
                }
                Value::Code(c) => {
                    args.insert(name.clone(), Arg::Code(*c));
                }
                Value::Items(items) => {
                    args.insert(format!("{name}_count"), Arg::Number(items.len() as i64));
                }
                Value::Item(item) => {
                    for (k, v) in &item.args {
                        args.insert(format!("{name}_{k}"), v.clone());
                    }
                }
                Value::Arg(a) => {
                    args.insert(name.clone(), a.clone());
                }
                Value::Recording(_) => {
                    args.insert(name.clone(), Arg::Label("voice-message".into()));
                }
                Value::Phone(p) => {
                    args.insert(name.clone(), Arg::Phone(p.clone()));
                }
                Value::Day { key, date } => {
                    let shown = match date {
                        Some(d) => Arg::Date(d.clone()),
                        None => Arg::Label(format!("when-{key}")),
                    };
                    args.insert(name.clone(), shown);
                    args.insert(format!("{name}_key"), Arg::Text(key.clone()));
                }
            }
        }
        args
    }
}

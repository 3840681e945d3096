//! Node kinds: one module each, owning how it is read from a flow file, what it stores, how it
//! asks its question and how it understands the answer. The [`NodeKind`] enum is only the list
//! of kinds and the dispatch to their modules.

pub mod choice;
pub mod code;
pub mod commune;
pub mod confirm;
pub mod effect;
pub mod list;
pub mod phone;
pub mod say;
pub mod text;

use super::effects::Ty;
use super::model::Target;
use super::parse::{NodeParser, RawNode};
use super::step::{Input, Miss, Prompt, Stepper};

/// What a node does.
#[derive(Clone, Debug)]
pub enum NodeKind {
    /// Pick one of a few choices.
    Choice(choice::ChoiceNode),
    /// Yes or no.
    Confirm(confirm::ConfirmNode),
    /// A commune, from a postal code or a name.
    Commune(commune::CommuneNode),
    /// A few words; `optional` lets the person skip.
    Text(text::TextNode),
    /// A 6-digit reference code.
    Code(code::CodeNode),
    /// A phone number; `optional` lets the person skip.
    Phone(phone::PhoneNode),
    /// Pick one item of a list held in a variable, a few at a time.
    List(list::ListNode),
    /// Ask the outside world, then go on according to the outcome.
    Effect(effect::EffectNode),
    /// Say something, then go on (or end).
    Say(say::SayNode),
}

/// The kinds a flow file may name.
pub const KINDS: &str = "choice, confirm, commune, text, phone, code, list, effect, say";

impl NodeKind {
    /// Reads a node of kind `kind`; problems are reported through the parser.
    pub(super) fn parse(kind: &str, raw: &RawNode, p: &mut NodeParser<'_>) -> Option<Self> {
        Some(match kind {
            "choice" => NodeKind::Choice(choice::ChoiceNode::parse(raw, p)),
            "confirm" => NodeKind::Confirm(confirm::ConfirmNode::parse(raw, p)),
            "commune" => NodeKind::Commune(commune::CommuneNode::parse(raw, p)),
            "text" => NodeKind::Text(text::TextNode::parse(raw, p)),
            "code" => NodeKind::Code(code::CodeNode::parse(raw, p)),
            "phone" => NodeKind::Phone(phone::PhoneNode::parse(raw, p)),
            "list" => NodeKind::List(list::ListNode::parse(raw, p)),
            "effect" => NodeKind::Effect(effect::EffectNode::parse(raw, p)?),
            "say" => NodeKind::Say(say::SayNode::parse(raw, p)),
            _ => return None,
        })
    }

    /// True when this node waits for the person.
    pub fn is_question(&self) -> bool {
        !matches!(self, NodeKind::Effect(_) | NodeKind::Say(_))
    }

    /// Every transition out of this node.
    pub fn targets(&self) -> Vec<&Target> {
        match self {
            NodeKind::Choice(n) => n.targets(),
            NodeKind::Confirm(n) => vec![&n.yes, &n.no],
            NodeKind::Commune(commune::CommuneNode { next, .. })
            | NodeKind::Text(text::TextNode { next, .. })
            | NodeKind::Code(code::CodeNode { next, .. })
            | NodeKind::Phone(phone::PhoneNode { next, .. })
            | NodeKind::List(list::ListNode { next, .. })
            | NodeKind::Say(say::SayNode { next }) => vec![next],
            NodeKind::Effect(n) => n.outcomes.values().collect(),
        }
    }

    /// Every transition out of this node, to change.
    pub fn targets_mut(&mut self) -> Vec<&mut Target> {
        match self {
            NodeKind::Choice(n) => n.targets_mut(),
            NodeKind::Confirm(n) => vec![&mut n.yes, &mut n.no],
            NodeKind::Commune(commune::CommuneNode { next, .. })
            | NodeKind::Text(text::TextNode { next, .. })
            | NodeKind::Code(code::CodeNode { next, .. })
            | NodeKind::Phone(phone::PhoneNode { next, .. })
            | NodeKind::List(list::ListNode { next, .. })
            | NodeKind::Say(say::SayNode { next }) => vec![next],
            NodeKind::Effect(n) => n.outcomes.values_mut().collect(),
        }
    }

    /// The variable this node stores when answered, with its type.
    pub fn stores(&self) -> Option<(&str, Ty)> {
        match self {
            NodeKind::Choice(n) => n.store.as_deref().map(|s| (s, Ty::Key)),
            NodeKind::Commune(n) => Some((n.store.as_str(), Ty::Commune)),
            NodeKind::Text(n) => Some((n.store.as_str(), Ty::Words)),
            NodeKind::Code(n) => Some((n.store.as_str(), Ty::Code)),
            // A skipped number stores nothing: effects read it as optional.
            NodeKind::Phone(n) if n.optional => None,
            NodeKind::Phone(n) => Some((n.store.as_str(), Ty::Phone)),
            NodeKind::List(n) => Some((n.store.as_str(), Ty::Item)),
            NodeKind::Confirm(_) | NodeKind::Effect(_) | NodeKind::Say(_) => None,
        }
    }

    /// The variables this node needs before it can ask (a list's items).
    pub fn reads(&self) -> Vec<(&str, Ty)> {
        match self {
            NodeKind::List(n) => vec![(n.items.as_str(), Ty::Items)],
            _ => Vec::new(),
        }
    }

    /// Fluent ids this node uses besides its `ask`.
    pub fn message_ids(&self) -> Vec<&str> {
        match self {
            NodeKind::Choice(n) => n.choices.iter().map(|c| c.label.as_str()).collect(),
            NodeKind::Commune(n) => n.ask_known.iter().map(String::as_str).collect(),
            NodeKind::List(n) => vec![n.item.as_str()],
            _ => Vec::new(),
        }
    }

    /// The question this node asks, with the session's arguments.
    pub(super) fn prompt(&self, st: &Stepper<'_, '_>, ask: &str) -> Option<Prompt> {
        Some(match self {
            NodeKind::Choice(n) => n.prompt(st, ask),
            NodeKind::Confirm(n) => n.prompt(st, ask),
            NodeKind::Commune(n) => n.prompt(st, ask),
            NodeKind::Text(n) => n.prompt(st, ask),
            NodeKind::Code(n) => n.prompt(st, ask),
            NodeKind::Phone(n) => n.prompt(st, ask),
            NodeKind::List(n) => n.prompt(st, ask),
            NodeKind::Effect(_) | NodeKind::Say(_) => return None,
        })
    }

    /// Understands an answer to this node's question and moves on, or says why not.
    pub(super) fn answer(&self, st: &mut Stepper<'_, '_>, input: Input<'_>) -> Result<(), Miss> {
        match self {
            NodeKind::Choice(n) => n.answer(st, input),
            NodeKind::Confirm(n) => n.answer(st, input),
            NodeKind::Commune(n) => n.answer(st, input),
            NodeKind::Text(n) => n.answer(st, input),
            NodeKind::Code(n) => n.answer(st, input),
            NodeKind::Phone(n) => n.answer(st, input),
            NodeKind::List(n) => n.answer(st, input),
            NodeKind::Effect(_) | NodeKind::Say(_) => {
                let at = st.at();
                st.enter(Target::Node(at));
                Ok(())
            }
        }
    }
}

/// The text of an input: words, or nothing for silence and recordings.
pub(super) fn words<'a>(input: &Input<'a>) -> &'a str {
    match input {
        Input::Text(t) => t,
        Input::Silence | Input::Recording(_) => "",
    }
}

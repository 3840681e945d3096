//! The flow model: flows, nodes and their transitions, as loaded from `flows/*.toml`.

use std::collections::BTreeMap;

/// Where a session stands: a node of a flow.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct NodeRef {
    pub flow: String,
    pub node: String,
}

impl NodeRef {
    pub fn new(flow: &str, node: &str) -> Self {
        Self {
            flow: flow.to_string(),
            node: node.to_string(),
        }
    }
}

impl std::fmt::Display for NodeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.flow, self.node)
    }
}

/// Where a transition leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Node(NodeRef),
    /// The conversation is over for now; the next message starts from the home menu.
    End,
}

pub use super::nodes::NodeKind;
pub use super::nodes::choice::Choice;

/// What a person's own words may fill in a question without it being asked: a node names
/// its slot (`slot = "category"`), and a message that already says it ("m'emmener chez le
/// médecin jeudi à Sallanches") skips the question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The kind of help (a `choice` whose keys are the categories).
    Category,
    /// Where (a `commune` node).
    Commune,
    /// When (a `choice` whose keys are the urgencies).
    Day,
    /// A few words (a `text` node): the message itself.
    Details,
}

impl Slot {
    pub const ALL: [Slot; 4] = [Slot::Category, Slot::Commune, Slot::Day, Slot::Details];

    pub fn name(self) -> &'static str {
        match self {
            Slot::Category => "category",
            Slot::Commune => "commune",
            Slot::Day => "day",
            Slot::Details => "details",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What a whole message is for, that opens a flow (`intent = "help"` in its `[flow]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowIntent {
    Help,
    Offer,
    Follow,
    Language,
}

impl FlowIntent {
    pub const ALL: [FlowIntent; 4] = [
        FlowIntent::Help,
        FlowIntent::Offer,
        FlowIntent::Follow,
        FlowIntent::Language,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FlowIntent::Help => "help",
            FlowIntent::Offer => "offer",
            FlowIntent::Follow => "follow",
            FlowIntent::Language => "language",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.name() == name)
    }
}

/// One step of a flow.
#[derive(Clone, Debug)]
pub struct Node {
    pub id: String,
    pub line: usize,
    /// Fluent id of what is asked or said.
    pub ask: Option<String>,
    pub kind: NodeKind,
    /// SMS segments this prompt may take, per language (defaults come from the flows' file).
    pub sms_budget: BTreeMap<String, usize>,
    /// Channels this node is for (empty: all); elsewhere it is skipped.
    pub only: Vec<String>,
    /// What a person's words may fill here without the question being asked.
    pub slot: Option<Slot>,
}

impl Node {
    /// True when this node waits for the person.
    pub fn is_question(&self) -> bool {
        self.kind.is_question()
    }

    /// Every transition out of this node.
    pub fn targets(&self) -> Vec<&Target> {
        self.kind.targets()
    }

    /// Every Fluent id this node uses.
    pub fn message_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.ask.iter().map(String::as_str).collect();
        ids.extend(self.kind.message_ids());
        ids
    }

    /// True when this node is asked on a channel.
    pub fn for_channel(&self, channel: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|c| c == channel)
    }
}

/// One flow: a file of `flows/`.
#[derive(Clone, Debug)]
pub struct Flow {
    pub id: String,
    pub file: String,
    pub start: String,
    /// Fluent id naming what the person is doing in this flow ("demander de l'aide").
    pub title: String,
    /// Lexicon key of a command word that opens this flow from anywhere (`SUIVI`).
    pub keyword: Option<String>,
    /// Node reached when the command word comes with a reference code (`SUIVI 482915`).
    pub keyword_with_code: Option<String>,
    /// The command word opens this flow only between flows (at rest, at the menu), not in
    /// the middle of another question (`ANNULER` while confirming something else).
    pub keyword_at_rest: bool,
    /// A whole message with this intent opens this flow.
    pub intent: Option<FlowIntent>,
    pub nodes: BTreeMap<String, Node>,
    /// Node ids in the order the file declares them (for progress: "Étape 2 sur 4").
    pub order: Vec<String>,
}

impl Flow {
    /// The questions of this flow, in file order, that a given channel asks.
    pub fn questions(&self, channel: &str) -> Vec<&Node> {
        self.order
            .iter()
            .filter_map(|id| self.nodes.get(id))
            .filter(|n| n.is_question() && n.for_channel(channel))
            .collect()
    }
}

/// How the kiosk shows the flows' questions (`flows/kiosk.toml`): presentation data kept
/// beside the flows so renaming a node or a choice cannot silently lose it.
#[derive(Clone, Debug, Default)]
pub struct KioskHints {
    /// The pictogram of an answer, by choice key or list line's Fluent id.
    pub pictos: BTreeMap<String, String>,
    /// The pictogram of "no" on yes-or-no questions where "no" changes something.
    pub no_picto: BTreeMap<NodeRef, String>,
    /// Where each hint is written (for problems found later): its key (a choice key, a
    /// `flow:node`) → (file, line).
    pub lines: BTreeMap<String, (String, usize)>,
}

/// Every flow, checked.
#[derive(Clone, Debug)]
pub struct Flows {
    pub flows: BTreeMap<String, Flow>,
    /// The main menu: where new and finished conversations start.
    pub home: NodeRef,
    /// SMS budgets per language when a node names none.
    pub default_budget: BTreeMap<String, usize>,
    /// How the kiosk shows the questions.
    pub kiosk: KioskHints,
}

impl Flows {
    pub fn node(&self, at: &NodeRef) -> Option<&Node> {
        self.flows.get(&at.flow)?.nodes.get(&at.node)
    }

    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.flows.get(id)
    }

    /// SMS budget of a node for a language.
    pub fn budget(&self, node: &Node, lang: &str) -> usize {
        node.sms_budget
            .get(lang)
            .or_else(|| self.default_budget.get(lang))
            .copied()
            .unwrap_or(1)
    }

    /// The flow a whole message with this intent opens.
    pub fn for_intent(&self, intent: FlowIntent) -> Option<&Flow> {
        self.flows.values().find(|f| f.intent == Some(intent))
    }

    /// Every node, with its flow.
    pub fn nodes(&self) -> impl Iterator<Item = (&Flow, &Node)> {
        self.flows
            .values()
            .flat_map(|f| f.nodes.values().map(move |n| (f, n)))
    }

    /// Every Fluent id the flows use.
    pub fn message_ids(&self) -> Vec<(&Flow, &Node, &str)> {
        let mut out = Vec::new();
        for f in self.flows.values() {
            for n in f.nodes.values() {
                for id in n.message_ids() {
                    out.push((f, n, id));
                }
            }
        }
        out
    }
}

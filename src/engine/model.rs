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

/// One choice of a `choice` node.
#[derive(Clone, Debug)]
pub struct Choice {
    pub key: String,
    /// Fluent id of the label; its `.synonyms` attribute lists other words for it.
    pub label: String,
    pub next: Target,
    /// After the question at `next` is answered, come back here (a summary's "change").
    pub then: Option<Target>,
    pub line: usize,
}

/// What an effect node asks the outside world to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EffectKind {
    FindMissions,
    SignUp,
    CreateHelpRequest,
    MyRequests,
    FindRequest,
    CancelRequest,
    SetLanguage,
    MySignups,
    CancelSignup,
}

impl EffectKind {
    pub const ALL: [EffectKind; 9] = [
        EffectKind::FindMissions,
        EffectKind::SignUp,
        EffectKind::CreateHelpRequest,
        EffectKind::MyRequests,
        EffectKind::FindRequest,
        EffectKind::CancelRequest,
        EffectKind::SetLanguage,
        EffectKind::MySignups,
        EffectKind::CancelSignup,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EffectKind::FindMissions => "find_missions",
            EffectKind::SignUp => "sign_up",
            EffectKind::CreateHelpRequest => "create_help_request",
            EffectKind::MyRequests => "my_requests",
            EffectKind::FindRequest => "find_request",
            EffectKind::CancelRequest => "cancel_request",
            EffectKind::SetLanguage => "set_language",
            EffectKind::MySignups => "my_signups",
            EffectKind::CancelSignup => "cancel_signup",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The outcomes this effect can resume with; an effect node must route each of them.
    pub fn outcomes(self) -> &'static [&'static str] {
        match self {
            EffectKind::FindMissions | EffectKind::MyRequests => &["found", "none"],
            EffectKind::SignUp => &["done", "done_no_reminder", "done_no_sms", "already", "full"],
            EffectKind::MySignups => &["none", "one", "several"],
            EffectKind::CancelSignup => &["done", "not_allowed"],
            EffectKind::CreateHelpRequest | EffectKind::SetLanguage => &["done"],
            EffectKind::FindRequest => &["found", "found_read_only", "not_found", "too_many"],
            EffectKind::CancelRequest => &["done", "not_allowed"],
        }
    }
}

/// What a node does.
#[derive(Clone, Debug)]
pub enum NodeKind {
    /// Pick one of a few choices.
    Choice {
        store: Option<String>,
        choices: Vec<Choice>,
    },
    /// Yes or no.
    Confirm { yes: Target, no: Target },
    /// A commune, from a postal code or a name.
    Commune {
        store: String,
        next: Target,
        ask_known: Option<String>,
    },
    /// A few words; `optional` lets the person skip.
    Text {
        store: String,
        next: Target,
        optional: bool,
    },
    /// A 6-digit reference code.
    Code { store: String, next: Target },
    /// A phone number; `optional` lets the person skip.
    Phone {
        store: String,
        next: Target,
        optional: bool,
    },
    /// Pick one item of a list held in a variable, a few at a time.
    List {
        items: String,
        item: String,
        store: String,
        next: Target,
    },
    /// Ask the outside world, then go on according to the outcome.
    Effect {
        effect: EffectKind,
        outcomes: BTreeMap<String, Target>,
    },
    /// Say something, then go on (or end).
    Say { next: Target },
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
}

impl Node {
    /// True when this node waits for the person.
    pub fn is_question(&self) -> bool {
        !matches!(self.kind, NodeKind::Effect { .. } | NodeKind::Say { .. })
    }

    /// Every transition out of this node, with the line that declares it.
    pub fn targets(&self) -> Vec<&Target> {
        match &self.kind {
            NodeKind::Choice { choices, .. } => choices
                .iter()
                .flat_map(|c| std::iter::once(&c.next).chain(c.then.as_ref()))
                .collect(),
            NodeKind::Confirm { yes, no } => vec![yes, no],
            NodeKind::Commune { next, .. }
            | NodeKind::Text { next, .. }
            | NodeKind::Code { next, .. }
            | NodeKind::Phone { next, .. }
            | NodeKind::List { next, .. }
            | NodeKind::Say { next } => vec![next],
            NodeKind::Effect { outcomes, .. } => outcomes.values().collect(),
        }
    }

    /// Every Fluent id this node uses.
    pub fn message_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.ask.iter().map(String::as_str).collect();
        match &self.kind {
            NodeKind::Choice { choices, .. } => {
                ids.extend(choices.iter().map(|c| c.label.as_str()))
            }
            NodeKind::Commune {
                ask_known: Some(k), ..
            } => ids.push(k),
            NodeKind::List { item, .. } => ids.push(item),
            _ => {}
        }
        ids
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
            .filter(|n| {
                n.is_question() && (n.only.is_empty() || n.only.iter().any(|c| c == channel))
            })
            .collect()
    }
}

/// Every flow, checked.
#[derive(Clone, Debug)]
pub struct Flows {
    pub flows: BTreeMap<String, Flow>,
    /// The main menu: where new and finished conversations start.
    pub home: NodeRef,
    /// SMS budgets per language when a node names none.
    pub default_budget: BTreeMap<String, usize>,
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

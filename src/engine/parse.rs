//! What a flow file holds, as read by serde, and the context node kinds parse themselves in
//! (resolving targets, reporting problems with file:line).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Spanned;

use super::load::FlowError;
use super::model::{NodeRef, Target};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIndex {
    pub home: Spanned<String>,
    #[serde(default)]
    pub sms_budget: BTreeMap<String, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub flow: RawHeader,
    pub nodes: BTreeMap<String, Spanned<RawNode>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHeader {
    pub id: String,
    pub start: Spanned<String>,
    pub title: String,
    pub keyword: Option<String>,
    pub keyword_with_code: Option<Spanned<String>>,
    #[serde(default)]
    pub keyword_at_rest: bool,
    /// What a whole message must be for to open this flow (`help`, `offer`, `follow`,
    /// `language`).
    pub intent: Option<Spanned<String>>,
}

/// Every field any node kind may have; each kind reads those it needs.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNode {
    pub kind: Spanned<String>,
    pub ask: Option<String>,
    pub ask_known: Option<String>,
    pub store: Option<String>,
    pub next: Option<Spanned<String>>,
    pub yes: Option<Spanned<String>>,
    pub no: Option<Spanned<String>>,
    pub optional: Option<bool>,
    pub choices: Option<Vec<Spanned<RawChoice>>>,
    pub effect: Option<Spanned<String>>,
    pub outcomes: Option<BTreeMap<String, Spanned<String>>>,
    pub items: Option<String>,
    pub item: Option<String>,
    pub sms_budget: Option<BTreeMap<String, usize>>,
    pub only: Option<Vec<String>>,
    /// What a person's own words may fill here without being asked (`category`, `commune`,
    /// `day`, `details`).
    pub slot: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChoice {
    pub key: String,
    pub label: String,
    pub next: Spanned<String>,
    pub then: Option<Spanned<String>>,
    /// The pictogram the kiosk shows on this choice's button.
    pub picto: Option<String>,
}

/// `kiosk.toml`: how the kiosk shows the flows' questions.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawKiosk {
    #[serde(default)]
    pub pictos: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub no: BTreeMap<String, Spanned<String>>,
}

/// Line (1-based) of a byte offset.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

/// Everything a node needs to read itself: its file, its id, the known nodes, the errors.
pub(super) struct NodeParser<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub flow: &'a str,
    pub id: &'a str,
    pub line: usize,
    pub flow_ids: &'a BTreeSet<String>,
    pub node_ids: &'a BTreeSet<NodeRef>,
    pub errors: &'a mut Vec<FlowError>,
}

impl NodeParser<'_> {
    pub fn err_at(&mut self, line: usize, message: impl Into<String>) {
        self.errors.push(FlowError {
            file: self.file.to_string(),
            line,
            message: message.into(),
        });
    }

    pub fn err(&mut self, message: impl Into<String>) {
        let line = self.line;
        self.err_at(line, message);
    }

    pub fn line_of<T>(&self, s: &Spanned<T>) -> usize {
        line_of(self.text, s.span().start)
    }

    /// A target as written (`end`, `node`, `flow`, `flow:node`), checked.
    pub fn resolve(&mut self, raw: &Spanned<String>) -> Target {
        let line = self.line_of(raw);
        let value = raw.get_ref().as_str();
        if value == "end" {
            return Target::End;
        }
        let target = match value.split_once(':') {
            Some((f, n)) => NodeRef::new(f, n),
            None if self.flow_ids.contains(value)
                && !self.node_ids.contains(&NodeRef::new(self.flow, value)) =>
            {
                // A flow's name alone means its start, filled in once every flow is read.
                return Target::Node(NodeRef::new(value, "@start"));
            }
            None => NodeRef::new(self.flow, value),
        };
        if !self.node_ids.contains(&target) {
            self.err_at(line, format!("unknown target node \"{value}\""));
        }
        Target::Node(target)
    }

    /// A target the node cannot do without.
    pub fn need(&mut self, what: &str, v: Option<&Spanned<String>>) -> Target {
        match v {
            Some(v) => self.resolve(v),
            None => {
                let id = self.id.to_string();
                self.err(format!("node \"{id}\" needs `{what}`"));
                Target::End
            }
        }
    }

    /// A variable name the node cannot do without.
    pub fn store(&mut self, raw: &RawNode) -> String {
        raw.store.clone().unwrap_or_else(|| {
            let id = self.id.to_string();
            self.err(format!("node \"{id}\" needs `store`"));
            String::new()
        })
    }

    /// Another field the node cannot do without.
    pub fn field(&mut self, value: Option<&String>, what: &str) -> String {
        value.cloned().unwrap_or_else(|| {
            let id = self.id.to_string();
            self.err(format!("node \"{id}\" needs `{what}`"));
            String::new()
        })
    }
}

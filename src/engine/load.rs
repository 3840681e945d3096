//! Loads `flows/*.toml` into a [`Flows`] and checks its structure.
//!
//! Every error carries `file:line`. Structural checks: unknown kinds, fields, effects and
//! targets; duplicate choice keys; unreachable nodes; dead ends (nodes from which the
//! conversation can neither end nor get back to the main menu); loops with no question.
//! Message ids and SMS budgets are checked one layer up (`crate::flowcheck`), where the
//! locales are known.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::path::Path;

use include_dir::{Dir, include_dir};
use serde::Deserialize;
use toml::Spanned;

use super::model::{Choice, EffectKind, Flow, Flows, Node, NodeKind, NodeRef, Target};

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/flows");

/// The index file: which node is home, default SMS budgets.
pub const INDEX_FILE: &str = "index.toml";

/// One problem in the flows, at a place in a file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FlowError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndex {
    home: Spanned<String>,
    #[serde(default)]
    sms_budget: BTreeMap<String, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    flow: RawHeader,
    nodes: BTreeMap<String, Spanned<RawNode>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    id: String,
    start: Spanned<String>,
    title: String,
    keyword: Option<String>,
    keyword_with_code: Option<Spanned<String>>,
    #[serde(default)]
    keyword_at_rest: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNode {
    kind: Spanned<String>,
    ask: Option<String>,
    ask_known: Option<String>,
    store: Option<String>,
    next: Option<Spanned<String>>,
    yes: Option<Spanned<String>>,
    no: Option<Spanned<String>>,
    optional: Option<bool>,
    choices: Option<Vec<Spanned<RawChoice>>>,
    effect: Option<Spanned<String>>,
    outcomes: Option<BTreeMap<String, Spanned<String>>>,
    items: Option<String>,
    item: Option<String>,
    sms_budget: Option<BTreeMap<String, usize>>,
    only: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    key: String,
    label: String,
    next: Spanned<String>,
    then: Option<Spanned<String>>,
}

/// Line (1-based) of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

/// The flows compiled into the binary.
pub fn load_embedded() -> Result<Flows, Vec<FlowError>> {
    let mut files = Vec::new();
    for f in EMBEDDED.files() {
        if f.path().extension().is_some_and(|e| e == "toml") {
            let name = f.path().to_string_lossy().to_string();
            files.push((name, f.contents_utf8().unwrap_or_default().to_string()));
        }
    }
    load_sources(files)
}

/// The flows of a folder (its `*.toml` files, not its subfolders).
pub fn load_dir(dir: &Path) -> Result<Flows, Vec<FlowError>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        vec![FlowError {
            file: dir.display().to_string(),
            line: 0,
            message: format!("cannot read the folder: {e}"),
        }]
    })?;
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push((name, text)),
                Err(e) => {
                    return Err(vec![FlowError {
                        file: path.display().to_string(),
                        line: 0,
                        message: format!("cannot read: {e}"),
                    }]);
                }
            }
        }
    }
    load_sources(files)
}

struct Loader {
    errors: Vec<FlowError>,
}

impl Loader {
    fn err(&mut self, file: &str, line: usize, message: impl Into<String>) {
        self.errors.push(FlowError {
            file: file.to_string(),
            line,
            message: message.into(),
        });
    }
}

/// Loads flows from `(file name, text)` pairs: one `index.toml` and one file per flow.
pub fn load_sources(mut files: Vec<(String, String)>) -> Result<Flows, Vec<FlowError>> {
    files.sort();
    let mut l = Loader { errors: Vec::new() };
    let mut index: Option<(String, String, RawIndex)> = None;
    let mut raws: Vec<(String, String, RawFile)> = Vec::new();
    for (file, text) in files {
        if file.ends_with(INDEX_FILE) {
            match toml::from_str::<RawIndex>(&text) {
                Ok(raw) => index = Some((file, text, raw)),
                Err(e) => {
                    let line = e.span().map(|s| line_of(&text, s.start)).unwrap_or(1);
                    l.err(&file, line, e.message().to_string());
                }
            }
            continue;
        }
        match toml::from_str::<RawFile>(&text) {
            Ok(raw) => raws.push((file, text, raw)),
            Err(e) => {
                let line = e.span().map(|s| line_of(&text, s.start)).unwrap_or(1);
                l.err(&file, line, e.message().to_string());
            }
        }
    }
    let Some((index_file, index_text, index)) = index else {
        l.err(
            INDEX_FILE,
            0,
            "missing: it names the home node (home = \"main:menu\")",
        );
        return Err(l.errors);
    };
    let flow_ids: BTreeSet<String> = raws.iter().map(|(_, _, r)| r.flow.id.clone()).collect();
    let mut node_ids: BTreeSet<NodeRef> = BTreeSet::new();
    for (_, _, raw) in &raws {
        for id in raw.nodes.keys() {
            node_ids.insert(NodeRef::new(&raw.flow.id, id));
        }
    }
    let resolve =
        |l: &mut Loader, file: &str, text: &str, flow: &str, raw: &Spanned<String>| -> Target {
            let line = line_of(text, raw.span().start);
            let value = raw.get_ref().as_str();
            if value == "end" {
                return Target::End;
            }
            let target = match value.split_once(':') {
                Some((f, n)) => NodeRef::new(f, n),
                None if flow_ids.contains(value)
                    && !node_ids.contains(&NodeRef::new(flow, value)) =>
                {
                    // a flow's name alone means its start
                    return Target::Node(NodeRef::new(value, "@start"));
                }
                None => NodeRef::new(flow, value),
            };
            if !node_ids.contains(&target) {
                l.err(file, line, format!("unknown target node \"{value}\""));
            }
            Target::Node(target)
        };

    let mut flows = BTreeMap::new();
    for (file, text, raw) in &raws {
        let fid = raw.flow.id.clone();
        if flows.contains_key(&fid) {
            l.err(file, 1, format!("flow \"{fid}\" is defined twice"));
            continue;
        }
        let start_line = line_of(text, raw.flow.start.span().start);
        if !raw.nodes.contains_key(raw.flow.start.get_ref()) {
            l.err(
                file,
                start_line,
                format!("unknown start node \"{}\"", raw.flow.start.get_ref()),
            );
        }
        let keyword_with_code = raw.flow.keyword_with_code.as_ref().map(|k| {
            if !raw.nodes.contains_key(k.get_ref()) {
                l.err(
                    file,
                    line_of(text, k.span().start),
                    format!("unknown node \"{}\"", k.get_ref()),
                );
            }
            k.get_ref().clone()
        });
        let mut nodes = BTreeMap::new();
        for (id, spanned) in &raw.nodes {
            let line = line_of(text, spanned.span().start);
            let n = spanned.get_ref();
            let kind_line = line_of(text, n.kind.span().start);
            let need = |l: &mut Loader, what: &str, v: Option<&Spanned<String>>| -> Target {
                match v {
                    Some(v) => resolve(l, file, text, &fid, v),
                    None => {
                        l.err(file, line, format!("node \"{id}\" needs `{what}`"));
                        Target::End
                    }
                }
            };
            let store = |l: &mut Loader| -> String {
                n.store.clone().unwrap_or_else(|| {
                    l.err(file, line, format!("node \"{id}\" needs `store`"));
                    String::new()
                })
            };
            let kind = match n.kind.get_ref().as_str() {
                "choice" => {
                    let mut choices = Vec::new();
                    let mut keys = BTreeSet::new();
                    for c in n.choices.iter().flatten() {
                        let cl = line_of(text, c.span().start);
                        let raw_c = c.get_ref();
                        if !keys.insert(raw_c.key.clone()) {
                            l.err(
                                file,
                                cl,
                                format!("duplicate choice key \"{}\" in node \"{id}\"", raw_c.key),
                            );
                        }
                        choices.push(Choice {
                            key: raw_c.key.clone(),
                            label: raw_c.label.clone(),
                            next: resolve(&mut l, file, text, &fid, &raw_c.next),
                            then: raw_c
                                .then
                                .as_ref()
                                .map(|t| resolve(&mut l, file, text, &fid, t)),
                            line: cl,
                        });
                    }
                    if choices.is_empty() {
                        l.err(file, line, format!("node \"{id}\" has no choices"));
                    }
                    NodeKind::Choice {
                        store: n.store.clone(),
                        choices,
                    }
                }
                "confirm" => NodeKind::Confirm {
                    yes: need(&mut l, "yes", n.yes.as_ref()),
                    no: need(&mut l, "no", n.no.as_ref()),
                },
                "commune" => NodeKind::Commune {
                    store: store(&mut l),
                    next: need(&mut l, "next", n.next.as_ref()),
                    ask_known: n.ask_known.clone(),
                },
                "text" => NodeKind::Text {
                    store: store(&mut l),
                    next: need(&mut l, "next", n.next.as_ref()),
                    optional: n.optional.unwrap_or(false),
                },
                "phone" => NodeKind::Phone {
                    store: store(&mut l),
                    next: need(&mut l, "next", n.next.as_ref()),
                    optional: n.optional.unwrap_or(false),
                },
                "code" => NodeKind::Code {
                    store: store(&mut l),
                    next: need(&mut l, "next", n.next.as_ref()),
                },
                "list" => NodeKind::List {
                    items: n.items.clone().unwrap_or_else(|| {
                        l.err(file, line, format!("node \"{id}\" needs `items`"));
                        String::new()
                    }),
                    item: n.item.clone().unwrap_or_else(|| {
                        l.err(
                            file,
                            line,
                            format!("node \"{id}\" needs `item` (the Fluent id of one line)"),
                        );
                        String::new()
                    }),
                    store: store(&mut l),
                    next: need(&mut l, "next", n.next.as_ref()),
                },
                "effect" => {
                    let effect = match &n.effect {
                        Some(e) => match EffectKind::parse(e.get_ref()) {
                            Some(k) => k,
                            None => {
                                let known: Vec<&str> =
                                    EffectKind::ALL.iter().map(|k| k.name()).collect();
                                l.err(
                                    file,
                                    line_of(text, e.span().start),
                                    format!(
                                        "unknown effect \"{}\" (known: {})",
                                        e.get_ref(),
                                        known.join(", ")
                                    ),
                                );
                                continue;
                            }
                        },
                        None => {
                            l.err(file, line, format!("node \"{id}\" needs `effect`"));
                            continue;
                        }
                    };
                    let mut outcomes = BTreeMap::new();
                    let raw_outcomes = n.outcomes.clone().unwrap_or_default();
                    for name in effect.outcomes() {
                        match raw_outcomes.get(*name) {
                            Some(t) => {
                                outcomes.insert(name.to_string(), resolve(&mut l, file, text, &fid, t));
                            }
                            None => l.err(
                                file,
                                line,
                                format!("effect node \"{id}\" does not say where outcome \"{name}\" goes"),
                            ),
                        }
                    }
                    for (name, t) in &raw_outcomes {
                        if !effect.outcomes().contains(&name.as_str()) {
                            l.err(
                                file,
                                line_of(text, t.span().start),
                                format!("effect \"{}\" has no outcome \"{name}\"", effect.name()),
                            );
                        }
                    }
                    NodeKind::Effect { effect, outcomes }
                }
                "say" => NodeKind::Say {
                    next: need(&mut l, "next", n.next.as_ref()),
                },
                other => {
                    l.err(
                        file,
                        kind_line,
                        format!("unknown kind \"{other}\" (choice, confirm, commune, text, phone, code, list, effect, say)"),
                    );
                    continue;
                }
            };
            let needs_ask = !matches!(kind, NodeKind::Effect { .. });
            if needs_ask && n.ask.is_none() {
                l.err(
                    file,
                    line,
                    format!("node \"{id}\" needs `ask` (a Fluent id)"),
                );
            }
            nodes.insert(
                id.clone(),
                Node {
                    id: id.clone(),
                    line,
                    ask: n.ask.clone(),
                    kind,
                    sms_budget: n.sms_budget.clone().unwrap_or_default(),
                    only: n.only.clone().unwrap_or_default(),
                },
            );
        }
        flows.insert(
            fid.clone(),
            Flow {
                id: fid,
                file: file.clone(),
                start: raw.flow.start.get_ref().clone(),
                title: raw.flow.title.clone(),
                keyword: raw.flow.keyword.clone(),
                keyword_with_code,
                keyword_at_rest: raw.flow.keyword_at_rest,
                order: {
                    let mut order: Vec<(usize, String)> = raw
                        .nodes
                        .iter()
                        .map(|(id, n)| (n.span().start, id.clone()))
                        .collect();
                    order.sort();
                    order.into_iter().map(|(_, id)| id).collect()
                },
                nodes,
            },
        );
    }
    // "@start" placeholders become the flow's start node.
    for flow in flows.values_mut() {
        for node in flow.nodes.values_mut() {
            for_each_target_mut(&mut node.kind, |t| {
                if let Target::Node(r) = t
                    && r.node == "@start"
                {
                    r.node = String::new();
                }
            });
        }
    }
    let starts: BTreeMap<String, String> = flows
        .iter()
        .map(|(k, f)| (k.clone(), f.start.clone()))
        .collect();
    for flow in flows.values_mut() {
        for node in flow.nodes.values_mut() {
            for_each_target_mut(&mut node.kind, |t| {
                if let Target::Node(r) = t
                    && r.node.is_empty()
                {
                    r.node = starts.get(&r.flow).cloned().unwrap_or_default();
                }
            });
        }
    }
    let home = match index.home.get_ref().split_once(':') {
        Some((f, n)) => NodeRef::new(f, n),
        None => NodeRef::new(
            index.home.get_ref(),
            starts.get(index.home.get_ref()).map_or("", |s| s),
        ),
    };
    let flows = Flows {
        flows,
        home,
        default_budget: index.sms_budget,
    };
    if flows.node(&flows.home).is_none() {
        l.err(
            &index_file,
            line_of(&index_text, index.home.span().start),
            format!("unknown home node \"{}\"", index.home.get_ref()),
        );
    }
    if l.errors.is_empty() {
        check_graph(&flows, &mut l);
    }
    if l.errors.is_empty() {
        Ok(flows)
    } else {
        l.errors.sort();
        Err(l.errors)
    }
}

fn for_each_target_mut(kind: &mut NodeKind, mut f: impl FnMut(&mut Target)) {
    match kind {
        NodeKind::Choice { choices, .. } => choices.iter_mut().for_each(|c| {
            f(&mut c.next);
            if let Some(t) = &mut c.then {
                f(t);
            }
        }),
        NodeKind::Confirm { yes, no } => {
            f(yes);
            f(no);
        }
        NodeKind::Commune { next, .. }
        | NodeKind::Text { next, .. }
        | NodeKind::Code { next, .. }
        | NodeKind::Phone { next, .. }
        | NodeKind::List { next, .. }
        | NodeKind::Say { next } => f(next),
        NodeKind::Effect { outcomes, .. } => outcomes.values_mut().for_each(f),
    }
}

fn successors(flows: &Flows, at: &NodeRef) -> Vec<Option<NodeRef>> {
    flows
        .node(at)
        .map(|n| {
            n.targets()
                .into_iter()
                .map(|t| match t {
                    Target::Node(r) => Some(r.clone()),
                    Target::End => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

fn check_graph(flows: &Flows, l: &mut Loader) {
    // Entry points: home, and the nodes that command words open.
    let mut entries = vec![flows.home.clone()];
    for f in flows.flows.values() {
        if f.keyword.is_some() {
            entries.push(NodeRef::new(&f.id, &f.start));
        }
        if let Some(k) = &f.keyword_with_code {
            entries.push(NodeRef::new(&f.id, k));
        }
    }
    let mut seen: BTreeSet<NodeRef> = BTreeSet::new();
    let mut queue: VecDeque<NodeRef> = entries.into_iter().collect();
    while let Some(at) = queue.pop_front() {
        if !seen.insert(at.clone()) {
            continue;
        }
        queue.extend(successors(flows, &at).into_iter().flatten());
    }
    // Ways out: nodes that can reach the end or the main menu.
    let all: Vec<NodeRef> = flows
        .nodes()
        .map(|(f, n)| NodeRef::new(&f.id, &n.id))
        .collect();
    let mut out: BTreeSet<NodeRef> = BTreeSet::new();
    out.insert(flows.home.clone());
    loop {
        let before = out.len();
        for at in &all {
            if out.contains(at) {
                continue;
            }
            if successors(flows, at)
                .iter()
                .any(|s| s.as_ref().is_none_or(|r| out.contains(r)))
            {
                out.insert(at.clone());
            }
        }
        if out.len() == before {
            break;
        }
    }
    for (f, n) in flows.nodes() {
        let at = NodeRef::new(&f.id, &n.id);
        if !seen.contains(&at) {
            l.err(&f.file, n.line, format!("unreachable node \"{}\"", n.id));
        } else if !out.contains(&at) {
            l.err(
                &f.file,
                n.line,
                format!(
                    "dead end: from node \"{}\" the conversation can never end nor reach the menu",
                    n.id
                ),
            );
        }
    }
    // Loops made only of nodes that ask nothing would spin forever.
    for (f, n) in flows.nodes() {
        if n.is_question() {
            continue;
        }
        let start = NodeRef::new(&f.id, &n.id);
        let mut stack = vec![start.clone()];
        let mut visited = BTreeSet::new();
        let mut looped = false;
        while let Some(at) = stack.pop() {
            for s in successors(flows, &at).into_iter().flatten() {
                if s == start {
                    looped = true;
                }
                let asks = flows.node(&s).is_none_or(Node::is_question);
                if !asks && visited.insert(s.clone()) {
                    stack.push(s);
                }
            }
        }
        if looped {
            l.err(
                &f.file,
                n.line,
                format!(
                    "node \"{}\" loops back to itself without asking anything",
                    n.id
                ),
            );
        }
    }
}

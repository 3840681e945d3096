//! Loads `flows/*.toml` into a [`Flows`]: reads the files, lets each node kind read its node
//! (`engine::nodes`), resolves targets, then runs the structural and contract checks
//! (`engine::check`). Every error carries `file:line`. Message ids and SMS budgets are checked
//! one layer up (`crate::flowcheck`), where the locales are known.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use super::model::{Flow, FlowIntent, Flows, KioskHints, Node, NodeKind, NodeRef, Slot, Target};
use super::nodes::KINDS;
use super::parse::{NodeParser, RawFile, RawIndex, RawKiosk, line_of};
use include_dir::{Dir, include_dir};

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/flows");

/// The index file: which node is home, default SMS budgets.
pub const INDEX_FILE: &str = "index.toml";
/// How the kiosk shows the questions (pictograms).
pub const KIOSK_FILE: &str = "kiosk.toml";

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
    let mut kiosk: Option<(String, String, RawKiosk)> = None;
    for (file, text) in files {
        if file.ends_with(KIOSK_FILE) {
            match toml::from_str::<RawKiosk>(&text) {
                Ok(raw) => kiosk = Some((file, text, raw)),
                Err(e) => {
                    let line = e.span().map(|s| line_of(&text, s.start)).unwrap_or(1);
                    l.err(&file, line, e.message().to_string());
                }
            }
            continue;
        }
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
            let mut p = NodeParser {
                file,
                text,
                flow: &fid,
                id,
                line,
                flow_ids: &flow_ids,
                node_ids: &node_ids,
                errors: &mut l.errors,
            };
            let Some(kind) = NodeKind::parse(n.kind.get_ref(), n, &mut p) else {
                if !KINDS.split(", ").any(|k| k == n.kind.get_ref()) {
                    let kind_line = line_of(text, n.kind.span().start);
                    l.err(
                        file,
                        kind_line,
                        format!("unknown kind \"{}\" ({KINDS})", n.kind.get_ref()),
                    );
                }
                continue;
            };
            let slot = n
                .slot
                .as_ref()
                .and_then(|s| match Slot::parse(s.get_ref()) {
                    Some(slot) => Some(slot),
                    None => {
                        l.err(
                            file,
                            line_of(text, s.span().start),
                            format!(
                                "unknown slot \"{}\" (category, commune, day, details)",
                                s.get_ref()
                            ),
                        );
                        None
                    }
                });
            if !matches!(kind, NodeKind::Effect(_)) && n.ask.is_none() {
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
                    slot,
                },
            );
        }
        let intent = raw.flow.intent.as_ref().and_then(|i| {
            let found = FlowIntent::parse(i.get_ref());
            if found.is_none() {
                l.err(
                    file,
                    line_of(text, i.span().start),
                    format!(
                        "unknown intent \"{}\" (help, offer, follow, language)",
                        i.get_ref()
                    ),
                );
            }
            found
        });
        flows.insert(
            fid.clone(),
            Flow {
                intent,
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
            for t in node.kind.targets_mut() {
                if let Target::Node(r) = t
                    && r.node == "@start"
                {
                    r.node = String::new();
                }
            }
        }
    }
    let starts: BTreeMap<String, String> = flows
        .iter()
        .map(|(k, f)| (k.clone(), f.start.clone()))
        .collect();
    for flow in flows.values_mut() {
        for node in flow.nodes.values_mut() {
            for t in node.kind.targets_mut() {
                if let Target::Node(r) = t
                    && r.node.is_empty()
                {
                    r.node = starts.get(&r.flow).cloned().unwrap_or_default();
                }
            }
        }
    }
    let home = match index.home.get_ref().split_once(':') {
        Some((f, n)) => NodeRef::new(f, n),
        None => NodeRef::new(
            index.home.get_ref(),
            starts.get(index.home.get_ref()).map_or("", |s| s),
        ),
    };
    let mut flows = Flows {
        flows,
        home,
        default_budget: index.sms_budget,
        kiosk: KioskHints::default(),
    };
    if let Some((file, text, raw)) = kiosk {
        flows.kiosk = kiosk_hints(&flows, &file, &text, raw, &mut l);
    }
    if flows.node(&flows.home).is_none() {
        l.err(
            &index_file,
            line_of(&index_text, index.home.span().start),
            format!("unknown home node \"{}\"", index.home.get_ref()),
        );
    }
    if l.errors.is_empty() {
        l.errors.extend(super::check::check(&flows));
    }
    if l.errors.is_empty() {
        Ok(flows)
    } else {
        l.errors.sort();
        Err(l.errors)
    }
}

/// Reads the kiosk's hints, checking every node and choice they name still exists.
fn kiosk_hints(flows: &Flows, file: &str, text: &str, raw: RawKiosk, l: &mut Loader) -> KioskHints {
    let mut hints = KioskHints::default();
    let mut known: BTreeSet<String> = ["yes", "no", "commune-line"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (_, n) in flows.nodes() {
        match &n.kind {
            NodeKind::Choice(c) => known.extend(c.choices.iter().map(|c| c.key.clone())),
            NodeKind::List(list) => {
                known.insert(list.item.clone());
            }
            _ => {}
        }
    }
    for (key, picto) in raw.pictos {
        let line = line_of(text, picto.span().start);
        if !known.contains(&key) {
            l.err(
                file,
                line,
                format!("no choice \"{key}\" in the flows: a presentation hint for nothing"),
            );
        }
        hints.lines.insert(key.clone(), (file.to_string(), line));
        hints.pictos.insert(key, picto.into_inner());
    }
    for (node, picto) in raw.no {
        let line = line_of(text, picto.span().start);
        let at = match node.split_once(':') {
            Some((f, n)) => NodeRef::new(f, n),
            None => NodeRef::new(&node, ""),
        };
        match flows.node(&at) {
            Some(n) if matches!(n.kind, NodeKind::Confirm(_)) => {}
            Some(_) => l.err(
                file,
                line,
                format!("node \"{node}\" is not a yes-or-no question"),
            ),
            None => l.err(
                file,
                line,
                format!("unknown node \"{node}\" in a presentation hint"),
            ),
        }
        hints.lines.insert(node.clone(), (file.to_string(), line));
        hints.no_picto.insert(at, picto.into_inner());
    }
    hints
}

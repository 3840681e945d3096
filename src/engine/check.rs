//! The checks a loaded [`Flows`] must pass, with `file:line` for each problem.
//!
//! Structure: every node reachable from an entry point (home, the command words), none a dead
//! end (it can end or get back to the menu), no loop of nodes that ask nothing. Contracts:
//! every way to an effect node stores the variables its effect requires, with the right type,
//! and every way to a list stores its items (a must-analysis over the flow graph); a chain of
//! effects without a question in between stays under [`MAX_EFFECT_CHAIN`] (the turn runs that
//! many at most); a node's slot suits its kind and its choices (a `day` slot's choices are the
//! urgencies a day understood from words becomes).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::effects::Ty;
use super::load::FlowError;
use super::model::{Flows, Node, NodeKind, NodeRef, Slot, Target};
use crate::domain::catalog::{CATEGORIES, URGENCIES};

/// Effects one turn may chain without asking anything.
pub const MAX_EFFECT_CHAIN: usize = 8;

/// Every problem found, sorted.
pub fn check(flows: &Flows) -> Vec<FlowError> {
    let mut errors = Vec::new();
    let mut err = |node: (&str, usize), message: String| {
        errors.push(FlowError {
            file: node.0.to_string(),
            line: node.1,
            message,
        })
    };
    structure(flows, &mut err);
    slots(flows, &mut err);
    contracts(flows, &mut err);
    chains(flows, &mut err);
    errors.sort();
    errors
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

/// Where conversations can start: home, and the nodes that command words open, with what is
/// stored on arrival (`SUIVI 482915` stores the code).
fn entries(flows: &Flows) -> Vec<(NodeRef, Stored)> {
    let mut entries = vec![(flows.home.clone(), Stored::new())];
    for f in flows.flows.values() {
        if f.keyword.is_some() {
            entries.push((NodeRef::new(&f.id, &f.start), Stored::new()));
        }
        if let Some(k) = &f.keyword_with_code {
            let mut code = Stored::new();
            code.insert("code".into(), Ty::Code);
            entries.push((NodeRef::new(&f.id, k), code));
        }
    }
    entries
}

fn structure(flows: &Flows, err: &mut impl FnMut((&str, usize), String)) {
    let mut seen: BTreeSet<NodeRef> = BTreeSet::new();
    let mut queue: VecDeque<NodeRef> = entries(flows).into_iter().map(|(n, _)| n).collect();
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
            if !out.contains(at)
                && successors(flows, at)
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
            err((&f.file, n.line), format!("unreachable node \"{}\"", n.id));
        } else if !out.contains(&at) {
            err(
                (&f.file, n.line),
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
            err(
                (&f.file, n.line),
                format!(
                    "node \"{}\" loops back to itself without asking anything",
                    n.id
                ),
            );
        }
    }
}

fn slots(flows: &Flows, err: &mut impl FnMut((&str, usize), String)) {
    for (f, n) in flows.nodes() {
        let Some(slot) = n.slot else { continue };
        let fits = match (slot, &n.kind) {
            (Slot::Category, NodeKind::Choice(c)) => {
                let unknown: Vec<&str> = c
                    .choices
                    .iter()
                    .map(|c| c.key.as_str())
                    .filter(|k| !CATEGORIES.contains(k))
                    .collect();
                if !unknown.is_empty() {
                    err(
                        (&f.file, n.line),
                        format!(
                            "slot \"category\": choices {unknown:?} are not categories ({})",
                            CATEGORIES.join(", ")
                        ),
                    );
                }
                true
            }
            (Slot::Day, NodeKind::Choice(c)) => {
                for k in URGENCIES {
                    if !c.choices.iter().any(|c| c.key == k) {
                        err(
                            (&f.file, n.line),
                            format!("slot \"day\": node \"{}\" needs a choice \"{k}\"", n.id),
                        );
                    }
                }
                c.choices
                    .iter()
                    .all(|c| URGENCIES.contains(&c.key.as_str()))
                    || {
                        err(
                            (&f.file, n.line),
                            format!(
                                "slot \"day\": the choices of node \"{}\" must be {}",
                                n.id,
                                URGENCIES.join(", ")
                            ),
                        );
                        true
                    }
            }
            (Slot::Commune, NodeKind::Commune(_)) | (Slot::Details, NodeKind::Text(_)) => true,
            _ => false,
        };
        if !fits {
            err(
                (&f.file, n.line),
                format!(
                    "slot \"{}\" does not suit node \"{}\": category and day go on a choice, commune on a commune, details on a text",
                    slot.name(),
                    n.id
                ),
            );
        }
    }
}

/// Variables surely stored at a point, with their type.
type Stored = BTreeMap<String, Ty>;

/// What arriving at each node surely finds stored, on every way there (`None`: not reached).
fn stored_on_arrival(flows: &Flows) -> BTreeMap<NodeRef, Stored> {
    let mut arrival: BTreeMap<NodeRef, Stored> = BTreeMap::new();
    let mut queue: VecDeque<NodeRef> = VecDeque::new();
    let meet = |arrival: &mut BTreeMap<NodeRef, Stored>, to: &NodeRef, s: &Stored| -> bool {
        match arrival.get_mut(to) {
            None => {
                arrival.insert(to.clone(), s.clone());
                true
            }
            Some(have) => {
                let before = have.len();
                have.retain(|k, t| s.get(k) == Some(t));
                have.len() != before
            }
        }
    };
    for (at, s) in entries(flows) {
        if meet(&mut arrival, &at, &s) {
            queue.push_back(at);
        }
    }
    while let Some(at) = queue.pop_front() {
        let (Some(node), Some(here)) = (flows.node(&at), arrival.get(&at).cloned()) else {
            continue;
        };
        for (to, added) in edges(flows, node) {
            let mut s = here.clone();
            s.extend(added);
            if meet(&mut arrival, &to, &s) {
                queue.push_back(to);
            }
        }
    }
    arrival
}

/// The ways out of a node, with what each stores.
fn edges(flows: &Flows, node: &Node) -> Vec<(NodeRef, Stored)> {
    // A node asked only on some channels may be skipped: it surely stores nothing.
    let stores: Stored = node
        .kind
        .stores()
        .filter(|_| node.only.is_empty())
        .map(|(v, t)| (v.to_string(), t))
        .into_iter()
        .collect();
    let to = |t: &Target| match t {
        Target::Node(r) => Some(r.clone()),
        Target::End => None,
    };
    let mut out = Vec::new();
    match &node.kind {
        NodeKind::Effect(e) => {
            for (name, t) in &e.outcomes {
                let writes: Stored = e
                    .effect
                    .outcome(name)
                    .map(|o| o.writes.iter().map(|(v, t)| (v.to_string(), *t)).collect())
                    .unwrap_or_default();
                out.extend(to(t).map(|r| (r, writes)));
            }
        }
        NodeKind::Choice(c) => {
            for choice in &c.choices {
                out.extend(to(&choice.next).map(|r| (r, stores.clone())));
                // "Change the commune" answers the commune question, then comes back here.
                if let (Some(Target::Node(back)), Target::Node(next)) = (&choice.then, &choice.next)
                    && let Some(asked) = flows.node(next)
                {
                    let added = asked
                        .kind
                        .stores()
                        .map(|(v, t)| (v.to_string(), t))
                        .into_iter()
                        .collect();
                    out.push((back.clone(), added));
                }
            }
        }
        _ => {
            for t in node.targets() {
                out.extend(to(t).map(|r| (r, stores.clone())));
            }
        }
    }
    out
}

fn contracts(flows: &Flows, err: &mut impl FnMut((&str, usize), String)) {
    let arrival = stored_on_arrival(flows);
    for (f, n) in flows.nodes() {
        let Some(here) = arrival.get(&NodeRef::new(&f.id, &n.id)) else {
            continue;
        };
        let mut needs: Vec<(&str, Ty, String)> = n
            .kind
            .reads()
            .into_iter()
            .map(|(v, t)| (v, t, format!("list \"{}\"", n.id)))
            .collect();
        if let NodeKind::Effect(e) = &n.kind {
            needs.extend(
                e.effect
                    .reads
                    .iter()
                    .filter(|r| r.required)
                    .map(|r| (r.var, r.ty, format!("effect \"{}\"", e.effect.name))),
            );
        }
        for (var, ty, who) in needs {
            match here.get(var) {
                Some(t) if *t == ty || ty == Ty::Shown => {}
                Some(t) => err(
                    (&f.file, n.line),
                    format!("{who} reads \"{var}\" as {ty:?}, but it is stored as {t:?}"),
                ),
                None => err(
                    (&f.file, n.line),
                    format!(
                        "{who} reads \"{var}\", which is not stored on every way to node \"{}\"",
                        n.id
                    ),
                ),
            }
        }
    }
}

fn chains(flows: &Flows, err: &mut impl FnMut((&str, usize), String)) {
    fn longest(flows: &Flows, at: &NodeRef, depth: usize) -> usize {
        let Some(node) = flows.node(at) else { return 0 };
        if node.is_question() || depth > MAX_EFFECT_CHAIN + 1 {
            return 0;
        }
        let here = usize::from(matches!(node.kind, NodeKind::Effect(_)));
        here + successors(flows, at)
            .into_iter()
            .flatten()
            .map(|s| longest(flows, &s, depth + here))
            .max()
            .unwrap_or(0)
    }
    for (f, n) in flows.nodes() {
        let at = NodeRef::new(&f.id, &n.id);
        if matches!(n.kind, NodeKind::Effect(_)) && longest(flows, &at, 0) > MAX_EFFECT_CHAIN {
            err(
                (&f.file, n.line),
                format!(
                    "more than {MAX_EFFECT_CHAIN} effects follow node \"{}\" without a question",
                    n.id
                ),
            );
        }
    }
}

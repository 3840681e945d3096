//! Test support for the pure engine: a real [`Ctx`] over the embedded flows, catalogues and
//! communes (loaded once), on Tuesday 1 December 2026 by SMS, and a [`Talk`] that drives
//! `step`/`resume`/`open` and reads what came out.

use std::sync::OnceLock;

use super::effects::{Call, Contract, Vars};
use super::model::{Flows, NodeKind, NodeRef};
use super::session::{Item, Session, Value};
use super::step::{self, Ctx, Effect, EffectResult, Input, Output, Prompt};
use crate::domain::Communes;
use crate::i18n::Locales;

struct Data {
    flows: Flows,
    locales: Locales,
    communes: Communes,
}

fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| Data {
        flows: super::load_embedded().expect("embedded flows load"),
        locales: Locales::embedded().expect("embedded catalogues load"),
        communes: Communes::embedded().expect("embedded communes load"),
    })
}

/// Tuesday 1 December 2026, 10:00 in Paris.
pub(crate) fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 12, 1)
}

/// A context as the SMS channel builds it, on [`today`].
pub(crate) fn ctx() -> Ctx<'static> {
    let d = data();
    Ctx {
        flows: &d.flows,
        lexicon: d.locales.lexicon(),
        communes: &d.communes,
        now: 1_796_115_600, // 2026-12-01T09:00:00Z
        known_commune: None,
        channel: "sms",
        read_back: false,
        offer_callback: true,
        today: today(),
        loop_guard: false,
    }
}

/// `flow:node`.
pub(crate) fn at(r: &str) -> NodeRef {
    let (flow, node) = r.split_once(':').unwrap_or(("main", r));
    NodeRef::new(flow, node)
}

/// An item of a list, with its id only.
pub(crate) fn item(id: &str) -> Item {
    Item {
        id: id.into(),
        args: Default::default(),
    }
}

/// Session variables, as flows would have stored them.
pub(crate) fn vars(list: &[(&str, Value)]) -> Vars {
    list.iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

/// A stored choice.
pub(crate) fn choice(key: &str) -> Value {
    Value::Choice {
        key: key.into(),
        label: format!("label-{key}"),
    }
}

/// Checks an effect's result against its contract: a declared outcome, writing exactly the
/// declared variables with their types, and routed by every flow node running the effect.
pub(crate) fn assert_fits(contract: &Contract, r: &EffectResult) {
    let spec = contract
        .outcome(&r.outcome)
        .unwrap_or_else(|| panic!("{} has no outcome {}", contract.name, r.outcome));
    let written: Vec<&str> = r.vars.keys().map(String::as_str).collect();
    let mut declared: Vec<&str> = spec.writes.iter().map(|(n, _)| *n).collect();
    declared.sort();
    assert_eq!(written, declared, "{}:{} writes", contract.name, r.outcome);
    for (name, ty) in spec.writes {
        assert!(ty.holds(&r.vars[*name]), "{name} is not a {ty:?}");
    }
    let mut nodes = 0;
    for (_, node) in data().flows.nodes() {
        if let NodeKind::Effect(e) = &node.kind
            && e.effect.name == contract.name
        {
            nodes += 1;
            assert!(
                e.outcomes.contains_key(&r.outcome),
                "{} unrouted",
                r.outcome
            );
        }
    }
    assert!(nodes > 0, "no flow runs {}", contract.name);
}

/// A conversation with the engine, one step at a time.
pub(crate) struct Talk {
    pub ctx: Ctx<'static>,
    pub s: Session,
    pub outputs: Vec<Output>,
    pub effects: Vec<Effect>,
    pub escalate: bool,
}

impl Talk {
    /// A person already greeted, at rest, writing in French by SMS.
    pub(crate) fn new() -> Self {
        Self::with(ctx())
    }

    pub(crate) fn with(ctx: Ctx<'static>) -> Self {
        let mut s = Session::new(ctx.flows.home.clone(), "fr");
        s.greeted = true;
        s.last_seen = ctx.now;
        Self {
            ctx,
            s,
            outputs: Vec::new(),
            effects: Vec::new(),
            escalate: false,
        }
    }

    /// The same person writing in another language.
    pub(crate) fn lang(mut self, lang: &str) -> Self {
        self.s.lang = lang.into();
        self
    }

    fn take(&mut self, st: step::Step) -> &mut Self {
        self.s = st.session;
        self.outputs = st.outputs;
        self.effects = st.effects;
        self.escalate = st.escalate;
        self
    }

    pub(crate) fn send(&mut self, text: &str) -> &mut Self {
        let st = step::step(&self.ctx, self.s.clone(), Input::Text(text));
        self.take(st)
    }

    /// Several messages in a row; the outputs are the last one's.
    pub(crate) fn sends(&mut self, texts: &[&str]) -> &mut Self {
        for t in texts {
            self.send(t);
        }
        self
    }

    pub(crate) fn input(&mut self, input: Input<'_>) -> &mut Self {
        let st = step::step(&self.ctx, self.s.clone(), input);
        self.take(st)
    }

    pub(crate) fn resume(&mut self, r: impl Into<EffectResult>) -> &mut Self {
        let st = step::resume(&self.ctx, self.s.clone(), r.into());
        self.take(st)
    }

    pub(crate) fn open(&mut self) -> &mut Self {
        let st = step::open(&self.ctx, self.s.clone());
        self.take(st)
    }

    /// Where the session stands (`flow:node`).
    pub(crate) fn stands(&self) -> String {
        format!("{}:{}", self.s.at.flow, self.s.at.node)
    }

    /// The last question asked.
    pub(crate) fn prompt(&self) -> Option<&Prompt> {
        self.outputs.iter().rev().find_map(|o| match o {
            Output::Prompt(p) => Some(p),
            Output::Say(_) => None,
        })
    }

    /// The message id of the last question asked.
    pub(crate) fn asked(&self) -> Option<&str> {
        self.prompt().map(|p| p.text.msg.as_str())
    }

    /// The message ids said (not asked).
    pub(crate) fn said(&self) -> Vec<&str> {
        self.outputs
            .iter()
            .filter_map(|o| match o {
                Output::Say(t) => Some(t.msg.as_str()),
                Output::Prompt(_) => None,
            })
            .collect()
    }

    /// The effect to run, if the step asked for one.
    pub(crate) fn run(&self) -> Option<&Call> {
        self.effects.iter().find_map(|e| match e {
            Effect::Run(c) => Some(c),
            _ => None,
        })
    }

    pub(crate) fn var(&self, name: &str) -> Option<&Value> {
        self.s.vars.get(name)
    }

    /// The key of a stored choice or day.
    pub(crate) fn key(&self, name: &str) -> Option<&str> {
        match self.var(name)? {
            Value::Choice { key, .. } | Value::Day { key, .. } => Some(key),
            _ => None,
        }
    }
}

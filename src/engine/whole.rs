//! A whole message, understood at once, in the pure step: what it is for opens the flow that
//! does it (`intent = …` in the flow's header), every question it already answers is filled
//! (the nodes' `slot`), and only what is missing is asked. A question the flows cannot answer
//! is passed to a person, and the message's language is the conversation's from the first.

use super::model::{FlowIntent, Node, NodeKind, NodeRef, Slot, Target};
use super::session::{Arg, Args, Value};
use super::step::{Effect, Stepper};
use super::understand::intent::Intent;
use super::understand::place::Place;
use super::understand::{Understood, read_message};

/// Words (besides politeness) a message needs to carry its own details.
const DETAILS_WORDS: usize = 6;

impl<'c> Stepper<'_, 'c> {
    /// The kinds of help: key and label of the choices of the question whose slot is the
    /// category, in the flow that asks for help.
    fn categories(&self) -> Vec<(String, String)> {
        let flows = self.ctx.flows;
        let Some(flow) = flows.for_intent(FlowIntent::Help) else {
            return Vec::new();
        };
        flow.nodes
            .values()
            .filter(|n| n.slot == Some(Slot::Category))
            .find_map(|n| match &n.kind {
                NodeKind::Choice(c) => Some(
                    c.choices
                        .iter()
                        .map(|c| (c.key.clone(), c.label.clone()))
                        .collect(),
                ),
                _ => None,
            })
            .unwrap_or_default()
    }

    pub(super) fn read(&self, text: &str) -> (Understood<'c>, Vec<(String, String)>) {
        let cats = self.categories();
        let pairs: Vec<(&str, &str)> = cats.iter().map(|(k, l)| (k.as_str(), l.as_str())).collect();
        let u = read_message(
            self.ctx.lexicon,
            self.ctx.communes,
            &self.s.lang,
            text,
            self.ctx.today,
            &pairs,
        );
        (u, cats)
    }

    /// A message at rest (a first message, a new one after a finished conversation): opens
    /// what it asks for, with every answer it holds. False when it is no more than an answer
    /// to the menu (or says nothing the flows know).
    pub(super) fn whole_message(&mut self, text: &str, first: bool) -> bool {
        // A greeting alone or a menu number ("1") says nothing more: no need to read it whole.
        let content = self.ctx.lexicon.content_words(&self.s.lang, text);
        if content.is_empty()
            || (content.len() == 1 && content[0].chars().all(|c| c.is_ascii_digit()))
        {
            return false;
        }
        let (u, cats) = self.read(text);
        let lang = u
            .switch
            .clone()
            .or_else(|| first.then(|| u.lang.clone()).flatten());
        if let Some(lang) = lang
            && lang != self.s.lang
            && self.ctx.lexicon.langs.contains_key(&lang)
        {
            self.s.lang = lang.clone();
            self.effects.push(Effect::Language(lang));
        }
        let flows = self.ctx.flows;
        let open = |intent| {
            flows
                .for_intent(intent)
                .map(|f| NodeRef::new(&f.id, &f.start))
        };
        let start = match &u.intent {
            Some(Intent::Help) => open(FlowIntent::Help),
            Some(Intent::Offer) => open(FlowIntent::Offer),
            Some(Intent::LanguageMenu) => open(FlowIntent::Language),
            Some(Intent::Follow) => {
                let flow = flows.for_intent(FlowIntent::Follow);
                match (flow, u.code) {
                    (Some(f), Some(code)) if f.keyword_with_code.is_some() => {
                        self.s.vars.insert("code".into(), Value::Code(code));
                        f.keyword_with_code
                            .as_deref()
                            .map(|n| NodeRef::new(&f.id, n))
                    }
                    (Some(f), _) => Some(NodeRef::new(&f.id, &f.start)),
                    (None, _) => None,
                }
            }
            Some(Intent::Question) => {
                self.question(text);
                return true;
            }
            Some(Intent::Language(_)) => {
                self.say("language-changed");
                self.enter(Target::Node(flows.home.clone()));
                return true;
            }
            Some(Intent::Greeting) | None => None,
        };
        let Some(start) = start else {
            return false;
        };
        self.fill(&start.flow, &u, &cats, text, None);
        self.enter(Target::Node(start));
        true
    }

    /// A question the flows cannot answer: a person of the mairie will, and the call-back
    /// request carries the question. Then the menu.
    fn question(&mut self, text: &str) {
        let mut known = Args::new();
        known.insert("question".into(), Arg::Typed(text.to_string()));
        self.effects.push(Effect::Callback {
            reason: "question".into(),
            at: None,
            known,
        });
        self.say("question-noted");
        self.enter(Target::Node(self.ctx.flows.home.clone()));
    }

    /// Fills the questions of `flow` that the message answers and that are not answered yet
    /// (all but `except`), so that entering them moves straight on.
    pub(super) fn fill(
        &mut self,
        flow: &str,
        u: &Understood<'_>,
        cats: &[(String, String)],
        text: &str,
        except: Option<&str>,
    ) {
        let Some(f) = self.ctx.flows.flow(flow) else {
            return;
        };
        for node in f.nodes.values() {
            if Some(node.id.as_str()) == except {
                continue;
            }
            if node.slot == Some(Slot::Commune)
                && let Some(Place::Several(list)) = &u.place
                && node
                    .kind
                    .stores()
                    .is_some_and(|(v, _)| !self.s.vars.contains_key(v))
            {
                self.s.named_communes = list.iter().map(|c| c.insee.clone()).collect();
            }
            let Some((var, value)) = self.slot_value(node, u, cats, text) else {
                continue;
            };
            if self.s.vars.contains_key(&var) {
                continue;
            }
            self.s.vars.insert(var.clone(), value);
            if !self.s.prefilled.contains(&var) {
                self.s.prefilled.push(var);
            }
        }
    }

    /// What the message says for a node's slot: the variable and its value.
    pub(super) fn slot_value(
        &self,
        node: &Node,
        u: &Understood<'_>,
        cats: &[(String, String)],
        text: &str,
    ) -> Option<(String, Value)> {
        let slot = node.slot?;
        let (var, _) = node.kind.stores()?;
        let today = self.ctx.today;
        let value = match slot {
            Slot::Category => {
                let (key, label) = cats.get(u.category?)?;
                Value::Choice {
                    key: key.clone(),
                    label: label.clone(),
                }
            }
            Slot::Commune => match &u.place {
                Some(Place::One(c)) => Value::Commune(c.insee.clone()),
                _ => return None,
            },
            Slot::Day => {
                let day = u.day?;
                Value::Day {
                    key: day.urgency(today).to_string(),
                    date: day.stamp(today),
                }
            }
            Slot::Details => {
                if u.content_words < DETAILS_WORDS {
                    return None;
                }
                let kept: String = text
                    .trim()
                    .chars()
                    .take(super::step::MAX_TEXT_CHARS)
                    .collect();
                Value::Text(kept)
            }
        };
        Some((var.to_string(), value))
    }

    /// Where a question leads when its answer is already known from the person's words
    /// (`None` when it must be asked: not filled from words, or a "change" from a summary).
    pub(super) fn filled_next(&self, node: &Node) -> Option<Target> {
        if self.s.return_to.is_some() {
            return None;
        }
        node.slot?;
        let (var, _) = node.kind.stores()?;
        if !self.s.prefilled.iter().any(|v| v == var) {
            return None;
        }
        let value = self.s.vars.get(var)?;
        match (&node.kind, value) {
            (NodeKind::Choice(c), Value::Choice { key, .. } | Value::Day { key, .. }) => c
                .choices
                .iter()
                .find(|ch| &ch.key == key)
                .map(|ch| ch.next.clone()),
            (NodeKind::Commune(c), _) => Some(c.next.clone()),
            (NodeKind::Text(t), _) => Some(t.next.clone()),
            _ => None,
        }
    }

    /// An answer to a question that has a slot, read as a whole message: a day said in
    /// words answers "when" more precisely than its choices, and a long answer may also
    /// fill the questions after it. True when the question was answered here.
    pub(super) fn answer_with_slots(&mut self, node: &Node, text: &str) -> bool {
        // A short answer ("1", "courses", "74150") is the question's own; only a day said in
        // words needs more than the question's choices.
        let content = self.ctx.lexicon.content_words(&self.s.lang, text).len();
        if content < 3 && node.slot != Some(Slot::Day) {
            return false;
        }
        if content < 3 && content_is_a_choice_number(text) {
            return false;
        }
        let (u, cats) = self.read(text);
        let flow = self.s.at.flow.clone();
        if u.content_words >= 3 {
            self.fill(&flow, &u, &cats, text, Some(&node.id));
        }
        if node.slot == Some(Slot::Day)
            && let Some((var, value)) = self.slot_value(node, &u, &cats, text)
        {
            self.s.vars.insert(var.clone(), value);
            if let Some(next) = self.choice_next(node, &var) {
                self.advance(next);
                return true;
            }
        }
        false
    }

    /// After the node's own understanding failed: the slot read in the whole message.
    pub(super) fn answer_from_slot(&mut self, node: &Node, text: &str) -> bool {
        let (u, cats) = self.read(text);
        let Some((var, value)) = self.slot_value(node, &u, &cats, text) else {
            return false;
        };
        self.s.vars.insert(var.clone(), value);
        let next = match &node.kind {
            NodeKind::Choice(_) => self.choice_next(node, &var),
            NodeKind::Commune(c) => Some(c.next.clone()),
            NodeKind::Text(t) => Some(t.next.clone()),
            _ => None,
        };
        match next {
            Some(next) => {
                self.advance(next);
                true
            }
            None => false,
        }
    }

    fn choice_next(&self, node: &Node, var: &str) -> Option<Target> {
        let NodeKind::Choice(c) = &node.kind else {
            return None;
        };
        let key = match self.s.vars.get(var)? {
            Value::Choice { key, .. } | Value::Day { key, .. } => key,
            _ => return None,
        };
        c.choices
            .iter()
            .find(|ch| &ch.key == key)
            .map(|ch| ch.next.clone())
    }
}

/// "1", "2": a choice's number, never a day.
fn content_is_a_choice_number(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.len() <= 2 && t.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use crate::engine::effects::Call;
    use crate::engine::session::{Arg, Value};
    use crate::engine::step::Effect;
    use crate::engine::testing::Talk;

    /// Someone writing for the first time.
    fn first() -> Talk {
        let mut t = Talk::new();
        t.s.greeted = false;
        t.s.last_seen = 0;
        t
    }

    const MARTIN: &str = "Bonjour je m'appelle Mme Martin j'habite à Sallanches j'aurais besoin \
                          qu'on m'emmène chez le médecin jeudi à 10h merci";

    #[test]
    fn a_whole_request_goes_straight_to_the_summary() {
        let mut t = first();
        t.send(MARTIN);
        assert_eq!(t.said(), ["welcome"]);
        assert_eq!(t.stands(), "help:summary");
        assert_eq!(t.asked(), Some("help-summary"));
        assert_eq!(t.key("category"), Some("transport"));
        assert_eq!(t.var("commune"), Some(&Value::Commune("74256".into())));
        assert_eq!(
            t.var("when"),
            Some(&Value::Day {
                key: "cette_semaine".into(),
                date: Some("2026-12-03T10:00".into()),
            })
        );
        assert!(matches!(t.var("details"), Some(Value::Text(d)) if d.contains("médecin")));
        assert!(t.effects.is_empty(), "{:?}", t.effects);
        // The summary shows the day asked for.
        let p = t.prompt().unwrap();
        assert_eq!(
            p.text.args.get("when"),
            Some(&Arg::Date("2026-12-03T10:00".into()))
        );
        t.send("oui");
        let Some(Call::CreateHelpRequest(i)) = t.run() else {
            panic!("no request: {:?}", t.outputs);
        };
        assert_eq!(i.wanted.as_deref(), Some("2026-12-03T10:00"));
    }

    #[test]
    fn only_what_is_missing_is_asked() {
        let mut t = first();
        t.send("j'ai besoin d'aide pour les courses");
        assert_eq!(t.key("category"), Some("courses"));
        assert_eq!(t.stands(), "help:commune");
        assert_eq!(t.asked(), Some("help-commune"));
    }

    #[test]
    fn an_offer_to_help_opens_the_missions_flow() {
        let mut t = first();
        t.send("je peux aider pour les courses");
        assert_eq!(t.stands(), "missions:mine");
        assert_eq!(t.run(), Some(&Call::MySignups));
        assert_eq!(t.var("category"), None);
    }

    #[test]
    fn a_question_is_passed_to_a_person_then_the_menu() {
        let mut t = first();
        t.send("c'est gratuit ?");
        let [.., Effect::Callback { reason, at, known }] = t.effects.as_slice() else {
            panic!("no call-back: {:?}", t.effects);
        };
        assert_eq!(reason, "question");
        assert_eq!(at, &None);
        assert_eq!(
            known.get("question"),
            Some(&Arg::Typed("c'est gratuit ?".into()))
        );
        assert_eq!(t.said(), ["welcome", "question-noted"]);
        assert_eq!(t.asked(), Some("menu-ask"));
    }

    #[test]
    fn a_first_message_in_english_switches_the_language() {
        let mut t = first();
        t.send("sorry I don't speak French");
        assert_eq!(t.s.lang, "en");
        assert!(t.effects.contains(&Effect::Language("en".into())));
        assert_eq!(t.asked(), Some("menu-ask"));
    }

    #[test]
    fn at_the_when_question_a_day_in_words_is_stored_as_a_day() {
        let mut t = Talk::new();
        t.sends(&["1", "1", "Rumilly"]);
        assert_eq!(t.stands(), "help:when");
        t.send("demain");
        let Some(Value::Day { date, .. }) = t.var("when") else {
            panic!("no day: {:?}", t.var("when"));
        };
        assert_eq!(date.as_deref(), Some("2026-12-02"));
        assert_eq!(t.stands(), "help:details");
    }

    #[test]
    fn a_change_from_the_summary_asks_the_prefilled_question_again() {
        let mut t = first();
        t.sends(&[MARTIN, "non"]);
        assert_eq!(t.asked(), Some("help-change"));
        t.send("2");
        assert_eq!(t.stands(), "help:commune");
        assert_eq!(t.asked(), Some("help-commune"));
        t.send("Rumilly");
        assert_eq!(t.var("commune"), Some(&Value::Commune("74225".into())));
        assert_eq!(t.stands(), "help:summary");
        // The other answers from the message are kept.
        assert_eq!(t.key("category"), Some("transport"));
        t.sends(&["non", "1"]);
        assert_eq!(t.stands(), "help:category");
        assert_eq!(t.asked(), Some("help-category"));
    }
}

//! `choice`: pick one of a few choices, by number, label or synonym.

use super::words;
use crate::engine::model::Target;
use crate::engine::parse::{NodeParser, RawNode};
use crate::engine::session::Value;
use crate::engine::step::{Expect, Input, Miss, Prompt, PromptChoice, Stepper, Text};

/// One choice.
#[derive(Clone, Debug)]
pub struct Choice {
    pub key: String,
    /// Fluent id of the label; its `.synonyms` attribute lists other words for it.
    pub label: String,
    pub next: Target,
    /// After the question at `next` is answered, come back here (a summary's "change").
    pub then: Option<Target>,
    /// The pictogram shown on the kiosk's button.
    pub picto: Option<String>,
    pub line: usize,
}

#[derive(Clone, Debug)]
pub struct ChoiceNode {
    pub store: Option<String>,
    pub choices: Vec<Choice>,
}

impl ChoiceNode {
    pub(in crate::engine) fn parse(raw: &RawNode, p: &mut NodeParser<'_>) -> Self {
        let mut choices = Vec::new();
        let mut keys = std::collections::BTreeSet::new();
        for c in raw.choices.iter().flatten() {
            let line = p.line_of(c);
            let rc = c.get_ref();
            if !keys.insert(rc.key.clone()) {
                let id = p.id.to_string();
                p.err_at(
                    line,
                    format!("duplicate choice key \"{}\" in node \"{id}\"", rc.key),
                );
            }
            choices.push(Choice {
                key: rc.key.clone(),
                label: rc.label.clone(),
                next: p.resolve(&rc.next),
                then: rc.then.as_ref().map(|t| p.resolve(t)),
                picto: rc.picto.clone(),
                line,
            });
        }
        if choices.is_empty() {
            let id = p.id.to_string();
            p.err(format!("node \"{id}\" has no choices"));
        }
        Self {
            store: raw.store.clone(),
            choices,
        }
    }

    pub fn targets(&self) -> Vec<&Target> {
        self.choices
            .iter()
            .flat_map(|c| std::iter::once(&c.next).chain(c.then.as_ref()))
            .collect()
    }

    pub fn targets_mut(&mut self) -> Vec<&mut Target> {
        self.choices
            .iter_mut()
            .flat_map(|c| std::iter::once(&mut c.next).chain(c.then.as_mut()))
            .collect()
    }

    /// The Fluent ids of the labels, in order.
    pub fn labels(&self) -> Vec<&str> {
        self.choices.iter().map(|c| c.label.as_str()).collect()
    }

    /// The numbered choices, as every channel shows them.
    pub fn numbered(&self) -> Vec<PromptChoice> {
        self.choices
            .iter()
            .enumerate()
            .map(|(i, c)| PromptChoice {
                number: i + 1,
                key: c.key.clone(),
                label: Text::new(&c.label),
            })
            .collect()
    }

    pub(in crate::engine) fn prompt(&self, st: &Stepper<'_, '_>, ask: &str) -> Prompt {
        Prompt {
            node: st.s.at.clone(),
            text: Text::with(ask, st.s.args()),
            choices: self.numbered(),
            more: false,
            expect: Expect::Choice,
        }
    }

    /// The index of the choice these words mean, if any.
    pub(in crate::engine) fn understood(&self, st: &Stepper<'_, '_>, text: &str) -> Option<usize> {
        st.ctx
            .lexicon
            .choice(&st.s.lang, text, &self.labels(), 1, self.choices.len())
    }

    pub(in crate::engine) fn answer(
        &self,
        st: &mut Stepper<'_, '_>,
        input: Input<'_>,
    ) -> Result<(), Miss> {
        let i = self
            .understood(st, words(&input))
            .ok_or(Miss::Say("not-understood"))?;
        self.choose(st, i);
        Ok(())
    }

    /// Takes choice `i`: stores it and goes where it leads.
    pub(in crate::engine) fn choose(&self, st: &mut Stepper<'_, '_>, i: usize) {
        let c = &self.choices[i];
        if let Some(store) = &self.store {
            st.s.vars.insert(
                store.clone(),
                Value::Choice {
                    key: c.key.clone(),
                    label: c.label.clone(),
                },
            );
        }
        if let Some(Target::Node(then)) = &c.then {
            // Set before entering: a question already filled from the person's words is then
            // asked again (a "change"), not skipped straight back to the summary.
            st.s.return_to = Some(then.clone());
            st.enter(c.next.clone());
        } else {
            st.advance(c.next.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::Talk;

    /// At "Pour quoi avez-vous besoin d'aide ?".
    fn at_category() -> Talk {
        let mut t = Talk::new();
        t.send("1");
        assert_eq!(t.stands(), "help:category");
        t
    }

    #[test]
    fn a_digit_picks_the_choice_of_that_number() {
        let mut t = at_category();
        assert_eq!(t.asked(), Some("help-category"));
        assert_eq!(t.prompt().unwrap().choices.len(), 10);
        t.send("2");
        assert_eq!(t.key("category"), Some("transport"));
        assert_eq!(t.stands(), "help:commune");
    }

    #[test]
    fn the_label_or_a_synonym_picks_the_choice() {
        let mut t = at_category();
        t.send("Faire les courses");
        assert_eq!(t.key("category"), Some("courses"));
        let mut t = at_category();
        t.send("voiture");
        assert_eq!(t.key("category"), Some("transport"));
        assert_eq!(t.stands(), "help:commune");
    }

    #[test]
    fn a_number_in_words_picks_the_choice() {
        let mut t = at_category();
        t.send("trois");
        assert_eq!(t.key("category"), Some("petits_travaux"));
    }

    #[test]
    fn a_number_out_of_range_is_a_miss_with_the_hint_and_the_question_again() {
        let mut t = at_category();
        t.send("12");
        assert_eq!(t.var("category"), None);
        assert_eq!(t.stands(), "help:category");
        assert_eq!(t.said(), ["not-understood", "help-category.hint"]);
        assert_eq!(t.asked(), Some("help-category"));
        assert_eq!(t.s.misses, 1);
    }

    #[test]
    fn a_choice_without_store_only_moves_on() {
        let t = at_category();
        assert!(t.s.vars.is_empty());
    }

    #[test]
    fn a_choice_with_then_comes_back_to_the_summary_after_its_question() {
        let mut t = at_category();
        t.sends(&["1", "Rumilly", "3", "rien"]);
        assert_eq!(t.stands(), "help:summary");
        t.send("non");
        assert_eq!(t.asked(), Some("help-change"));
        t.send("3");
        assert_eq!(t.stands(), "help:when");
        assert_eq!(
            t.s.return_to,
            Some(crate::engine::testing::at("help:summary"))
        );
        t.send("1");
        assert_eq!(t.key("when"), Some("aujourd_hui"));
        assert_eq!(t.stands(), "help:summary");
        assert_eq!(t.asked(), Some("help-summary"));
        assert_eq!(t.s.return_to, None);
    }

    #[test]
    fn a_choice_without_then_goes_on_and_ends() {
        let mut t = at_category();
        t.sends(&["1", "Rumilly", "3", "rien", "non"]);
        t.send("5");
        assert_eq!(t.said(), ["help-cancelled"]);
        assert!(t.s.idle);
        assert!(t.s.vars.is_empty());
    }
}

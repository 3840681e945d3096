//! `list`: pick one item of a list held in a variable (missions, requests), a few at a time,
//! `SUITE` for more; numbers go on across pages.

use super::words;
use crate::engine::model::Target;
use crate::engine::parse::{NodeParser, RawNode};
use crate::engine::session::{Item, Value};
use crate::engine::step::{Expect, Input, LIST_PAGE, Miss, Prompt, PromptChoice, Stepper, Text};

#[derive(Clone, Debug)]
pub struct ListNode {
    /// The variable holding the items.
    pub items: String,
    /// The Fluent id of one line.
    pub item: String,
    pub store: String,
    pub next: Target,
}

impl ListNode {
    pub(in crate::engine) fn parse(raw: &RawNode, p: &mut NodeParser<'_>) -> Self {
        Self {
            items: p.field(raw.items.as_ref(), "items"),
            item: p.field(raw.item.as_ref(), "item` (the Fluent id of one line"),
            store: p.store(raw),
            next: p.need("next", raw.next.as_ref()),
        }
    }

    fn list(&self, st: &Stepper<'_, '_>) -> Vec<Item> {
        match st.s.vars.get(&self.items) {
            Some(Value::Items(list)) => list.clone(),
            _ => Vec::new(),
        }
    }

    pub(in crate::engine) fn prompt(&self, st: &Stepper<'_, '_>, ask: &str) -> Prompt {
        let list = self.list(st);
        let first = st.s.page * LIST_PAGE;
        let choices = list
            .iter()
            .enumerate()
            .skip(first)
            .take(LIST_PAGE)
            .map(|(i, it)| PromptChoice {
                number: i + 1,
                key: it.id.clone(),
                label: Text::with(&self.item, it.args.clone()),
            })
            .collect();
        Prompt {
            node: st.s.at.clone(),
            text: Text::with(ask, st.s.args()),
            choices,
            more: first + LIST_PAGE < list.len(),
            expect: Expect::Choice,
        }
    }

    pub(in crate::engine) fn answer(
        &self,
        st: &mut Stepper<'_, '_>,
        input: Input<'_>,
    ) -> Result<(), Miss> {
        let text = words(&input);
        let list = self.list(st);
        let lex = st.ctx.lexicon;
        if lex.is_more(&st.s.lang, text) {
            if (st.s.page + 1) * LIST_PAGE < list.len() {
                st.s.page += 1;
            } else {
                st.say("list-no-more");
            }
            st.ask_again();
            return Ok(());
        }
        let shown = ((st.s.page + 1) * LIST_PAGE).min(list.len());
        // Numbers go on across pages, so any number seen so far is valid.
        let i = lex
            .choice(&st.s.lang, text, &[], 1, shown)
            .ok_or(Miss::Say("not-understood"))?;
        st.s.vars
            .insert(self.store.clone(), Value::Item(list[i].clone()));
        st.advance(self.next.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::effects::{Call, find_missions, my_signups};
    use crate::engine::session::{Item, Value};
    use crate::engine::testing::{Talk, item};

    /// Five missions found near Rumilly, the first page shown.
    fn at_pick() -> Talk {
        let mut t = Talk::new();
        t.send("2");
        assert_eq!(t.run(), Some(&Call::MySignups));
        t.resume(my_signups::Outcome::None);
        t.send("Rumilly");
        assert!(matches!(t.run(), Some(Call::FindMissions(_))));
        let missions: Vec<Item> = (1..=5).map(|i| item(&format!("m{i}"))).collect();
        t.resume(find_missions::Outcome::Found(missions));
        assert_eq!(t.stands(), "missions:pick");
        t
    }

    fn numbers(t: &Talk) -> Vec<(usize, String)> {
        let p = t.prompt().expect("a question");
        p.choices
            .iter()
            .map(|c| (c.number, c.key.clone()))
            .collect()
    }

    #[test]
    fn items_are_shown_three_at_a_time_and_suite_shows_the_rest() {
        let mut t = at_pick();
        assert_eq!(t.asked(), Some("missions-pick"));
        assert_eq!(
            numbers(&t),
            [(1, "m1".into()), (2, "m2".into()), (3, "m3".into())]
        );
        assert!(t.prompt().unwrap().more);
        assert_eq!(t.prompt().unwrap().choices[0].label.msg, "mission-line");
        t.send("SUITE");
        assert_eq!(numbers(&t), [(4, "m4".into()), (5, "m5".into())]);
        assert!(!t.prompt().unwrap().more);
        t.send("suite");
        assert_eq!(t.said(), ["list-no-more"]);
        assert_eq!(numbers(&t), [(4, "m4".into()), (5, "m5".into())]);
    }

    #[test]
    fn a_number_picks_the_item_even_from_an_earlier_page() {
        let mut t = at_pick();
        t.sends(&["suite", "5"]);
        assert_eq!(t.var("mission"), Some(&Value::Item(item("m5"))));
        assert_eq!(t.stands(), "missions:details");
        let mut t = at_pick();
        t.sends(&["suite", "deux"]);
        assert_eq!(t.var("mission"), Some(&Value::Item(item("m2"))));
    }

    #[test]
    fn a_number_not_yet_shown_is_a_miss() {
        let mut t = at_pick();
        t.send("4");
        assert_eq!(t.var("mission"), None);
        assert_eq!(t.said(), ["not-understood", "missions-pick.hint"]);
        assert_eq!(t.stands(), "missions:pick");
    }

    #[test]
    fn no_to_the_details_shows_the_list_again() {
        let mut t = at_pick();
        t.sends(&["1", "non"]);
        assert_eq!(t.stands(), "missions:pick");
        assert_eq!(numbers(&t).len(), 3);
    }
}

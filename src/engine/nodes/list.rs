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

//! `commune`: a commune, from a postal code or a name. A postal code shared by several
//! communes (74150 covers 17) offers them a few at a time; by voice, what was understood is
//! read back for a yes ("Rumilly, 74 150. C'est bien cela ?"). A known commune is offered
//! first ("C'est pour Rumilly ?").

use super::words;
use crate::domain::CommuneLookup;
use crate::domain::text::fold;
use crate::engine::model::Target;
use crate::engine::parse::{NodeParser, RawNode};
use crate::engine::session::{Arg, Args, Pending, Value};
use crate::engine::step::{
    COMMUNE_PAGE, Effect, Expect, Input, Miss, Output, Prompt, PromptChoice, Stepper, Text,
    yes_no_choices,
};

#[derive(Clone, Debug)]
pub struct CommuneNode {
    pub store: String,
    pub next: Target,
    /// Asked instead when the person's commune is known ("C'est pour Rumilly ?").
    pub ask_known: Option<String>,
}

impl CommuneNode {
    pub(in crate::engine) fn parse(raw: &RawNode, p: &mut NodeParser<'_>) -> Self {
        Self {
            store: p.store(raw),
            next: p.need("next", raw.next.as_ref()),
            ask_known: raw.ask_known.clone(),
        }
    }

    pub(in crate::engine) fn prompt(&self, st: &Stepper<'_, '_>, ask: &str) -> Prompt {
        let args = st.s.args();
        let text = match (&self.ask_known, st.ctx.known_commune) {
            (Some(k), Some(known)) => {
                let mut args = args;
                args.insert("known".into(), Arg::Commune(known.to_string()));
                Text::with(k, args)
            }
            _ => Text::with(ask, args),
        };
        Prompt {
            node: st.s.at.clone(),
            text,
            choices: Vec::new(),
            more: false,
            expect: Expect::Commune,
        }
    }

    pub(in crate::engine) fn answer(
        &self,
        st: &mut Stepper<'_, '_>,
        input: Input<'_>,
    ) -> Result<(), Miss> {
        let text = words(&input);
        if let (Some(_), Some(known)) = (&self.ask_known, st.ctx.known_commune)
            && st.ctx.lexicon.yes_no(&st.s.lang, text) == Some(true)
        {
            st.s.vars
                .insert(self.store.clone(), Value::Commune(known.to_string()));
            st.advance(self.next.clone());
            return Ok(());
        }
        self.lookup(st, text)
    }

    /// A name or a postal code: one commune, several to pick from, or none.
    fn lookup(&self, st: &mut Stepper<'_, '_>, text: &str) -> Result<(), Miss> {
        let words = st.ctx.lexicon.content_words(&st.s.lang, text).join(" ");
        match st.ctx.communes.lookup(&words) {
            CommuneLookup::One(c) => {
                let insee = c.insee.clone();
                self.chosen(st, insee, true);
                Ok(())
            }
            CommuneLookup::Many(list) => {
                let candidates = list.iter().map(|c| c.insee.clone()).collect();
                self.offer(st, candidates);
                Ok(())
            }
            CommuneLookup::None => Err(Miss::Say("commune-unknown")),
        }
    }

    /// Several communes answer: offer them, a page at a time.
    pub(in crate::engine) fn offer(&self, st: &mut Stepper<'_, '_>, candidates: Vec<String>) {
        st.s.pending = Pending::PickCommune { candidates };
        st.s.page = 0;
        push_pick(st);
    }

    /// The answer while communes are offered: a number, `SUITE`, or a new search.
    pub(in crate::engine) fn pick(
        &self,
        st: &mut Stepper<'_, '_>,
        text: &str,
        candidates: &[String],
    ) -> Result<(), Miss> {
        let lex = st.ctx.lexicon;
        let lang = st.s.lang.clone();
        if lex.is_more(&lang, text) {
            if (st.s.page + 1) * COMMUNE_PAGE < candidates.len() {
                st.s.page += 1;
            } else {
                st.say("list-no-more");
            }
            push_pick(st);
            return Ok(());
        }
        let shown = ((st.s.page + 1) * COMMUNE_PAGE).min(candidates.len());
        let words = lex.content_words(&lang, text);
        // A number ("2", "deux") picks from the list; a name or a new postal code is a new search.
        let is_postal =
            words.len() == 1 && words[0].len() >= 4 && words[0].chars().all(|c| c.is_ascii_digit());
        let picked = (!is_postal)
            .then(|| lex.choice(&lang, text, &[], 1, shown))
            .flatten();
        if let Some(i) = picked {
            self.chosen(st, candidates[i].clone(), true);
            return Ok(());
        }
        let by_name = candidates[..shown].iter().position(|insee| {
            st.ctx
                .communes
                .by_insee(insee)
                .is_some_and(|c| fold(&c.name) == words.join(" "))
        });
        if let Some(i) = by_name {
            self.chosen(st, candidates[i].clone(), true);
            return Ok(());
        }
        self.lookup(st, text)
    }

    /// The answer to "Rumilly, 74 150. C'est bien cela ?".
    pub(in crate::engine) fn confirm(
        &self,
        st: &mut Stepper<'_, '_>,
        text: &str,
        insee: String,
    ) -> Result<(), Miss> {
        match st.ctx.lexicon.yes_no(&st.s.lang, text) {
            Some(true) => {
                self.chosen(st, insee, false);
                Ok(())
            }
            Some(false) => {
                st.s.pending = Pending::None;
                st.ask_again();
                Ok(())
            }
            None => Err(Miss::Say("not-understood-yes-no")),
        }
    }

    /// A commune was understood: by voice, read it back first; otherwise store it and go on.
    pub(in crate::engine) fn chosen(&self, st: &mut Stepper<'_, '_>, insee: String, confirm: bool) {
        if confirm && st.ctx.read_back {
            let mut args = Args::new();
            args.insert("commune".into(), Arg::Commune(insee.clone()));
            let code = st
                .ctx
                .communes
                .by_insee(&insee)
                .and_then(|c| c.postal_codes.first().cloned())
                .unwrap_or_default();
            args.insert("postal_code".into(), Arg::Digits(code));
            st.s.pending = Pending::ConfirmCommune { insee };
            st.outputs.push(Output::Prompt(Prompt {
                node: st.s.at.clone(),
                text: Text::with("commune-confirm", args),
                choices: yes_no_choices(),
                more: false,
                expect: Expect::YesNo,
            }));
            return;
        }
        st.s.pending = Pending::None;
        st.s.page = 0;
        st.effects.push(Effect::RememberCommune(insee.clone()));
        st.s.vars.insert(self.store.clone(), Value::Commune(insee));
        st.advance(self.next.clone());
    }
}

/// The page of communes on offer.
pub(in crate::engine) fn push_pick(st: &mut Stepper<'_, '_>) {
    let Pending::PickCommune { candidates } = &st.s.pending else {
        return;
    };
    let first = st.s.page * COMMUNE_PAGE;
    let choices = candidates
        .iter()
        .enumerate()
        .skip(first)
        .take(COMMUNE_PAGE)
        .map(|(i, insee)| {
            let mut args = Args::new();
            args.insert("commune".into(), Arg::Commune(insee.clone()));
            let dep = st
                .ctx
                .communes
                .by_insee(insee)
                .map(|c| c.department.clone())
                .unwrap_or_default();
            args.insert("department".into(), Arg::Text(dep));
            PromptChoice {
                number: i + 1,
                key: insee.clone(),
                label: Text::with("commune-line", args),
            }
        })
        .collect();
    let mut args = Args::new();
    args.insert("count".into(), Arg::Number(candidates.len() as i64));
    let prompt = Prompt {
        node: st.s.at.clone(),
        text: Text::with("commune-which", args),
        choices,
        more: first + COMMUNE_PAGE < candidates.len(),
        expect: Expect::Choice,
    };
    st.outputs.push(Output::Prompt(prompt));
}

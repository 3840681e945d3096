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
                let by_name = !words.chars().any(|c| c.is_ascii_digit());
                self.offer(st, candidates, by_name);
                Ok(())
            }
            CommuneLookup::None => Err(Miss::Say("commune-unknown")),
        }
    }

    /// Several communes answer: offer them, a page at a time.
    pub(in crate::engine) fn offer(
        &self,
        st: &mut Stepper<'_, '_>,
        candidates: Vec<String>,
        by_name: bool,
    ) {
        st.s.pending = Pending::PickCommune {
            candidates,
            by_name,
        };
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
    let Pending::PickCommune {
        candidates,
        by_name,
    } = &st.s.pending
    else {
        return;
    };
    let which = if *by_name {
        "commune-which-name"
    } else {
        "commune-which"
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
        text: Text::with(which, args),
        choices,
        more: first + COMMUNE_PAGE < candidates.len(),
        expect: Expect::Choice,
    };
    st.outputs.push(Output::Prompt(prompt));
}

#[cfg(test)]
mod tests {
    use crate::engine::session::{Pending, Value};
    use crate::engine::step::{Ctx, Effect, Expect};
    use crate::engine::testing::{Talk, ctx};

    /// At "Dans quelle commune ?" of the help flow.
    fn at_commune(ctx: Ctx<'static>) -> Talk {
        let mut t = Talk::with(ctx);
        t.sends(&["1", "1"]);
        assert_eq!(t.stands(), "help:commune");
        assert_eq!(t.prompt().unwrap().expect, Expect::Commune);
        t
    }

    fn commune(t: &Talk) -> Option<&str> {
        match t.var("commune") {
            Some(Value::Commune(c)) => Some(c),
            _ => None,
        }
    }

    #[test]
    fn a_name_stores_the_commune_and_remembers_it() {
        let mut t = at_commune(ctx());
        t.send("Sallanches");
        assert_eq!(commune(&t), Some("74256"));
        assert_eq!(t.effects, [Effect::RememberCommune("74256".into())]);
        assert_eq!(t.stands(), "help:when");
    }

    #[test]
    fn a_name_with_a_typo_or_in_a_sentence_is_still_understood() {
        let mut t = at_commune(ctx());
        t.send("Salanches");
        assert_eq!(commune(&t), Some("74256"));
        let mut t = at_commune(ctx());
        t.send("j'habite à Rumilly");
        assert_eq!(commune(&t), Some("74225"));
    }

    #[test]
    fn a_postal_code_of_17_communes_offers_them_five_at_a_time() {
        let mut t = at_commune(ctx());
        t.send("74150");
        let Pending::PickCommune { candidates, .. } = &t.s.pending else {
            panic!("no pick: {:?}", t.outputs);
        };
        assert_eq!(candidates.len(), 17);
        assert!(candidates.iter().any(|c| c == "74225"));
        let p = t.prompt().unwrap();
        assert_eq!(p.text.msg, "commune-which");
        assert_eq!(p.choices.len(), 5);
        assert!(p.more);
        t.send("suite");
        let p = t.prompt().unwrap();
        assert_eq!(p.choices[0].number, 6);
        assert!(p.more);
        // Numbers go on across pages: 7 is on the page shown.
        let seventh = p.choices[1].key.clone();
        t.send("7");
        assert_eq!(commune(&t).map(str::to_string), Some(seventh));
        assert_eq!(t.s.pending, Pending::None);
        assert_eq!(t.stands(), "help:when");
    }

    #[test]
    fn a_pick_by_name_among_the_offered_communes() {
        let mut t = at_commune(ctx());
        t.send("74150");
        let Pending::PickCommune { candidates, .. } = t.s.pending.clone() else {
            panic!("no pick");
        };
        let second = candidates[1].clone();
        t.send("2");
        assert_eq!(commune(&t), Some(second.as_str()));
        let mut t = at_commune(ctx());
        t.sends(&["74150", "Rumilly"]);
        assert_eq!(commune(&t), Some("74225"));
    }

    #[test]
    fn a_number_past_the_page_or_nonsense_is_a_miss_while_picking() {
        let mut t = at_commune(ctx());
        t.sends(&["74150", "9"]);
        assert_eq!(t.var("commune"), None);
        assert_eq!(t.said(), ["commune-unknown"]);
        assert!(matches!(t.s.pending, Pending::PickCommune { .. }));
        assert_eq!(t.asked(), Some("commune-which"));
    }

    #[test]
    fn a_four_digit_code_is_read_with_its_leading_zero() {
        let mut t = at_commune(ctx());
        t.send("1400");
        let Pending::PickCommune { candidates, .. } = &t.s.pending else {
            panic!("no pick: {:?}", t.outputs);
        };
        assert_eq!(candidates.len(), 10);
        assert!(candidates.iter().all(|c| c.starts_with("01")));
        // A new postal code while picking is a new search, and so is a name.
        t.send("74700");
        let Pending::PickCommune { candidates, .. } = &t.s.pending else {
            panic!("no new pick: {:?}", t.outputs);
        };
        assert_eq!(candidates.len(), 3);
        assert!(candidates.iter().any(|c| c == "74256"));
        t.send("Sallanches");
        assert_eq!(commune(&t), Some("74256"));
    }

    #[test]
    fn an_unknown_commune_is_a_miss() {
        let mut t = at_commune(ctx());
        t.send("Zzyzx");
        assert_eq!(t.said(), ["commune-unknown"]);
        assert_eq!(t.stands(), "help:commune");
        assert_eq!(t.var("commune"), None);
    }

    #[test]
    fn a_known_commune_is_offered_first_and_yes_takes_it() {
        let mut t = at_commune(Ctx {
            known_commune: Some("74225"),
            ..ctx()
        });
        assert_eq!(t.asked(), Some("help-commune-known"));
        t.send("oui");
        assert_eq!(commune(&t), Some("74225"));
        assert_eq!(t.stands(), "help:when");
    }

    #[test]
    fn by_voice_the_commune_is_read_back_before_it_is_stored() {
        let mut t = at_commune(Ctx {
            channel: "voice",
            read_back: true,
            offer_callback: false,
            ..ctx()
        });
        t.send("Sallanches");
        assert_eq!(t.asked(), Some("commune-confirm"));
        assert_eq!(t.var("commune"), None);
        t.send("non");
        assert_eq!(t.asked(), Some("help-commune"));
        t.sends(&["Sallanches", "oui"]);
        assert_eq!(commune(&t), Some("74256"));
        assert_eq!(t.stands(), "help:when");
    }
}

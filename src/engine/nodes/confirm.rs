//! `confirm`: yes or no.

use super::words;
use crate::engine::model::Target;
use crate::engine::parse::{NodeParser, RawNode};
use crate::engine::step::{Expect, Input, Miss, Prompt, Stepper, Text, yes_no_choices};

#[derive(Clone, Debug)]
pub struct ConfirmNode {
    pub yes: Target,
    pub no: Target,
}

impl ConfirmNode {
    pub(in crate::engine) fn parse(raw: &RawNode, p: &mut NodeParser<'_>) -> Self {
        Self {
            yes: p.need("yes", raw.yes.as_ref()),
            no: p.need("no", raw.no.as_ref()),
        }
    }

    pub(in crate::engine) fn prompt(&self, st: &Stepper<'_, '_>, ask: &str) -> Prompt {
        Prompt {
            node: st.s.at.clone(),
            text: Text::with(ask, st.s.args()),
            choices: yes_no_choices(),
            more: false,
            expect: Expect::YesNo,
        }
    }

    pub(in crate::engine) fn answer(
        &self,
        st: &mut Stepper<'_, '_>,
        input: Input<'_>,
    ) -> Result<(), Miss> {
        let yes = st
            .ctx
            .lexicon
            .yes_no(&st.s.lang, words(&input))
            .ok_or(Miss::Say("not-understood-yes-no"))?;
        st.advance(if yes {
            self.yes.clone()
        } else {
            self.no.clone()
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::effects::Call;
    use crate::engine::testing::Talk;

    /// At the help request's summary, in `lang`.
    fn at_summary(lang: &str) -> Talk {
        let mut t = Talk::new().lang(lang);
        t.sends(&["1", "1", "74150", "1", "1", "nothing"]);
        assert_eq!(t.stands(), "help:summary", "{:?}", t.outputs);
        assert_eq!(t.prompt().unwrap().choices.len(), 2);
        t
    }

    fn yes(t: &Talk) -> bool {
        matches!(t.run(), Some(Call::CreateHelpRequest(_))) && t.stands() == "help:create"
    }

    fn no(t: &Talk) -> bool {
        t.run().is_none() && t.stands() == "help:change"
    }

    #[test]
    fn yes_in_its_french_ways_goes_to_yes() {
        for word in ["oui", "1", "d'accord", "OK", "pas de problème", "ouais"] {
            let mut t = at_summary("fr");
            t.send(word);
            assert!(yes(&t), "{word}: {:?}", t.outputs);
        }
    }

    #[test]
    fn no_in_its_french_ways_goes_to_no() {
        for word in ["non", "2", "pas d'accord", "c'est faux", "Non merci"] {
            let mut t = at_summary("fr");
            t.send(word);
            assert!(no(&t), "{word}: {:?}", t.outputs);
            assert_eq!(t.asked(), Some("help-change"));
        }
    }

    #[test]
    fn english_yes_and_no_including_no_problem_as_yes() {
        for word in ["yes", "no problem", "sure"] {
            let mut t = at_summary("en");
            t.send(word);
            assert!(yes(&t), "{word}: {:?}", t.outputs);
        }
        for word in ["no", "nope", "that's wrong"] {
            let mut t = at_summary("en");
            t.send(word);
            assert!(no(&t), "{word}: {:?}", t.outputs);
        }
    }

    #[test]
    fn neither_yes_nor_no_asks_again() {
        let mut t = at_summary("fr");
        t.send("peut-être");
        assert_eq!(t.stands(), "help:summary");
        assert_eq!(t.said(), ["not-understood-yes-no"]);
        assert_eq!(t.asked(), Some("help-summary"));
    }
}

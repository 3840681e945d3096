//! `code`: a 6-digit reference code (`482 915`, `SUIVI 482915`).

use super::words;
use crate::domain::RefCode;
use crate::engine::model::Target;
use crate::engine::parse::{NodeParser, RawNode};
use crate::engine::session::Value;
use crate::engine::step::{Expect, Input, Miss, Prompt, Stepper, Text};

#[derive(Clone, Debug)]
pub struct CodeNode {
    pub store: String,
    pub next: Target,
}

impl CodeNode {
    pub(in crate::engine) fn parse(raw: &RawNode, p: &mut NodeParser<'_>) -> Self {
        Self {
            store: p.store(raw),
            next: p.need("next", raw.next.as_ref()),
        }
    }

    pub(in crate::engine) fn prompt(&self, st: &Stepper<'_, '_>, ask: &str) -> Prompt {
        Prompt {
            node: st.s.at.clone(),
            text: Text::with(ask, st.s.args()),
            choices: Vec::new(),
            more: false,
            expect: Expect::Code,
        }
    }

    pub(in crate::engine) fn answer(
        &self,
        st: &mut Stepper<'_, '_>,
        input: Input<'_>,
    ) -> Result<(), Miss> {
        let text = st
            .ctx
            .lexicon
            .content_words(&st.s.lang, words(&input))
            .join(" ");
        let code = RefCode::parse(&text).ok_or(Miss::Say("code-not-understood"))?;
        st.s.vars
            .insert(self.store.clone(), Value::Code(code.value()));
        st.advance(self.next.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::effects::{Call, find_request, my_requests};
    use crate::engine::session::Value;
    use crate::engine::step::Expect;
    use crate::engine::testing::Talk;

    /// At "Quel est votre code ?": no request of one's own.
    fn at_code() -> Talk {
        let mut t = Talk::new();
        t.send("3");
        assert_eq!(t.run(), Some(&Call::MyRequests));
        t.resume(my_requests::Outcome::None);
        assert_eq!(t.stands(), "follow:none");
        assert_eq!(t.prompt().unwrap().expect, Expect::Code);
        t
    }

    #[test]
    fn six_digits_are_a_code_and_look_the_request_up() {
        let mut t = at_code();
        t.send("482915");
        assert_eq!(t.var("code"), Some(&Value::Code(482_915)));
        assert_eq!(
            t.run(),
            Some(&Call::FindRequest(find_request::Input { code: 482_915 }))
        );
    }

    #[test]
    fn a_code_written_in_two_groups_or_with_spaces_around() {
        for said in ["482 915", " 482915 "] {
            let mut t = at_code();
            t.send(said);
            assert_eq!(t.var("code"), Some(&Value::Code(482_915)), "{said}");
        }
    }

    #[test]
    fn too_few_digits_are_a_miss() {
        let mut t = at_code();
        t.send("4829");
        assert_eq!(t.said(), ["code-not-understood"]);
        assert_eq!(t.stands(), "follow:none");
        assert_eq!(t.var("code"), None);
    }
}

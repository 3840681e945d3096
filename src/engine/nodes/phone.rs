//! `phone`: a phone number, to be texted (the kiosk's follow-up number, a volunteer's).

use super::words;
use crate::domain::PhoneNumber;
use crate::engine::model::Target;
use crate::engine::parse::{NodeParser, RawNode};
use crate::engine::session::Value;
use crate::engine::step::{Expect, Input, Miss, Prompt, Stepper, Text};

#[derive(Clone, Debug)]
pub struct PhoneNode {
    pub store: String,
    pub next: Target,
    pub optional: bool,
}

impl PhoneNode {
    pub(in crate::engine) fn parse(raw: &RawNode, p: &mut NodeParser<'_>) -> Self {
        Self {
            store: p.store(raw),
            next: p.need("next", raw.next.as_ref()),
            optional: raw.optional.unwrap_or(false),
        }
    }

    pub(in crate::engine) fn prompt(&self, st: &Stepper<'_, '_>, ask: &str) -> Prompt {
        Prompt {
            node: st.s.at.clone(),
            text: Text::with(ask, st.s.args()),
            choices: Vec::new(),
            more: false,
            expect: Expect::Phone {
                optional: self.optional,
            },
        }
    }

    pub(in crate::engine) fn answer(
        &self,
        st: &mut Stepper<'_, '_>,
        input: Input<'_>,
    ) -> Result<(), Miss> {
        let trimmed = words(&input).trim();
        if self.optional && st.ctx.lexicon.is_skip(&st.s.lang, trimmed) {
            st.s.vars.remove(&self.store);
        } else {
            let phone =
                PhoneNumber::parse(trimmed).map_err(|_| Miss::Say("phone-not-understood"))?;
            st.s.vars
                .insert(self.store.clone(), Value::Phone(phone.as_str().to_string()));
        }
        st.advance(self.next.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::effects::Call;
    use crate::engine::session::Value;
    use crate::engine::step::{Ctx, Expect};
    use crate::engine::testing::{Talk, ctx};

    fn kiosk() -> Ctx<'static> {
        Ctx {
            channel: "kiosk",
            ..ctx()
        }
    }

    /// At the kiosk's optional follow-up number of the help flow.
    fn at_phone() -> Talk {
        let mut t = Talk::with(kiosk());
        t.sends(&["1", "1", "Rumilly", "3", "rien"]);
        assert_eq!(t.stands(), "help:phone");
        assert_eq!(t.prompt().unwrap().expect, Expect::Phone { optional: true });
        t
    }

    #[test]
    fn a_valid_number_is_stored_in_e164() {
        let mut t = at_phone();
        t.send("06 12 34 56 78");
        assert_eq!(t.var("phone"), Some(&Value::Phone("+33612345678".into())));
        assert_eq!(t.stands(), "help:summary");
        t.send("oui");
        let Some(Call::CreateHelpRequest(i)) = t.run() else {
            panic!("no request");
        };
        assert_eq!(i.phone.as_deref(), Some("+33612345678"));
    }

    #[test]
    fn an_invalid_number_is_a_miss() {
        let mut t = at_phone();
        t.send("12 34");
        assert_eq!(t.said(), ["phone-not-understood"]);
        assert_eq!(t.stands(), "help:phone");
        assert_eq!(t.var("phone"), None);
    }

    #[test]
    fn an_optional_number_is_skipped_and_stores_nothing() {
        let mut t = at_phone();
        t.send("non");
        assert_eq!(t.var("phone"), None);
        assert_eq!(t.stands(), "help:summary");
    }

    #[test]
    fn a_required_number_cannot_be_skipped() {
        let mut t = Talk::with(kiosk());
        t.s.vars.insert(
            "mission".into(),
            Value::Item(crate::engine::testing::item("m1")),
        );
        t.s.idle = false;
        t.s.at = crate::engine::testing::at("missions:phone");
        t.open();
        assert_eq!(
            t.prompt().unwrap().expect,
            Expect::Phone { optional: false }
        );
        t.send("non");
        assert_eq!(t.said(), ["phone-not-understood"]);
        t.send("0612345678");
        let Some(Call::SignUp(i)) = t.run() else {
            panic!("no sign-up: {:?}", t.outputs);
        };
        assert_eq!(i.phone.as_deref(), Some("+33612345678"));
    }

    #[test]
    fn by_sms_the_kiosk_only_question_is_not_asked() {
        let mut t = Talk::new();
        t.sends(&["1", "1", "Rumilly", "3", "rien"]);
        assert_eq!(t.stands(), "help:summary");
    }
}

//! `say`: says its message (if any), then goes on (or ends).

use crate::engine::model::Target;
use crate::engine::parse::{NodeParser, RawNode};

#[derive(Clone, Debug)]
pub struct SayNode {
    pub next: Target,
}

impl SayNode {
    pub(in crate::engine) fn parse(raw: &RawNode, p: &mut NodeParser<'_>) -> Self {
        Self {
            next: p.need("next", raw.next.as_ref()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::effects::{Call, set_language};
    use crate::engine::testing::Talk;

    #[test]
    fn a_say_node_speaks_then_goes_on_to_its_next_question() {
        let mut t = Talk::new();
        t.sends(&["4", "anglais"]);
        assert_eq!(
            t.run(),
            Some(&Call::SetLanguage(set_language::Input {
                language: "en".into()
            }))
        );
        t.resume(set_language::Outcome::Done);
        // language:done says "language-changed", then the menu.
        assert_eq!(t.said(), ["language-changed"]);
        assert_eq!(t.stands(), "main:menu");
        assert_eq!(t.asked(), Some("menu-ask"));
    }

    #[test]
    fn a_say_node_to_end_finishes_the_conversation() {
        let mut t = Talk::new();
        t.sends(&["1", "1", "Rumilly", "3", "rien", "non", "5"]);
        assert_eq!(t.said(), ["help-cancelled"]);
        assert!(t.prompt().is_none());
        assert!(t.s.idle);
        assert_eq!(t.stands(), "main:menu");
    }
}

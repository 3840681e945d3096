//! `set_language`: the person's language from now on.

use super::{Contract, Missing, OutcomeSpec, Read, Ty, Vars, key, result};
use crate::engine::step::EffectResult;

const LANGUAGE: Read = Read {
    var: "language",
    ty: Ty::Key,
    required: true,
};

pub const CONTRACT: Contract = Contract {
    name: "set_language",
    reads: &[LANGUAGE],
    outcomes: &[OutcomeSpec {
        name: "done",
        writes: &[],
    }],
};

#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// A language code (`fr`, `en`, `ar`).
    pub language: String,
}

impl Input {
    pub fn read(vars: &Vars) -> Result<Self, Missing> {
        Ok(Self {
            language: key(vars, &LANGUAGE)?.unwrap_or_default(),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
}

impl From<Outcome> for EffectResult {
    fn from(Outcome::Done: Outcome) -> Self {
        result(&CONTRACT, "done", vec![])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::session::Value;
    use crate::engine::testing::{assert_fits, choice, vars};

    #[test]
    fn reads_the_language_chosen() {
        let v = vars(&[("language", choice("en"))]);
        assert_eq!(
            Input::read(&v),
            Ok(Input {
                language: "en".into()
            })
        );
    }

    #[test]
    fn a_language_absent_or_of_another_type_is_missing() {
        assert_eq!(Input::read(&vars(&[])), Err(Missing("language")));
        let v = vars(&[("language", Value::Text("en".into()))]);
        assert_eq!(Input::read(&v), Err(Missing("language")));
    }

    #[test]
    fn done_writes_nothing() {
        let r = EffectResult::from(Outcome::Done);
        assert_eq!(r.outcome, "done");
        assert!(r.vars.is_empty());
        assert_fits(&CONTRACT, &r);
    }
}

//! The contracts between flows and code: every effect a flow may run, one module each,
//! declaring the variables it reads (with their types, required or not), its outcomes (an
//! enum) and what each outcome stores.
//!
//! The engine reads an effect's inputs from the session into a typed [`Call`]; the service
//! layer (`crate::effects`) carries it out and answers with the effect's typed outcome, turned
//! back into an [`EffectResult`] here. `passerelle flows check` proves every path to an effect
//! node stores what the effect requires and that the node routes every outcome
//! ([`crate::engine::check`]), so renaming `store = "when"` fails at load time with file:line
//! instead of saving an empty urgency at run time.

pub mod cancel_request;
pub mod cancel_signup;
pub mod create_help_request;
pub mod find_missions;
pub mod find_request;
pub mod my_requests;
pub mod my_signups;
pub mod set_language;
pub mod sign_up;

use std::collections::BTreeMap;

use super::session::{Item, Value};
use super::step::EffectResult;

/// The type of a flow variable, as nodes store it and effects read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// A key: a choice (`when`, `category`) or a day understood from words.
    Key,
    /// A commune's INSEE code.
    Commune,
    /// A few words, a voice message, or "nothing to add".
    Words,
    /// A reference code.
    Code,
    /// A phone number (E.164).
    Phone,
    /// A list of items to pick from.
    Items,
    /// One item picked from a list.
    Item,
    /// A value only shown to the person.
    Shown,
}

impl Ty {
    /// True when a stored value has this type.
    pub fn holds(self, v: &Value) -> bool {
        matches!(
            (self, v),
            (Ty::Key, Value::Choice { .. } | Value::Day { .. })
                | (Ty::Commune, Value::Commune(_))
                | (
                    Ty::Words,
                    Value::Text(_) | Value::Recording(_) | Value::Arg(_)
                )
                | (Ty::Code, Value::Code(_))
                | (Ty::Phone, Value::Phone(_))
                | (Ty::Items, Value::Items(_))
                | (Ty::Item, Value::Item(_))
                | (Ty::Shown, _)
        )
    }
}

/// A variable an effect reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Read {
    pub var: &'static str,
    pub ty: Ty,
    /// Without it the effect cannot run; an optional one may be absent (a question skipped, a
    /// node for another channel).
    pub required: bool,
}

/// One way an effect can end, and what it stores for the nodes after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutcomeSpec {
    pub name: &'static str,
    pub writes: &'static [(&'static str, Ty)],
}

/// What an effect needs from the flows and what it gives back.
#[derive(Debug, PartialEq, Eq)]
pub struct Contract {
    pub name: &'static str,
    pub reads: &'static [Read],
    pub outcomes: &'static [OutcomeSpec],
}

impl Contract {
    pub fn outcome(&self, name: &str) -> Option<&OutcomeSpec> {
        self.outcomes.iter().find(|o| o.name == name)
    }
}

/// Every effect flows may name.
pub const ALL: &[&Contract] = &[
    &find_missions::CONTRACT,
    &sign_up::CONTRACT,
    &create_help_request::CONTRACT,
    &my_requests::CONTRACT,
    &find_request::CONTRACT,
    &cancel_request::CONTRACT,
    &set_language::CONTRACT,
    &my_signups::CONTRACT,
    &cancel_signup::CONTRACT,
];

/// The contract of an effect, by the name flows use.
pub fn contract(name: &str) -> Option<&'static Contract> {
    ALL.iter().copied().find(|c| c.name == name)
}

/// A required variable was missing or of another type: the flows check should have caught
/// it; the turn says so plainly instead of acting on an empty value.
#[derive(Debug, PartialEq, Eq)]
pub struct Missing(pub &'static str);

/// An effect to run, with its inputs read from the session.
#[derive(Clone, Debug, PartialEq)]
pub enum Call {
    FindMissions(find_missions::Input),
    SignUp(sign_up::Input),
    CreateHelpRequest(create_help_request::Input),
    MyRequests,
    FindRequest(find_request::Input),
    CancelRequest(cancel_request::Input),
    SetLanguage(set_language::Input),
    MySignups,
    CancelSignup(cancel_signup::Input),
}

impl Call {
    /// Reads the inputs of the effect named `name` from the session's variables.
    pub fn read(name: &str, vars: &Vars) -> Result<Call, Missing> {
        Ok(match name {
            "find_missions" => Call::FindMissions(find_missions::Input::read(vars)?),
            "sign_up" => Call::SignUp(sign_up::Input::read(vars)?),
            "create_help_request" => {
                Call::CreateHelpRequest(create_help_request::Input::read(vars)?)
            }
            "my_requests" => Call::MyRequests,
            "find_request" => Call::FindRequest(find_request::Input::read(vars)?),
            "cancel_request" => Call::CancelRequest(cancel_request::Input::read(vars)?),
            "set_language" => Call::SetLanguage(set_language::Input::read(vars)?),
            "my_signups" => Call::MySignups,
            "cancel_signup" => Call::CancelSignup(cancel_signup::Input::read(vars)?),
            _ => return Err(Missing("effect")),
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Call::FindMissions(_) => find_missions::CONTRACT.name,
            Call::SignUp(_) => sign_up::CONTRACT.name,
            Call::CreateHelpRequest(_) => create_help_request::CONTRACT.name,
            Call::MyRequests => my_requests::CONTRACT.name,
            Call::FindRequest(_) => find_request::CONTRACT.name,
            Call::CancelRequest(_) => cancel_request::CONTRACT.name,
            Call::SetLanguage(_) => set_language::CONTRACT.name,
            Call::MySignups => my_signups::CONTRACT.name,
            Call::CancelSignup(_) => cancel_signup::CONTRACT.name,
        }
    }
}

/// A session's variables.
pub type Vars = BTreeMap<String, Value>;

/// The key of a choice (or of a day understood from words).
pub fn key(vars: &Vars, read: &Read) -> Result<Option<String>, Missing> {
    let v = match vars.get(read.var) {
        Some(Value::Choice { key, .. }) | Some(Value::Day { key, .. }) => Some(key.clone()),
        _ => None,
    };
    need(v, read)
}

/// A commune's INSEE code.
pub fn commune(vars: &Vars, read: &Read) -> Result<Option<String>, Missing> {
    let v = match vars.get(read.var) {
        Some(Value::Commune(c)) => Some(c.clone()),
        _ => None,
    };
    need(v, read)
}

/// An item picked from a list.
pub fn item(vars: &Vars, read: &Read) -> Result<Option<Item>, Missing> {
    let v = match vars.get(read.var) {
        Some(Value::Item(i)) => Some(i.clone()),
        _ => None,
    };
    need(v, read)
}

/// A phone number.
pub fn phone(vars: &Vars, read: &Read) -> Result<Option<String>, Missing> {
    let v = match vars.get(read.var) {
        Some(Value::Phone(p)) => Some(p.clone()),
        _ => None,
    };
    need(v, read)
}

fn need<T>(v: Option<T>, read: &Read) -> Result<Option<T>, Missing> {
    match v {
        None if read.required => Err(Missing(read.var)),
        v => Ok(v),
    }
}

/// Turns a typed outcome into what the engine resumes with.
pub fn result(contract: &Contract, outcome: &str, vars: Vec<(&str, Value)>) -> EffectResult {
    debug_assert!(
        contract.outcome(outcome).is_some(),
        "{} has no outcome {outcome}",
        contract.name
    );
    let mut r = EffectResult::outcome(outcome);
    for (k, v) in vars {
        r = r.with(k, v);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contract_has_a_unique_name_and_outcomes() {
        let mut names: Vec<&str> = ALL.iter().map(|c| c.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
        assert!(ALL.iter().all(|c| !c.outcomes.is_empty()));
    }

    #[test]
    fn a_required_variable_missing_is_refused_not_read_as_empty() {
        let vars = Vars::new();
        assert_eq!(
            Call::read("create_help_request", &vars),
            Err(Missing("category"))
        );
        assert_eq!(Call::read("my_requests", &vars), Ok(Call::MyRequests));
    }
}

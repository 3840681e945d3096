//! A mediator acting for a resident under a mandate, as the conversation service sees it: the
//! conversation runs as its own contact (`mediator:<mandate>`, channel `mediator`), but what it
//! creates belongs to the resident — a help request or a mission sign-up is theirs, their
//! phone gets the code — and each act is written to the audit log, in the same transaction,
//! with the acting mediator and the mandate. A turn whose act the mandate does not cover is
//! refused there too (nothing is written), whatever the console checked before.
//!
//! The console (`http::mediation::acting`) checks the mandate is usable and builds [`Acting`].

use crate::domain::PhoneNumber;
use crate::domain::lifecycle::Actor;
use crate::domain::mandate::Scope;
use crate::store::{Contact, NewAudit, StoreError, Tx};

/// The error text of an act the mandate does not cover (the console recognises it).
pub const OUT_OF_SCOPE: &str = "the mandate does not cover this act";

/// Who acts, for whom, under which mandate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acting {
    pub mandate_id: i64,
    /// The key the resident's contact is stored under (their phone, E.164, most often).
    pub resident_key: String,
    /// The mediator.
    pub actor: Actor,
    /// The relais of the mandate (and of the mediator).
    pub relais: String,
    /// What the mandate lets them do, checked usable when the turn began.
    pub scopes: Vec<Scope>,
}

impl Acting {
    /// The key of the conversation the mediator holds for this mandate.
    pub fn key(&self) -> String {
        format!("mediator:{}", self.mandate_id)
    }

    /// Refuses an act the mandate does not cover (the whole turn is then undone).
    pub fn require(&self, scope: Scope) -> Result<(), StoreError> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(StoreError::Constraint(OUT_OF_SCOPE.into()))
        }
    }

    /// The resident's phone, when their contact is one.
    pub fn phone(&self) -> Option<PhoneNumber> {
        PhoneNumber::parse(&self.resident_key).ok()
    }

    /// The resident's contact.
    pub async fn resident(&self, tx: &mut dyn Tx, now: i64) -> Result<Contact, StoreError> {
        tx.contact(&self.resident_key, now).await
    }

    /// Writes one act to the audit log (`create_request`, `sign_up`) with the mandate.
    pub async fn audit(
        &self,
        tx: &mut dyn Tx,
        resident: i64,
        reference: Option<&str>,
        action: &str,
        detail: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        tx.record(&NewAudit {
            actor: &self.actor,
            relais: Some(&self.relais),
            contact_id: Some(resident),
            request_reference: reference,
            action,
            mandate_id: Some(self.mandate_id),
            detail,
            at: now,
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acting(scopes: Vec<Scope>) -> Acting {
        Acting {
            mandate_id: 7,
            resident_key: "+33612345678".into(),
            actor: Actor::Mediator {
                id: 1,
                name: "Aïcha".into(),
            },
            relais: "r".into(),
            scopes,
        }
    }

    #[test]
    fn the_conversation_is_the_mandates_own() {
        assert_eq!(acting(vec![]).key(), "mediator:7");
        assert_eq!(
            acting(vec![]).phone().map(|p| p.as_str().to_string()),
            Some("+33612345678".into())
        );
    }

    #[test]
    fn an_act_outside_the_scopes_is_refused() {
        let a = acting(vec![Scope::HelpRequests]);
        assert!(a.require(Scope::HelpRequests).is_ok());
        assert!(matches!(
            a.require(Scope::Signups),
            Err(StoreError::Constraint(m)) if m == OUT_OF_SCOPE
        ));
        assert!(
            acting(vec![Scope::Conversation])
                .require(Scope::HelpRequests)
                .is_err()
        );
    }
}

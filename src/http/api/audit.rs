//! Every API call that reads or changes personal data lands in the audit log (mediation's
//! append-only `audit_log`), one entry per person's record, in one transaction with nothing
//! else: when the log cannot be written, the data is not given.

use futures::future::BoxFuture;

use super::Caller;
use super::errors::Problem;
use crate::domain::lifecycle::Actor;
use crate::http::AppState;
use crate::store::{self, NewAudit, StoreError, Tx};

/// One record seen (or changed) by a client.
#[derive(Clone, Debug)]
pub struct Seen {
    pub relais: String,
    pub contact_id: Option<i64>,
    pub reference: Option<String>,
}

impl Caller {
    /// Who the caller is in the lifecycle's and the audit log's terms (the admin token is
    /// the client with id 0).
    pub fn actor(&self) -> Actor {
        Actor::ApiClient {
            id: self.client_id.unwrap_or(0),
            name: self.name.clone(),
        }
    }

    /// What the audit log says of a read: with or without the phone numbers.
    pub fn detail(&self) -> &'static str {
        if self.sees_contacts() {
            "api, with contact details"
        } else {
            "api"
        }
    }
}

/// Records that `caller` saw these records (`action`: `api_view_request`…).
pub async fn seen(
    state: &AppState,
    caller: &Caller,
    action: &'static str,
    records: Vec<Seen>,
) -> Result<(), Problem> {
    if records.is_empty() {
        return Ok(());
    }
    let actor = caller.actor();
    let detail = caller.detail();
    let now = jiff::Timestamp::now().as_second();
    store::within(
        state.conversations.store.as_ref(),
        move |tx: &mut dyn Tx| -> BoxFuture<'_, Result<(), StoreError>> {
            Box::pin(async move {
                for r in &records {
                    tx.record(&NewAudit {
                        actor: &actor,
                        relais: Some(&r.relais),
                        contact_id: r.contact_id,
                        request_reference: r.reference.as_deref(),
                        action,
                        mandate_id: None,
                        detail: Some(detail),
                        at: now,
                    })
                    .await?;
                }
                Ok(())
            })
        },
    )
    .await?;
    Ok(())
}

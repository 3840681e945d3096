//! Delivering partners' event webhooks from the outbox: signed the Standard Webhooks way
//! (`webhook-id` stays the same across retries, `webhook-timestamp` is the time of each
//! attempt), retried on the outbox's schedule, and the subscription disabled — with the
//! reason, for its owner and the operators — after [`DISABLE_AFTER`] failures in a row or a
//! `410 Gone`.

use std::time::Duration;

use crate::domain::webhook::signature;
use crate::store::outbox::Outcome;
use crate::store::{OutboxItem, StoreError};

use super::Worker;
use super::outbox::RETRY_SCHEDULE;

/// Failed attempts in a row after which a subscription is disabled.
pub const DISABLE_AFTER: i64 = 10;
/// Longest a receiver may take to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The HTTP client of deliveries: a timeout, no redirects (a receiver answers itself).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Passerelle-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_default()
}

impl Worker {
    /// One delivery: `None` when the claim was lost before it went.
    pub(super) async fn deliver_webhook(
        &self,
        item: &OutboxItem,
        now: i64,
    ) -> Result<Option<Outcome>, StoreError> {
        let store = self.store();
        let sub = match item.recipient.parse::<i64>() {
            Ok(id) => store.subscription(id).await?,
            Err(_) => None,
        };
        let Some(sub) = sub else {
            return Ok(Some(Outcome::Cancelled {
                reason: "the subscription no longer exists".into(),
            }));
        };
        if sub.status != "active" {
            return Ok(Some(Outcome::Cancelled {
                reason: "the subscription is disabled".into(),
            }));
        }
        if !store.outbox_sending(item.id, &self.id, now).await? {
            return Ok(None);
        }
        let id = format!("msg_{}", item.reference());
        // The receiver compares it with its own clock: the real time of this attempt.
        let timestamp = jiff::Timestamp::now().as_second();
        let signed = signature(&sub.signing_secrets(now), &id, timestamp, &item.body);
        let sent = self
            .http
            .post(&sub.url)
            .header("content-type", "application/json")
            .header("webhook-id", &id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signed)
            .body(item.body.clone())
            .send()
            .await;
        let error = match sent {
            Ok(r) if r.status().is_success() => {
                store.delivery_ok(sub.id, now).await?;
                return Ok(Some(Outcome::Sent {
                    provider_id: format!("{id} http {}", r.status().as_u16()),
                    segments: None,
                }));
            }
            Ok(r) => format!("the receiver answered HTTP {}", r.status().as_u16()),
            Err(e) if e.is_timeout() => format!("no answer within {} s", TIMEOUT.as_secs()),
            Err(e) if e.is_connect() => "the receiver cannot be reached".to_string(),
            Err(_) => "the delivery failed on the way".to_string(),
        };
        let gone = error.ends_with("HTTP 410");
        let disable = if gone {
            Some("the receiver answered 410 Gone: it wants no more events".to_string())
        } else if sub.failures + 1 >= DISABLE_AFTER {
            Some(format!(
                "{DISABLE_AFTER} deliveries failed in a row; the last: {error}"
            ))
        } else {
            None
        };
        store
            .delivery_failed(sub.id, &error, disable.as_deref(), now)
            .await?;
        tracing::warn!(subscription = sub.id, outbox = item.id, %error, disabled = disable.is_some(), "webhook delivery failed");
        Ok(Some(match RETRY_SCHEDULE.get(item.attempts as usize) {
            Some(d) if disable.is_none() => Outcome::Retry {
                at: now + d,
                error,
                counts: true,
            },
            _ => Outcome::Failed { error },
        }))
    }
}

//! The outbox step: claim what is due, and for each message decide (expired? quiet hours?
//! sender held back? recipient opted out?), pace, hand it to its provider, record the
//! outcome. The one place where quiet hours apply, so every sender gets them.

use crate::domain::PhoneNumber;
use crate::providers::{Email, ProviderError, Sms};
use crate::store::outbox::{Outcome, channel};
use crate::store::{OutboxItem, StoreError};

use super::Worker;

/// Twilio's error for a recipient who replied STOP to the carrier.
pub const UNSUBSCRIBED: i64 = 21610;

/// Seconds to wait before each retry; after the last one the message is given up.
pub const RETRY_SCHEDULE: [i64; 5] = [30, 120, 600, 3600, 6 * 3600];

/// A direct reply to what the person just wrote (the Android gateway's answers): never held
/// by quiet hours nor by an opt-out (the person may have just written STOP).
pub const REPLY: &str = "reply";

/// What one step did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Handed to a provider and accepted.
    pub sent: usize,
    /// Put back to wait (quiet hours, a sender held back, a retry).
    pub waiting: usize,
    /// Refused, unknown, expired or withdrawn.
    pub other: usize,
}

impl Worker {
    /// Sends what is due at `now`; returns what became of it.
    pub async fn outbox_step(&self, now: i64) -> Result<Report, StoreError> {
        let store = self.store();
        let mut report = Report::default();
        if store.outbox_paused().await? {
            return Ok(report);
        }
        let lease = now + self.config.lease_secs;
        let items = store
            .claim_outbox(&self.id, now, lease, self.config.batch)
            .await?;
        for item in items {
            if self.stopping() {
                // The rest goes back to the queue, untouched.
                break;
            }
            let Some(outcome) = self.attempt(&item, now).await? else {
                continue;
            };
            match &outcome {
                Outcome::Sent { .. } => report.sent += 1,
                Outcome::Retry { .. } | Outcome::Deferred { .. } => report.waiting += 1,
                _ => report.other += 1,
            }
            metrics::counter!("passerelle_outbox_outcomes_total", "channel" => item.channel.clone(), "outcome" => outcome_name(&outcome)).increment(1);
            store.outbox_done(item.id, &self.id, &outcome, now).await?;
        }
        store.release_outbox(&self.id, now).await?;
        Ok(report)
    }

    /// One message: `None` when the claim was lost before it was handed over.
    async fn attempt(&self, item: &OutboxItem, now: i64) -> Result<Option<Outcome>, StoreError> {
        if item.expires_at.is_some_and(|e| now >= e) {
            return Ok(Some(Outcome::Expired));
        }
        if item.channel == channel::WEBHOOK {
            return self.deliver_webhook(item, now).await;
        }
        let relais = self.conversations.core.relais.by_id(&item.relais);
        if ![channel::SMS, channel::EMAIL].contains(&item.channel.as_str()) {
            // A channel this version cannot send (a newer instance queued it): leave it.
            return Ok(Some(Outcome::Deferred {
                until: now + RETRY_SCHEDULE[RETRY_SCHEDULE.len() - 1],
            }));
        }
        let sms = item.channel == channel::SMS;
        if sms && !item.urgent && item.kind != REPLY {
            let quiet = relais
                .as_ref()
                .and_then(|r| r.quiet_hours)
                .unwrap_or(self.config.quiet_hours);
            let allowed = quiet.next_allowed(now);
            if allowed > now {
                return Ok(Some(Outcome::Deferred { until: allowed }));
            }
        }
        if sms && item.kind != REPLY && self.store().opted_out(&item.recipient).await? {
            return Ok(Some(Outcome::Cancelled {
                reason: "the recipient opted out".into(),
            }));
        }
        let from = relais
            .as_ref()
            .and_then(|r| r.numbers.first())
            .map(PhoneNumber::as_str);
        let sender = if sms {
            self.sms.sender(from)
        } else {
            "email".into()
        };
        if let Some(until) = self.pacer.held_until(&sender, now) {
            return Ok(Some(Outcome::Deferred { until }));
        }
        if !self.paced(&sender).await {
            return Ok(None);
        }
        if !self.store().outbox_sending(item.id, &self.id, now).await? {
            return Ok(None);
        }
        let reference = item.reference();
        let result = if sms {
            self.sms
                .send(&Sms {
                    from,
                    to: &item.recipient,
                    body: &item.body,
                    reference: &reference,
                })
                .await
        } else {
            self.mail
                .send(&Email {
                    to: &item.recipient,
                    subject: item.subject.as_deref().unwrap_or_default(),
                    body: &item.body,
                    reference: &reference,
                })
                .await
        };
        Ok(Some(self.outcome(item, &sender, result, now).await?))
    }

    async fn outcome(
        &self,
        item: &OutboxItem,
        sender: &str,
        result: Result<String, ProviderError>,
        now: i64,
    ) -> Result<Outcome, StoreError> {
        if let Err(e) = &result {
            let kind = match e {
                ProviderError::Throttled { .. } => "throttled",
                ProviderError::Retryable(_) => "temporary",
                ProviderError::Unknown(_) => "no_answer",
                ProviderError::Final { .. } => "refused",
            };
            metrics::counter!("passerelle_provider_errors_total", "channel" => item.channel.clone(), "kind" => kind)
                .increment(1);
        }
        Ok(match result {
            Ok(provider_id) => Outcome::Sent {
                provider_id,
                segments: None,
            },
            Err(ProviderError::Throttled {
                retry_after_secs,
                message,
            }) => {
                let wait = retry_after_secs
                    .map(|s| s.min(3600) as i64)
                    .unwrap_or(RETRY_SCHEDULE[0]);
                self.pacer.hold(sender, now + wait);
                tracing::warn!(outbox = item.id, wait, "provider asks to slow down");
                Outcome::Retry {
                    at: now + wait,
                    error: message,
                    counts: false,
                }
            }
            Err(ProviderError::Retryable(e)) => match RETRY_SCHEDULE.get(item.attempts as usize) {
                Some(d) => {
                    tracing::warn!(outbox = item.id, attempts = item.attempts + 1, error = %e, "send failed, will retry");
                    Outcome::Retry {
                        at: now + d,
                        error: e,
                        counts: true,
                    }
                }
                None => {
                    tracing::error!(outbox = item.id, error = %e, "send failed too often, given up");
                    Outcome::Failed { error: e }
                }
            },
            Err(ProviderError::Unknown(e)) => {
                tracing::warn!(outbox = item.id, error = %e, "no answer from the provider: the message may have gone; waiting for its report");
                Outcome::Unknown { error: e }
            }
            Err(e @ ProviderError::Final { .. }) => {
                tracing::warn!(outbox = item.id, error = %e, "send refused");
                if let ProviderError::Final {
                    code: UNSUBSCRIBED, ..
                } = e
                {
                    self.store()
                        .mark_opted_out(&item.recipient, "provider:21610", now)
                        .await?;
                }
                Outcome::Failed {
                    error: e.to_string(),
                }
            }
        })
    }
}

fn outcome_name(o: &Outcome) -> &'static str {
    match o {
        Outcome::Sent { .. } => "sent",
        Outcome::Retry { .. } => "retry",
        Outcome::Deferred { .. } => "deferred",
        Outcome::Unknown { .. } => "unknown",
        Outcome::Failed { .. } => "failed",
        Outcome::Cancelled { .. } => "cancelled",
        Outcome::Expired => "expired",
    }
}

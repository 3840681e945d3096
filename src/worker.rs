//! The outbox worker: one testable step ([`send_due`]) and a thin loop around it.
//!
//! Messages that are not a direct reply (notifications to a relais's help line) are written
//! to the outbox inside the turn that caused them, then sent here with retries as data.

use std::sync::Arc;
use std::time::Duration;

use crate::domain::RelaisSet;
use crate::providers::{ProviderError, SmsProvider};
use crate::store::{Store, StoreError};

/// Twilio's error for a recipient who replied STOP to the carrier.
pub const UNSUBSCRIBED: i64 = 21610;

/// Seconds to wait before each retry; after the last one the message is given up.
pub const RETRY_SCHEDULE: [i64; 5] = [30, 120, 600, 3600, 6 * 3600];

/// Sends what is due; returns how many were sent.
pub async fn send_due(
    store: &dyn Store,
    provider: &dyn SmsProvider,
    relais: &RelaisSet,
    now: i64,
) -> Result<usize, StoreError> {
    let mut sent = 0;
    for item in store.outbox_due(now, 50).await? {
        let from = relais
            .by_id(&item.relais)
            .and_then(|r| r.numbers.first())
            .map(|n| n.as_str().to_string());
        match provider
            .send(from.as_deref(), &item.to_phone, &item.body)
            .await
        {
            Ok(id) => {
                store.outbox_sent(item.id, &id).await?;
                sent += 1;
            }
            Err(ProviderError::Retryable(e)) => {
                let retry = RETRY_SCHEDULE.get(item.attempts as usize).map(|d| now + d);
                tracing::warn!(outbox = item.id, attempts = item.attempts + 1, error = %e, "send failed, will retry");
                store.outbox_failed(item.id, &e, retry).await?;
            }
            Err(e @ ProviderError::Final { .. }) => {
                tracing::warn!(outbox = item.id, error = %e, "send refused");
                store.outbox_failed(item.id, &e.to_string(), None).await?;
                if matches!(
                    e,
                    ProviderError::Final {
                        code: UNSUBSCRIBED,
                        ..
                    }
                ) {
                    store
                        .mark_opted_out(&item.to_phone, "provider:21610", now)
                        .await?;
                }
            }
        }
    }
    Ok(sent)
}

/// Runs [`send_due`] every couple of seconds until `shutdown` turns true. A step in progress
/// is finished first (a message being sent is recorded as sent or failed), so stopping never
/// leaves a message to be sent twice.
pub async fn run(
    store: Arc<dyn Store>,
    provider: Arc<dyn SmsProvider>,
    relais: RelaisSet,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(Duration::from_secs(2));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
        let now = jiff::Timestamp::now().as_second();
        if let Err(e) = send_due(store.as_ref(), provider.as_ref(), &relais, now).await {
            tracing::error!(error = %e, "outbox step failed");
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

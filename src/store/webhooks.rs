//! Storage of event subscriptions: a partner client's URL, event types, secret (and the
//! previous one for a while after a rotation), and how its deliveries go — failures in a
//! row, disabled with the reason. The events themselves are queued in the outbox by the
//! database, in the transaction of each change (migration 0006).

use async_trait::async_trait;

use super::Result;

/// A subscription as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Subscription {
    pub id: i64,
    /// The owner (0: the admin token).
    pub client_id: i64,
    pub client_name: String,
    pub relais: Option<String>,
    pub url: String,
    pub events: Vec<String>,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_until: Option<i64>,
    /// `active` or `disabled`.
    pub status: String,
    /// Failed delivery attempts in a row.
    pub failures: i64,
    pub last_error: Option<String>,
    pub disabled_reason: Option<String>,
    pub disabled_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Subscription {
    /// The secrets that sign a delivery at `now`: the current one, and the previous one
    /// until its grace period ends.
    pub fn signing_secrets(&self, now: i64) -> Vec<&str> {
        let mut out = vec![self.secret.as_str()];
        if let (Some(p), Some(until)) = (&self.previous_secret, self.previous_until)
            && now < until
        {
            out.push(p);
        }
        out
    }
}

/// A subscription about to be created.
#[derive(Clone, Debug)]
pub struct NewSubscription<'a> {
    pub client_id: i64,
    pub client_name: &'a str,
    pub relais: Option<&'a str>,
    pub url: &'a str,
    pub events: &'a [String],
    pub secret: &'a str,
    pub now: i64,
}

/// A change asked by its owner.
#[derive(Clone, Debug, Default)]
pub struct SubscriptionChange {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    /// `Some(true)`: active again (failures forgotten); `Some(false)`: paused by its owner.
    pub active: Option<bool>,
}

/// The columns [`subscription_row!`](crate::subscription_row) reads (both backends).
pub(crate) const COLUMNS: &str = "id, client_id, client_name, relais, url, events, secret, \
     previous_secret, previous_until, status, failures, last_error, disabled_reason, disabled_at, \
     created_at, updated_at";
/// Withdraws a subscription's deliveries not sent yet (binds: now, the subscription's id as
/// text), in the transaction that deletes it.
pub(crate) const WITHDRAW_DELIVERIES: &str = "UPDATE outbox SET status = 'cancelled', \
     last_error = 'the subscription was deleted', updated_at = $1 \
     WHERE channel = 'webhook' AND recipient = $2 AND status IN ('pending', 'claimed')";

/// A [`Subscription`] from a row with [`COLUMNS`], in a function returning
/// [`crate::store::Result`].
#[macro_export]
#[doc(hidden)]
macro_rules! subscription_row {
    ($row:expr) => {{
        let r = $row;
        let events: String = r.try_get("events")?;
        $crate::store::webhooks::Subscription {
            id: r.try_get("id")?,
            client_id: r.try_get("client_id")?,
            client_name: r.try_get("client_name")?,
            relais: r.try_get("relais")?,
            url: r.try_get("url")?,
            events: events.split_whitespace().map(str::to_string).collect(),
            secret: r.try_get("secret")?,
            previous_secret: r.try_get("previous_secret")?,
            previous_until: r.try_get("previous_until")?,
            status: r.try_get("status")?,
            failures: r.try_get("failures")?,
            last_error: r.try_get("last_error")?,
            disabled_reason: r.try_get("disabled_reason")?,
            disabled_at: r.try_get("disabled_at")?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
        }
    }};
}

#[async_trait]
pub trait WebhookStore: Send + Sync {
    async fn create_subscription(&self, s: &NewSubscription<'_>) -> Result<Subscription>;
    /// A client's subscriptions (`None`: everyone's, for operators).
    async fn subscriptions(&self, client_id: Option<i64>) -> Result<Vec<Subscription>>;
    async fn subscription(&self, id: i64) -> Result<Option<Subscription>>;
    async fn change_subscription(
        &self,
        id: i64,
        change: &SubscriptionChange,
        now: i64,
    ) -> Result<Option<Subscription>>;
    /// Deletes a subscription; its deliveries not sent yet are withdrawn.
    async fn delete_subscription(&self, id: i64, now: i64) -> Result<bool>;
    /// A new secret; the previous one keeps signing until `previous_until`.
    async fn rotate_secret(
        &self,
        id: i64,
        secret: &str,
        previous_until: i64,
        now: i64,
    ) -> Result<Option<Subscription>>;
    /// A delivery was accepted: failures forgotten.
    async fn delivery_ok(&self, id: i64, now: i64) -> Result<()>;
    /// A delivery failed; the subscription is disabled with `disable` as the reason when
    /// given. Returns the failures in a row.
    async fn delivery_failed(
        &self,
        id: i64,
        error: &str,
        disable: Option<&str>,
        now: i64,
    ) -> Result<i64>;
}

//! Storage of the outbox: messages Passerelle sends on its own (confirmations, reminders,
//! notifications, partners' event webhooks), each with a channel, a time before which it must
//! not go, one after which it is pointless, and a dedupe key per logical message.
//!
//! Writers queue inside their own transaction ([`OutboxTx`]); the worker claims due messages
//! with a lease ([`OutboxStore::claim_outbox`]) so that several workers, and several instances
//! on PostgreSQL (`FOR UPDATE SKIP LOCKED`), never take the same one. A message is
//! marked `sending` just before it is handed to a provider: one found `sending` after its
//! lease ran out may have gone, so it becomes `unknown` and waits for a status callback or an
//! operator, never sent blindly again.

use async_trait::async_trait;

use super::Result;

pub(crate) mod sql;

/// The ways out.
pub mod channel {
    pub const SMS: &str = "sms";
    pub const EMAIL: &str = "email";
    /// An event to a partner's URL (the recipient is the subscription's id).
    pub const WEBHOOK: &str = "webhook";
}

/// Statuses of an outbox row.
pub mod status {
    /// Waiting for its time (`not_before`).
    pub const PENDING: &str = "pending";
    /// Held by a worker (lease), not yet handed to a provider.
    pub const CLAIMED: &str = "claimed";
    /// Handed to a provider, answer awaited.
    pub const SENDING: &str = "sending";
    /// Accepted by the provider.
    pub const SENT: &str = "sent";
    /// Reported delivered by the provider.
    pub const DELIVERED: &str = "delivered";
    /// Refused or undelivered: final.
    pub const FAILED: &str = "failed";
    /// The provider's answer never came: it may have gone. A status callback or an operator
    /// settles it.
    pub const UNKNOWN: &str = "unknown";
    /// Withdrawn (the sign-up was cancelled, an operator cancelled it, the person opted out).
    pub const CANCELLED: &str = "cancelled";
    /// Not sent before `expires_at` (a reminder for a mission already begun).
    pub const EXPIRED: &str = "expired";

    pub const ALL: [&str; 9] = [
        PENDING, CLAIMED, SENDING, SENT, DELIVERED, FAILED, UNKNOWN, CANCELLED, EXPIRED,
    ];
}

/// A message to queue.
#[derive(Clone, Debug, PartialEq)]
pub struct NewOutbound {
    /// [`channel::SMS`] or [`channel::EMAIL`].
    pub channel: String,
    /// What it is (`signup_reminder`, `help_request`…), for operators and tests.
    pub kind: String,
    /// The relais it is sent for: its number, its quiet hours.
    pub relais: String,
    /// An E.164 number or an e-mail address.
    pub recipient: String,
    /// E-mail only.
    pub subject: Option<String>,
    pub body: String,
    /// Goes out even during quiet hours (a code the person is waiting for, a direct reply).
    pub urgent: bool,
    pub not_before: i64,
    /// After this, the message is dropped unsent.
    pub expires_at: Option<i64>,
    /// One message per key, ever: queuing the same key again does nothing.
    pub dedupe_key: Option<String>,
    pub now: i64,
}

impl NewOutbound {
    /// An SMS to send as soon as allowed.
    pub fn sms(relais: &str, to: &str, body: &str, kind: &str, now: i64) -> Self {
        Self {
            channel: channel::SMS.into(),
            kind: kind.into(),
            relais: relais.into(),
            recipient: to.into(),
            subject: None,
            body: body.into(),
            urgent: false,
            not_before: now,
            expires_at: None,
            dedupe_key: None,
            now,
        }
    }

    /// An e-mail to send as soon as possible.
    pub fn email(relais: &str, to: &str, subject: &str, body: &str, kind: &str, now: i64) -> Self {
        Self {
            channel: channel::EMAIL.into(),
            subject: Some(subject.into()),
            ..Self::sms(relais, to, body, kind, now)
        }
    }

    /// Not held back by quiet hours.
    pub fn urgent(mut self) -> Self {
        self.urgent = true;
        self
    }

    /// Not before this time.
    pub fn at(mut self, not_before: i64) -> Self {
        self.not_before = not_before;
        self
    }

    /// Dropped if not sent by this time.
    pub fn expires(mut self, at: Option<i64>) -> Self {
        self.expires_at = at;
        self
    }

    /// One logical message.
    pub fn dedupe(mut self, key: impl Into<String>) -> Self {
        self.dedupe_key = Some(key.into());
        self
    }
}

/// A claimed message, as the worker sends it.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxItem {
    pub id: i64,
    pub channel: String,
    pub kind: String,
    pub relais: String,
    pub recipient: String,
    pub subject: Option<String>,
    pub body: String,
    pub urgent: bool,
    pub attempts: i64,
    pub expires_at: Option<i64>,
    pub created_at: i64,
}

impl OutboxItem {
    /// Our own name for this message, given to providers (the Android gateway's message id,
    /// Twilio's status callback URL) so their reports find it even when their answer was lost.
    pub fn reference(&self) -> String {
        format!("o{}-{}", self.id, self.created_at)
    }
}

/// Reads a [`OutboxItem::reference`] back: (id, created_at).
pub fn parse_reference(r: &str) -> Option<(i64, i64)> {
    let (id, created) = r.strip_prefix('o')?.split_once('-')?;
    Some((id.parse().ok()?, created.parse().ok()?))
}

/// An outbox row as operators read it.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxRow {
    pub id: i64,
    pub channel: String,
    pub kind: String,
    pub relais: String,
    pub recipient: String,
    pub status: String,
    pub urgent: bool,
    pub attempts: i64,
    pub not_before: i64,
    pub expires_at: Option<i64>,
    pub dedupe_key: Option<String>,
    pub provider_id: Option<String>,
    pub last_error: Option<String>,
    pub segments: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub sent_at: Option<i64>,
}

/// What became of one attempt.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Accepted by the provider under this id.
    Sent {
        provider_id: String,
        segments: Option<i64>,
    },
    /// Not sent; try again at `at`. `counts` says whether it uses up one of the attempts
    /// (a 429 does not).
    Retry {
        at: i64,
        error: String,
        counts: bool,
    },
    /// Not its time (quiet hours, a provider asking to wait): back to pending until then.
    Deferred { until: i64 },
    /// The provider's answer never came.
    Unknown { error: String },
    /// Refused for good.
    Failed { error: String },
    /// Withdrawn before sending (the recipient opted out).
    Cancelled { reason: String },
    /// Too late to be useful.
    Expired,
}

/// What a delivery report names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Report<'a> {
    /// The provider's id for the message.
    ProviderId(&'a str),
    /// Our [`OutboxItem::reference`].
    Reference(&'a str),
}

/// Filters for operators' listings.
#[derive(Clone, Debug, Default)]
pub struct OutboxFilter {
    pub status: Option<String>,
    pub kind: Option<String>,
}

/// Queuing, inside a turn's (or a job's) transaction.
#[async_trait]
pub trait OutboxTx: Send {
    /// Queues a message; `None` when its dedupe key was already used.
    async fn enqueue_message(&mut self, m: &NewOutbound) -> Result<Option<i64>>;

    /// Withdraws a message not sent yet (pending); returns how many were withdrawn.
    async fn withdraw(&mut self, dedupe_key: &str, reason: &str, now: i64) -> Result<u64>;
}

/// The worker's and operators' side.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Takes up to `limit` messages due at `now` (oldest first) for `worker` until
    /// `lease_until`. Leases that ran out first: `claimed` rows go back to `pending`, `sending`
    /// rows become `unknown`.
    async fn claim_outbox(
        &self,
        worker: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<OutboxItem>>;
    /// Marks a claimed message as being handed to its provider; false when the claim was lost.
    async fn outbox_sending(&self, id: i64, worker: &str, now: i64) -> Result<bool>;
    /// Records what became of an attempt and lets go of the claim.
    async fn outbox_done(&self, id: i64, worker: &str, outcome: &Outcome, now: i64) -> Result<()>;
    /// Lets go of every message a worker claimed but did not hand over (it is stopping).
    async fn release_outbox(&self, worker: &str, now: i64) -> Result<u64>;
    /// A provider's report (sent, delivered, failed); true when a message matched.
    async fn delivery_report(
        &self,
        report: Report<'_>,
        status: &str,
        provider_id: Option<&str>,
        error: Option<&str>,
        now: i64,
    ) -> Result<bool>;
    /// True when the contact with this key opted out of SMS.
    async fn opted_out(&self, key: &str) -> Result<bool>;
    /// The latest rows, newest first.
    async fn outbox_list(&self, filter: &OutboxFilter, limit: i64) -> Result<Vec<OutboxRow>>;
    /// How many rows per status.
    async fn outbox_counts(&self) -> Result<Vec<(String, i64)>>;
    /// When the oldest message matching the filter was queued (Unix seconds), if any.
    async fn outbox_oldest(&self, filter: &OutboxFilter) -> Result<Option<i64>>;
    /// An operator sends again a message that failed or whose fate is unknown; true if done.
    async fn outbox_retry(&self, id: i64, now: i64) -> Result<bool>;
    /// An operator withdraws a message not sent yet; true if done.
    async fn outbox_cancel(&self, id: i64, now: i64) -> Result<bool>;
    /// Pauses (or resumes) every sending by every worker.
    async fn set_outbox_paused(&self, paused: bool, now: i64) -> Result<()>;
    async fn outbox_paused(&self) -> Result<bool>;
}

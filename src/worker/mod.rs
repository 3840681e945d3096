//! The background worker: the outbox step ([`Worker::outbox_step`]), the scheduler step
//! ([`Worker::scheduler_step`]), and a thin loop ([`run`]) that calls both every couple of
//! seconds (or at once when woken) until told to stop.
//!
//! Steps take `now`, so tests drive them with a clock of their own. Several workers, in one
//! process or in several, share the database safely: each claims with its own id and a
//! lease. Stopping never sends a message twice: the message in flight is finished, the
//! others are given back.

pub mod outbox;
pub mod pacing;
pub mod retention;
pub mod scheduler;
pub mod webhooks;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};

use crate::conversation::Conversations;
use crate::domain::QuietHours;
use crate::providers::{Mailer, SmsProvider};
use crate::store::Store;

pub use self::outbox::{REPLY, RETRY_SCHEDULE, Report, UNSUBSCRIBED};
use self::pacing::Pacer;

/// How a worker behaves.
#[derive(Clone, Debug)]
pub struct Config {
    /// SMS per second per sender.
    pub per_second: u32,
    /// Quiet hours of relais that set none.
    pub quiet_hours: QuietHours,
    /// How long a claim holds (seconds): longer than a batch takes to send.
    pub lease_secs: i64,
    /// Most messages (or jobs) claimed at once.
    pub batch: i64,
    /// Time between two rounds when nothing wakes the worker.
    pub tick: Duration,
}

impl Config {
    /// A batch takes about 2 seconds at the given pace; the lease covers it many times over.
    pub fn new(per_second: u32, quiet_hours: QuietHours) -> Self {
        let batch = i64::from(per_second.clamp(1, 25)) * 2;
        Self {
            per_second,
            quiet_hours,
            lease_secs: 120 + batch / i64::from(per_second.max(1)),
            batch,
            tick: Duration::from_secs(2),
        }
    }
}

/// One worker: its id (claims are in its name), what it sends with, its pace.
pub struct Worker {
    pub id: String,
    pub conversations: Conversations,
    pub sms: Arc<dyn SmsProvider>,
    pub mail: Arc<dyn Mailer>,
    pub config: Config,
    pacer: Pacer,
    /// Delivers partners' event webhooks, pulls the missions feed.
    http: reqwest::Client,
    stop: watch::Receiver<bool>,
}

impl Worker {
    /// A worker named `id` (unique among the workers sharing a database), stopping when
    /// `stop` turns true.
    pub fn new(
        id: &str,
        conversations: Conversations,
        sms: Arc<dyn SmsProvider>,
        mail: Arc<dyn Mailer>,
        config: Config,
        stop: watch::Receiver<bool>,
    ) -> Self {
        Self {
            id: id.to_string(),
            pacer: Pacer::new(config.per_second),
            http: webhooks::client(),
            conversations,
            sms,
            mail,
            config,
            stop,
        }
    }

    /// A worker that is never told to stop (tests, one-off commands).
    pub fn unstoppable(
        id: &str,
        conversations: Conversations,
        sms: Arc<dyn SmsProvider>,
        mail: Arc<dyn Mailer>,
        config: Config,
    ) -> Self {
        // The sender is dropped: the value stays false for ever.
        let (_, stop) = watch::channel(false);
        Self::new(id, conversations, sms, mail, config, stop)
    }

    fn store(&self) -> &dyn Store {
        self.conversations.store.as_ref()
    }

    fn stopping(&self) -> bool {
        *self.stop.borrow()
    }

    /// Waits for the sender's turn; false if told to stop meanwhile.
    async fn paced(&self, sender: &str) -> bool {
        let mut stop = self.stop.clone();
        if *stop.borrow() {
            return false;
        }
        tokio::select! {
            _ = self.pacer.ready(sender) => !*self.stop.borrow(),
            _ = stopped(&mut stop) => false,
        }
    }
}

/// Resolves once `stop` turns true; never if its sender is gone without saying so.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    if stop.wait_for(|s| *s).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// A name for a worker that is unique enough: host, process, start time.
pub fn worker_id() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".into());
    format!(
        "{host}-{}-{}",
        std::process::id(),
        jiff::Timestamp::now().as_millisecond()
    )
}

/// Runs both steps every `tick` (or when `wake` is notified) until `stop` turns true; then
/// finishes the message in flight, gives back what it claimed and returns.
pub async fn run(worker: Worker, wake: Arc<Notify>, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(worker.config.tick);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = wake.notified() => {}
            _ = stopped(&mut stop) => break,
        }
        let now = jiff::Timestamp::now().as_second();
        if let Err(e) = worker.scheduler_step(now).await {
            tracing::error!(error = %e, "scheduler step failed");
        }
        if let Err(e) = worker.outbox_step(now).await {
            tracing::error!(error = %e, "outbox step failed");
        }
    }
    let now = jiff::Timestamp::now().as_second();
    let store = worker.store();
    match (
        store.release_outbox(&worker.id, now).await,
        store.release_jobs(&worker.id, now).await,
    ) {
        (Ok(m), Ok(j)) => tracing::info!(messages = m, jobs = j, "worker stopped"),
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "worker stopped; its claims will lapse with their lease")
        }
    }
}

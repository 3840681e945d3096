//! Pacing per sender: a long code takes about one SMS a second, a messaging service more;
//! a provider that answers 429 holds that sender back until the time it gave.
//!
//! In memory, per worker process: several instances sharing one sender should divide the
//! rate between them (docs/operations.md).

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Paces messages per sender.
#[derive(Debug)]
pub struct Pacer {
    limiter: DefaultKeyedRateLimiter<String>,
    /// Sender → Unix time before which nothing may go to it (a 429's `Retry-After`).
    held: Mutex<HashMap<String, i64>>,
}

impl Pacer {
    /// `per_second` messages a second for each sender, without bursts above it.
    pub fn new(per_second: u32) -> Self {
        let rate = NonZeroU32::new(per_second.max(1)).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_second(rate)),
            held: Mutex::new(HashMap::new()),
        }
    }

    /// Waits until `sender` may send one more message.
    pub async fn ready(&self, sender: &str) {
        self.limiter.until_key_ready(&sender.to_string()).await;
    }

    /// Holds `sender` back until `until` (Unix seconds).
    pub fn hold(&self, sender: &str, until: i64) {
        if let Ok(mut held) = self.held.lock() {
            let t = held.entry(sender.to_string()).or_insert(until);
            *t = (*t).max(until);
        }
    }

    /// The time `sender` is held until, if it is still held at `now`.
    pub fn held_until(&self, sender: &str, now: i64) -> Option<i64> {
        let held = self.held.lock().ok()?;
        held.get(sender).copied().filter(|t| *t > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_a_second_per_sender_and_senders_do_not_wait_for_each_other() {
        let p = Pacer::new(1);
        let start = std::time::Instant::now();
        p.ready("a").await;
        p.ready("b").await;
        assert!(start.elapsed().as_millis() < 500, "two senders, no wait");
        p.ready("a").await;
        assert!(
            start.elapsed().as_millis() >= 900,
            "the second message of one sender waits a second"
        );
    }

    #[test]
    fn a_held_sender_waits_until_the_time_given() {
        let p = Pacer::new(1);
        p.hold("a", 100);
        p.hold("a", 50);
        assert_eq!(p.held_until("a", 10), Some(100));
        assert_eq!(p.held_until("a", 100), None);
        assert_eq!(p.held_until("b", 10), None);
    }
}

//! Rate limits at the edge, before any storage work: a flood costs the one who sends it, not
//! the others.
//!
//! Keyed token buckets (`governor`): per sender number on the SMS and voice webhooks, per
//! address for kiosk enrolment and for new kiosk visits from unenrolled browsers, per token
//! on the JSON API. The quotas leave a person plenty of room — 40 quick keys on the phone, a
//! burst of SMS — and stop a machine quickly. SMS auto-responders are handled later by the
//! loop guard (`engine::guard`), which can tell a person from a machine by what they write.
//! The state lives in this process's memory: with several instances each one limits on its
//! own, which only makes the limits looser by the number of instances.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Weak};
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// A quota of `burst` at once, refilled one every `every`.
fn quota(burst: u32, every: Duration) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(every)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

/// Every limit of the service.
pub struct Limits {
    /// SMS per sender number: 30 at once, then one every 2 s (nobody types faster).
    sms: DefaultKeyedRateLimiter<String>,
    /// The kind "slow down" answer, once per sender every 10 minutes; then silence.
    sms_notice: DefaultKeyedRateLimiter<String>,
    /// Voice webhooks per caller: 60 at once (quick keys), then one a second.
    voice: DefaultKeyedRateLimiter<String>,
    /// Kiosk enrolment codes tried per address: 5, then one every 2 minutes.
    enrol: DefaultKeyedRateLimiter<IpAddr>,
    /// New kiosk visits per address (unenrolled browsers): 20, then one every 30 s.
    visits: DefaultKeyedRateLimiter<IpAddr>,
    /// API calls per token: 50 at once, then 20 a second.
    api: DefaultKeyedRateLimiter<String>,
    /// Console sign-ins per account (e-mail): 5, then one a minute.
    login_account: DefaultKeyedRateLimiter<String>,
    /// Console sign-ins (and setup attempts) per address: 20, then one every 30 s.
    login_address: DefaultKeyedRateLimiter<IpAddr>,
}

/// What to do with an SMS from a sender over their limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Over {
    /// Within the limit: handle it.
    No,
    /// Over, for the first time in a while: say kindly to slow down.
    Tell,
    /// Over again: say nothing.
    Silent,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            sms: RateLimiter::keyed(quota(30, Duration::from_secs(2))),
            sms_notice: RateLimiter::keyed(quota(1, Duration::from_secs(600))),
            voice: RateLimiter::keyed(quota(60, Duration::from_secs(1))),
            enrol: RateLimiter::keyed(quota(5, Duration::from_secs(120))),
            visits: RateLimiter::keyed(quota(20, Duration::from_secs(30))),
            api: RateLimiter::keyed(quota(50, Duration::from_millis(50))),
            login_account: RateLimiter::keyed(quota(5, Duration::from_secs(60))),
            login_address: RateLimiter::keyed(quota(20, Duration::from_secs(30))),
        }
    }
}

impl Limits {
    /// A new set of limits, with a background task forgetting senders long quiet.
    pub fn new() -> Arc<Self> {
        let limits = Arc::new(Self::default());
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(forget_quiet(Arc::downgrade(&limits)));
        }
        limits
    }

    /// An SMS from `sender`.
    pub fn sms(&self, sender: &str) -> Over {
        if self.sms.check_key(&sender.to_string()).is_ok() {
            return Over::No;
        }
        limited("sms");
        if self.sms_notice.check_key(&sender.to_string()).is_ok() {
            Over::Tell
        } else {
            Over::Silent
        }
    }

    /// A voice webhook from `caller`: true when it may be handled.
    pub fn voice(&self, caller: &str) -> bool {
        self.voice.check_key(&caller.to_string()).is_ok() || limited("voice")
    }

    /// An enrolment code tried from `address`: true when it may be checked.
    pub fn enrol(&self, address: IpAddr) -> bool {
        self.enrol.check_key(&address).is_ok() || limited("enrol")
    }

    /// A new kiosk visit from an unenrolled browser at `address`.
    pub fn visit(&self, address: IpAddr) -> bool {
        self.visits.check_key(&address).is_ok() || limited("visit")
    }

    /// An API call with a token (identified by its hash, never the token itself).
    pub fn api(&self, token_hash: &str) -> bool {
        self.api.check_key(&token_hash.to_string()).is_ok() || limited("api")
    }

    /// A console sign-in for `account` (its e-mail, lowercased) from `address`: true when it
    /// may be checked. Both buckets are spent, so a guesser is slowed down either way.
    pub fn login(&self, account: &str, address: IpAddr) -> bool {
        let by_address = self.login_address.check_key(&address).is_ok();
        let by_account = self.login_account.check_key(&account.to_string()).is_ok();
        (by_address && by_account) || limited("login")
    }

    /// A setup attempt from `address` (the link's token is the account).
    pub fn setup(&self, token_hash: &str, address: IpAddr) -> bool {
        self.login(token_hash, address)
    }

    fn forget(&self) {
        self.sms.retain_recent();
        self.sms_notice.retain_recent();
        self.voice.retain_recent();
        self.enrol.retain_recent();
        self.visits.retain_recent();
        self.api.retain_recent();
        self.login_account.retain_recent();
        self.login_address.retain_recent();
    }
}

/// Every minute, drops the buckets of senders who are back to a full bucket, so memory follows
/// the senders active now, not all senders ever seen.
async fn forget_quiet(limits: Weak<Limits>) {
    loop {
        tokio::time::sleep(Duration::from_secs(60)).await;
        let Some(l) = limits.upgrade() else { return };
        l.forget();
    }
}

/// Counts a request refused by a limit (`passerelle_rate_limited_total{surface}`); false.
fn limited(surface: &'static str) -> bool {
    metrics::counter!("passerelle_rate_limited_total", "surface" => surface).increment(1);
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flood_costs_its_sender_only_and_is_told_once() {
        let l = Limits::default();
        let verdicts: Vec<Over> = (0..50).map(|_| l.sms("+33612345678")).collect();
        assert!(verdicts[..30].iter().all(|v| *v == Over::No));
        assert_eq!(verdicts[30], Over::Tell);
        assert!(verdicts[31..].iter().all(|v| *v == Over::Silent));
        assert_eq!(
            l.sms("+33698765432"),
            Over::No,
            "another number is not touched"
        );
    }

    #[test]
    fn forty_quick_keys_on_the_phone_pass() {
        let l = Limits::default();
        assert!((0..40).all(|_| l.voice("+33612345678")));
    }

    #[test]
    fn sign_ins_are_limited_per_account_and_per_address() {
        let l = Limits::default();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        assert!((0..5).all(|_| l.login("aicha@mairie.fr", a)));
        assert!(
            !l.login("aicha@mairie.fr", b),
            "the account is slowed down everywhere"
        );
        assert!(
            l.login("marc@mairie.fr", a),
            "another account from the same address"
        );
        let c: IpAddr = "192.0.2.3".parse().unwrap();
        let passed = (0..40)
            .filter(|i| l.login(&format!("n{i}@x.fr"), c))
            .count();
        assert_eq!(passed, 20, "one address cannot try every account");
    }

    #[test]
    fn enrolment_is_limited_per_address() {
        let l = Limits::default();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        assert!((0..5).all(|_| l.enrol(a)));
        assert!(!l.enrol(a));
        assert!(l.enrol(b), "one address cannot block every enrolment");
    }
}

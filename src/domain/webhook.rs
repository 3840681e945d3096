//! Event webhooks to partners, the Standard Webhooks way: the event types, `whsec_` secrets
//! (random, base64 after the prefix), and the signature (`v1,` + base64 HMAC-SHA256 of
//! `{id}.{timestamp}.{body}` keyed by the secret's bytes), one per secret still valid, so a
//! rotation never breaks a receiver. Pure.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};

/// Every event a partner can subscribe to.
pub const EVENT_TYPES: [&str; 6] = [
    "help_request.created",
    "help_request.updated",
    "signup.created",
    "signup.updated",
    "callback.requested",
    "mission.full",
];

/// Prefix of every secret.
pub const SECRET_PREFIX: &str = "whsec_";

/// Reads a list of event types; every one must be known, at least one given.
pub fn parse_events<S: AsRef<str>>(events: &[S]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for e in events {
        let e = e.as_ref().trim();
        if !EVENT_TYPES.contains(&e) {
            return Err(format!(
                "\"{e}\" is not an event type: {}",
                EVENT_TYPES.join(", ")
            ));
        }
        if !out.iter().any(|x| x == e) {
            out.push(e.to_string());
        }
    }
    if out.is_empty() {
        return Err("give at least one event type".into());
    }
    Ok(out)
}

/// A new secret: 32 random bytes.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

/// The key bytes of a secret, if it is one: `whsec_` then base64 of 24 to 64 bytes.
pub fn secret_key(secret: &str) -> Option<Vec<u8>> {
    let key = STANDARD.decode(secret.strip_prefix(SECRET_PREFIX)?).ok()?;
    (24..=64).contains(&key.len()).then_some(key)
}

/// The `webhook-signature` header: one `v1,<base64>` per secret, space-separated.
pub fn signature(secrets: &[&str], id: &str, timestamp: i64, body: &str) -> String {
    secrets
        .iter()
        .filter_map(|s| secret_key(s))
        .filter_map(|key| {
            let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).ok()?;
            mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
            Some(format!(
                "v1,{}",
                STANDARD.encode(mac.finalize().into_bytes())
            ))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks a subscriber's URL: https, or http to this machine (tests, a local relay).
pub fn check_url(url: &str) -> Result<(), String> {
    let local = ["http://127.0.0.1", "http://localhost", "http://[::1]"];
    let ok = url.starts_with("https://")
        || local.iter().any(|l| {
            url.strip_prefix(l)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        });
    if ok && url.len() <= 2000 && !url.contains(char::is_whitespace) {
        Ok(())
    } else {
        Err("url must be https:// (http:// only to localhost)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_matches_the_standard_webhooks_example() {
        // The example of the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        let body = r#"{"test": 2432232314}"#;
        assert_eq!(
            signature(&[secret], id, 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn a_rotation_signs_with_both_secrets() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert!(secret_key(&a).is_some());
        let sig = signature(&[&a, &b], "msg_1", 1, "{}");
        assert_eq!(sig.split(' ').count(), 2);
        assert!(sig.split(' ').all(|s| s.starts_with("v1,")));
        assert_eq!(signature(&["nonsense"], "msg_1", 1, "{}"), "");
    }

    #[test]
    fn events_and_urls_are_checked() {
        assert_eq!(
            parse_events(&["signup.created", "signup.created"]).unwrap(),
            ["signup.created"]
        );
        assert!(parse_events(&["signup.deleted"]).is_err());
        assert!(parse_events::<&str>(&[]).is_err());
        assert!(check_url("https://partner.example/hooks").is_ok());
        assert!(check_url("http://127.0.0.1:8080/h").is_ok());
        assert!(check_url("http://partner.example/h").is_err());
        assert!(check_url("http://localhost.evil.example/h").is_err());
    }
}

//! Kiosk visits: one per person at the screen, kept in the database.
//!
//! A visit is named by a random secret (the `kiosk_session` cookie); the database holds only
//! its SHA-256, with the visit's state: the CSRF token of its forms, the conversation id it
//! talks as, the last reply shown, the person's settings (language, text size).
//!
//! Nothing is stored before the person's first answer: an anonymous `GET /kiosk` gets a
//! *provisional* visit whose CSRF token is derived from its secret with the service's key
//! (an HMAC), so a thousand page loads cost nothing and push nobody out. The first form
//! posted with that token creates the visit — at most one at a time per enrolled kiosk (the
//! screen shows one person), and a bounded number per address for unenrolled browsers. A
//! visit ends when the person presses "Terminer", when the page's idle timer runs out, or —
//! without JavaScript — when the server sees no request for [`IDLE_SECS`]; an ended visit is
//! deleted, so its pages can never be shown again. A restart ends nothing.

use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::conversation::Reply;

/// A visit with no request for this long is ended by the server (the page's own timer warns
/// at 120 s and resets at 150 s).
pub const IDLE_SECS: i64 = 150;
/// Live visits one address may hold (unenrolled browsers; an enrolled kiosk holds one).
pub const MAX_VISITS_PER_ADDRESS: i64 = 20;

pub use crate::http::web::{id_hash, secret};

/// A value derived from a visit's secret with the service's key (an HMAC): the same for the
/// page that showed the first form and for the visit that form creates, so the first form can
/// be checked before anything is stored, and nobody without the key can forge one.
fn derived(key: &str, purpose: &str, id: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key.as_bytes()) else {
        return secret();
    };
    mac.update(purpose.as_bytes());
    mac.update(b":");
    mac.update(id.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// The CSRF token of a visit's first form.
pub fn first_csrf(key: &str, id: &str) -> String {
    derived(key, "kiosk-csrf", id)
}

/// One person's visit.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct KioskSession {
    /// The id the conversation knows this visit by (`kiosk:<who>`); not the cookie.
    pub who: String,
    /// Every form of this visit carries it.
    pub csrf: String,
    /// A public tag of this visit, so the page's scripts can tell a new person from the same
    /// one (read-aloud stays on within a visit only).
    pub visit: String,
    pub last_seen: i64,
    /// The language of the screens.
    pub lang: String,
    /// "Texte plus grand".
    pub big: bool,
    /// The last answer of the conversation, shown again on `GET /kiosk`.
    pub reply: Option<Reply>,
    /// The relais the conversation runs with, to clear it when the visit ends.
    pub relais: Option<String>,
    /// Show the language choice instead of the last reply.
    pub choosing_language: bool,
}

impl KioskSession {
    /// The state of a visit not stored yet.
    pub fn provisional(key: &str, id: &str, now: i64) -> Self {
        Self {
            who: derived(key, "kiosk-who", id),
            csrf: first_csrf(key, id),
            visit: derived(key, "kiosk-tag", id),
            last_seen: now,
            lang: crate::i18n::REFERENCE.to_string(),
            big: false,
            reply: None,
            relais: None,
            choosing_language: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_differ_and_first_tokens_are_bound_to_their_visit_and_key() {
        assert_ne!(secret(), secret());
        assert_eq!(secret().len(), 43);
        let (a, b) = (secret(), secret());
        assert_eq!(first_csrf("k", &a), first_csrf("k", &a));
        assert_ne!(first_csrf("k", &a), first_csrf("k", &b));
        assert_ne!(first_csrf("k", &a), first_csrf("other key", &a));
        assert_ne!(id_hash(&a), a, "the database never sees the secret");
    }

    #[test]
    fn a_visit_round_trips_through_its_stored_form() {
        let s = KioskSession::provisional("k", "id", 1_000);
        let json = serde_json::to_string(&s).unwrap();
        let back: KioskSession = serde_json::from_str(&json).unwrap();
        assert_eq!(back.csrf, s.csrf);
        assert_eq!(back.who, s.who);
    }
}

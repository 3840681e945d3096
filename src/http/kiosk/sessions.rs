//! Kiosk sessions: one per person at the screen, held in memory only.
//!
//! A session is named by a random secret (the `kiosk_session` cookie) and holds the CSRF token
//! of its forms, the conversation id it talks as, the last reply shown, and the person's
//! settings (text size). It ends when the person presses "Terminer", when the page's idle
//! timer runs out, or — without JavaScript — when the server sees no request for
//! [`IDLE_SECS`]; an ended session is forgotten, so its pages can never be shown again. A
//! restart of the service ends every session, which is the safe side.

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine;
use rand::RngCore;

use crate::conversation::Reply;

/// A session with no request for this long is ended by the server (the page's own timer
/// warns at 120 s and resets at 150 s).
pub const IDLE_SECS: i64 = 150;
/// Sessions held at once; the oldest idle one goes first when full.
pub const MAX_SESSIONS: usize = 1000;

/// A fresh random secret, URL-safe base64 of 32 bytes.
pub fn secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// One person's visit.
#[derive(Clone, Debug)]
pub struct KioskSession {
    /// The id the conversation knows this visit by (`kiosk:<who>`); not the cookie.
    pub who: String,
    /// Every form of this session carries it.
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
    fn new(now: i64) -> Self {
        Self {
            who: secret(),
            csrf: secret(),
            visit: secret(),
            last_seen: now,
            lang: crate::i18n::REFERENCE.to_string(),
            big: false,
            reply: None,
            relais: None,
            choosing_language: false,
        }
    }
}

/// Every live session, by cookie secret.
#[derive(Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, KioskSession>>,
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, KioskSession>> {
        // A panic while holding the lock leaves plain data behind: keep serving.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The live session with this secret, marked as seen now. An idle one is ended here and
    /// returned as `Err` (so its conversation can be cleared).
    pub fn touch(&self, id: &str, now: i64) -> Result<Option<KioskSession>, Box<KioskSession>> {
        let mut map = self.lock();
        let Some(mut s) = map.remove(id) else {
            return Ok(None);
        };
        if now - s.last_seen > IDLE_SECS {
            return Err(Box::new(s));
        }
        s.last_seen = now;
        map.insert(id.to_string(), s.clone());
        Ok(Some(s))
    }

    /// A new session; returns its secret.
    pub fn create(&self, now: i64) -> (String, KioskSession) {
        let id = secret();
        let session = KioskSession::new(now);
        let mut map = self.lock();
        if map.len() >= MAX_SESSIONS {
            map.retain(|_, s| now - s.last_seen <= IDLE_SECS);
        }
        if map.len() >= MAX_SESSIONS
            && let Some(oldest) = map
                .iter()
                .min_by_key(|(_, s)| s.last_seen)
                .map(|(k, _)| k.clone())
        {
            map.remove(&oldest);
        }
        map.insert(id.clone(), session.clone());
        (id, session)
    }

    /// Changes a live session.
    pub fn update(&self, id: &str, change: impl FnOnce(&mut KioskSession)) {
        if let Some(s) = self.lock().get_mut(id) {
            change(s);
        }
    }

    /// Ends a session now.
    pub fn end(&self, id: &str) -> Option<KioskSession> {
        self.lock().remove(id)
    }

    /// Ends every session idle for longer than [`IDLE_SECS`] at `now`, and returns them.
    pub fn sweep(&self, now: i64) -> Vec<KioskSession> {
        let mut map = self.lock();
        let idle: Vec<String> = map
            .iter()
            .filter(|(_, s)| now - s.last_seen > IDLE_SECS)
            .map(|(k, _)| k.clone())
            .collect();
        idle.iter().filter_map(|k| map.remove(k)).collect()
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_session_is_ended_and_never_comes_back() {
        let sessions = Sessions::default();
        let (id, _) = sessions.create(1_000);
        assert!(matches!(sessions.touch(&id, 1_100), Ok(Some(_))));
        // 150 s after the last request it still lives; one second more and it is gone.
        assert!(matches!(sessions.touch(&id, 1_250), Ok(Some(_))));
        assert!(sessions.touch(&id, 1_401).is_err());
        assert!(matches!(sessions.touch(&id, 1_402), Ok(None)));
    }

    #[test]
    fn the_sweep_ends_idle_sessions_only() {
        let sessions = Sessions::default();
        let (old, _) = sessions.create(1_000);
        let (fresh, _) = sessions.create(1_100);
        let ended = sessions.sweep(1_200);
        assert_eq!(ended.len(), 1);
        assert!(matches!(sessions.touch(&old, 1_200), Ok(None)));
        assert!(matches!(sessions.touch(&fresh, 1_200), Ok(Some(_))));
    }

    #[test]
    fn secrets_differ_and_sessions_are_bounded() {
        assert_ne!(secret(), secret());
        assert_eq!(secret().len(), 43);
        let sessions = Sessions::default();
        // All busy at once: the oldest goes when a new one comes.
        for _ in 0..(MAX_SESSIONS + 5) {
            sessions.create(1_000);
        }
        assert_eq!(sessions.len(), MAX_SESSIONS);
        // Idle ones go first.
        sessions.create(1_000 + IDLE_SECS + 1);
        assert_eq!(sessions.len(), 1);
    }
}

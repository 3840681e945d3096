//! Enrolling a kiosk: `passerelle kiosk enrol` makes a one-time code; typing it once on
//! `/kiosk/enrol` gives that browser a long random token (an HttpOnly cookie, never in a
//! URL) that ties it to a relais and a commune. Codes and tokens are stored only as SHA-256
//! hashes. Attempts are limited per address (`http::limits`) so codes cannot be guessed.

use rand::Rng;
use sha2::{Digest, Sha256};

use crate::store::{Kiosk, Store, StoreError};

/// How long an enrolment code can be used.
pub const CODE_TTL_SECS: i64 = 24 * 3600;

/// Letters and digits that cannot be mistaken for one another (no I, O, 0, 1).
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

fn random_symbols(n: usize) -> String {
    let mut rng = rand::rng();
    (0..n)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// A new code, `ABCD-EFGH-JKLM` (60 bits).
pub fn new_code() -> String {
    let raw = random_symbols(12);
    format!("{}-{}-{}", &raw[..4], &raw[4..8], &raw[8..])
}

/// A code as typed: capitals, without spaces or dashes.
pub fn normalize(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// SHA-256, hex: how codes and tokens are stored.
pub fn hash(secret: &str) -> String {
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

/// A kiosk waiting for its code to be typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Enrolment {
    pub kiosk_id: String,
    /// Shown once, to the operator; only its hash is stored.
    pub code: String,
    pub expires_at: i64,
}

/// Registers a kiosk of `relais` in `commune` and returns its one-time code.
pub async fn create(
    store: &dyn Store,
    relais: &str,
    commune_insee: &str,
    label: &str,
    now: i64,
) -> Result<Enrolment, StoreError> {
    let kiosk_id = format!("kiosk-{}", random_symbols(8).to_ascii_lowercase());
    let code = new_code();
    let expires_at = now + CODE_TTL_SECS;
    store
        .create_kiosk(
            &kiosk_id,
            relais,
            commune_insee,
            label,
            &hash(&normalize(&code)),
            expires_at,
            now,
        )
        .await?;
    Ok(Enrolment {
        kiosk_id,
        code,
        expires_at,
    })
}

/// Uses a code typed on `/kiosk/enrol`: the kiosk and the browser's new token, or `None` when
/// the code is unknown, spent or expired.
pub async fn enrol(
    store: &dyn Store,
    typed: &str,
    now: i64,
) -> Result<Option<(Kiosk, String)>, StoreError> {
    let code = normalize(typed);
    if code.len() != 12 {
        return Ok(None);
    }
    let token = super::sessions::secret();
    Ok(store
        .enrol_kiosk(&hash(&code), &hash(&token), now)
        .await?
        .map(|k| (k, token)))
}

/// The kiosk a browser's token names.
pub async fn kiosk_of(store: &dyn Store, token: &str) -> Result<Option<Kiosk>, StoreError> {
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    store.kiosk_by_token(&hash(token)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_easy_to_type_and_read_back() {
        let code = new_code();
        assert_eq!(code.len(), 14);
        assert_eq!(normalize(&code).len(), 12);
        assert_eq!(normalize(" abcd-efgh jkmn "), "ABCDEFGHJKMN");
        assert!(!code.contains(['0', '1', 'I', 'O']));
    }

    #[test]
    fn hashes_are_hex_sha256() {
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

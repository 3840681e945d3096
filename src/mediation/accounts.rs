//! Mediators' accounts: the one-time setup link, passwords (argon2id, hashed off the async
//! runtime), the TOTP second factor (RFC 6238: 6 digits, 30 s, a code accepted once), and how
//! long a session lives (30 min idle, 12 h at most).

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use totp_rs::{Builder, Secret, Totp};

use crate::store::mediators::{MediatorSession, NewMediator, ROLE_ADMIN, ROLE_MEDIATOR};
use crate::store::{MediatorStore, StoreError};

/// A setup link is valid 24 h.
pub const SETUP_SECS: i64 = 24 * 3600;
/// A session without a request for 30 min ends.
pub const IDLE_SECS: i64 = 30 * 60;
/// A session ends 12 h after sign-in whatever happens.
pub const ABSOLUTE_SECS: i64 = 12 * 3600;
/// Failed sign-ins of one account, through any instance, after which it must wait.
pub const MAX_FAILURES: i64 = 8;
/// The window those failures are counted in (seconds).
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;
/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The TOTP time step.
const STEP_SECS: i64 = 30;

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("this e-mail address already has an account")]
    Taken,
    #[error("{0}")]
    Invalid(&'static str),
    #[error(transparent)]
    Store(StoreError),
}

/// A new account and its one-time setup link.
#[derive(Debug)]
pub struct Created {
    pub id: i64,
    pub setup_url: String,
}

/// Creates an account waiting for its setup; the link (under `/mediation/`) is valid 24 h.
pub async fn create(
    store: &dyn MediatorStore,
    relais: &str,
    email: &str,
    name: &str,
    admin: bool,
    base_url: &str,
    now: i64,
) -> Result<Created, CreateError> {
    let email = email.trim().to_lowercase();
    let name = name.trim();
    if !email.contains('@') || email.len() > 200 {
        return Err(CreateError::Invalid("an e-mail address is needed"));
    }
    if name.is_empty() || name.chars().count() > 100 {
        return Err(CreateError::Invalid(
            "a name is needed (100 characters at most)",
        ));
    }
    let token = crate::http::web::secret();
    let id = store
        .create_mediator(&NewMediator {
            relais,
            email: &email,
            name,
            role: if admin { ROLE_ADMIN } else { ROLE_MEDIATOR },
            setup_token_hash: &crate::http::web::id_hash(&token),
            setup_expires_at: now + SETUP_SECS,
            now,
        })
        .await
        .map_err(|e| match e {
            StoreError::Duplicate(_) | StoreError::Constraint(_) => CreateError::Taken,
            other => CreateError::Store(other),
        })?;
    Ok(Created {
        id,
        setup_url: format!(
            "{}/mediation/activer/{token}",
            base_url.trim_end_matches('/')
        ),
    })
}

/// A fresh TOTP secret, base32 (what the person may type instead of scanning).
pub fn new_totp_secret() -> String {
    Secret::generate().to_base32()
}

fn totp(secret_b32: &str, account: &str, issuer: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret_b32).ok()?;
    Builder::new()
        .with_secret(secret)
        .with_account_name(account.replace(':', " "))
        .with_issuer(Some(issuer.replace(':', " ")))
        .build()
        .ok()
}

/// The `otpauth://` link an authenticator app reads from the QR code.
pub fn otpauth_url(secret_b32: &str, account: &str, issuer: &str) -> Option<String> {
    totp(secret_b32, account, issuer)?.to_url().ok()
}

/// The QR code of `text` as an SVG drawing (dark on light, with its quiet zone).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(220, 220)
            .dark_color(qrcode::render::svg::Color("#000000"))
            .light_color(qrcode::render::svg::Color("#ffffff"))
            .build(),
    )
}

/// The time step of a valid `code` at `now` (one step of clock drift either way), if it is
/// later than `last_step` (a code is never accepted twice).
pub fn code_step(secret_b32: &str, code: &str, now: i64, last_step: Option<i64>) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let t = totp(secret_b32, "x", "x")?;
    let origin = now.div_euclid(STEP_SECS);
    (origin - 1..=origin + 1)
        .filter(|s| last_step.is_none_or(|last| *s > last))
        .find(|s| u64::try_from(s * STEP_SECS).is_ok_and(|at| t.generate(at).to_string() == code))
}

/// The code of `secret_b32` at `now` (for tests and the command line).
pub fn code_at(secret_b32: &str, now: i64) -> Option<String> {
    let t = totp(secret_b32, "x", "x")?;
    Some(t.generate(u64::try_from(now).ok()?).to_string())
}

/// What a password must be; the reason it is refused.
pub fn check_password(password: &str, again: &str) -> Result<(), &'static str> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err("console-setup-password-short");
    }
    if password != again {
        return Err("console-setup-password-differs");
    }
    Ok(())
}

/// The argon2id hash of a password (PHC string), computed on a blocking thread.
pub async fn hash_password(password: String) -> Option<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .ok()
            .map(|h| h.to_string())
    })
    .await
    .ok()
    .flatten()
}

/// A hash nobody's password matches, checked when the account is unknown so that the answer
/// takes as long either way.
const DECOY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$tiYOnXAo9tUTntWZ7u5RS3TqGT6kkyvd0fBfEfSRL4g";

/// True when `password` matches `hash` (argon2id), checked on a blocking thread.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DECOY.to_string());
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok();
        ok && known
    })
    .await
    .unwrap_or(false)
}

/// A session still usable at `now`: not ended, seen in the last 30 min, begun less than 12 h ago.
pub fn session_live(s: &MediatorSession, now: i64) -> bool {
    s.ended_at.is_none() && now - s.last_seen < IDLE_SECS && now - s.created_at < ABSOLUTE_SECS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(created_at: i64, last_seen: i64) -> MediatorSession {
        MediatorSession {
            id_hash: "h".into(),
            mediator_id: 1,
            csrf: "c".into(),
            created_at,
            last_seen,
            ended_at: None,
        }
    }

    #[test]
    fn sessions_end_after_30_minutes_idle_or_12_hours() {
        assert!(session_live(&session(0, 0), IDLE_SECS - 1));
        assert!(!session_live(&session(0, 0), IDLE_SECS));
        let busy = session(0, ABSOLUTE_SECS - 10);
        assert!(session_live(&busy, ABSOLUTE_SECS - 1));
        assert!(!session_live(&busy, ABSOLUTE_SECS), "12 h at most");
        let ended = MediatorSession {
            ended_at: Some(5),
            ..session(0, 0)
        };
        assert!(!session_live(&ended, 6));
    }

    #[test]
    fn a_code_is_accepted_within_one_step_and_only_once() {
        let secret = new_totp_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now).unwrap();
        let step = code_step(&secret, &code, now, None).unwrap();
        assert_eq!(step, now / 30);
        assert_eq!(
            code_step(&secret, &code, now + 30, None),
            Some(step),
            "drift"
        );
        assert_eq!(code_step(&secret, &code, now + 90, None), None, "too late");
        assert_eq!(
            code_step(&secret, &code, now, Some(step)),
            None,
            "used twice"
        );
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(code_step(&secret, &spaced, now, None), Some(step));
        assert_eq!(code_step(&secret, "000000x", now, None), None);
        assert_eq!(code_step("not base32!", &code, now, None), None);
    }

    #[test]
    fn the_qr_code_is_an_svg_of_the_otpauth_link() {
        let secret = new_totp_secret();
        let url = otpauth_url(&secret, "aicha@mairie.fr", "Passerelle Mairie").unwrap();
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(url.contains(&secret));
        let svg = qr_svg(&url).unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }

    #[test]
    fn passwords_are_long_and_typed_twice() {
        assert!(check_password("court", "court").is_err());
        assert!(check_password("assez long pour passer", "autre chose de long").is_err());
        assert!(check_password("assez long pour passer", "assez long pour passer").is_ok());
    }

    #[tokio::test]
    async fn passwords_are_hashed_with_argon2id_and_verified() {
        let hash = hash_password("un mot de passe long".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("un mot de passe long".into(), Some(hash.clone())).await);
        assert!(!verify_password("un autre mot de passe".into(), Some(hash)).await);
        assert!(!verify_password("anything".into(), None).await);
    }
}

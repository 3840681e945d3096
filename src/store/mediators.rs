//! Storage of mediators' accounts and their signed-in sessions.
//!
//! A mediator is created with a one-time setup token (stored hashed, valid 24 h); the setup
//! stores a TOTP secret first (so the QR code shown stays the same until the setup is done),
//! then the password's argon2id hash, and spends the token. Sessions are named by the hash of
//! their cookie's secret. The rules (expiry, idle time, codes) live in `mediation::accounts`.

use async_trait::async_trait;

use super::Result;

/// Roles: a mediator works within their relais; an admin also manages its accounts.
pub const ROLE_MEDIATOR: &str = "mediator";
pub const ROLE_ADMIN: &str = "admin";

/// A mediator's account.
#[derive(Clone, Debug, PartialEq)]
pub struct Mediator {
    pub id: i64,
    pub relais: String,
    pub email: String,
    pub name: String,
    /// [`ROLE_MEDIATOR`] or [`ROLE_ADMIN`].
    pub role: String,
    pub password_hash: Option<String>,
    /// Base32 TOTP secret (set at the start of the setup).
    pub totp_secret: Option<String>,
    /// The last TOTP time step accepted: a code is never accepted twice.
    pub totp_last_step: Option<i64>,
    /// The setup is not done yet (a token is waiting).
    pub setup_expires_at: Option<i64>,
    pub disabled_at: Option<i64>,
    pub created_at: i64,
}

impl Mediator {
    pub fn is_admin(&self) -> bool {
        self.role == ROLE_ADMIN
    }

    /// Set up and not disabled: may sign in.
    pub fn is_active(&self) -> bool {
        self.disabled_at.is_none() && self.password_hash.is_some()
    }
}

/// A mediator about to be created.
#[derive(Clone, Debug)]
pub struct NewMediator<'a> {
    pub relais: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub setup_token_hash: &'a str,
    pub setup_expires_at: i64,
    pub now: i64,
}

/// A signed-in session.
#[derive(Clone, Debug, PartialEq)]
pub struct MediatorSession {
    /// SHA-256 (hex) of the cookie's secret.
    pub id_hash: String,
    pub mediator_id: i64,
    /// Every form of this session carries it.
    pub csrf: String,
    pub created_at: i64,
    pub last_seen: i64,
    pub ended_at: Option<i64>,
}

/// The columns [`mediator_row!`](crate::mediator_row) reads (the same SQL on both backends).
pub(crate) const COLUMNS: &str = "id, relais, email, name, role, password_hash, totp_secret, \
     totp_last_step, setup_expires_at, disabled_at, created_at";
/// The columns [`mediator_session_row!`](crate::mediator_session_row) reads.
pub(crate) const SESSION_COLUMNS: &str =
    "id_hash, mediator_id, csrf, created_at, last_seen, ended_at";

/// Creates an account waiting for its setup (binds: relais, email, name, role, token hash,
/// expiry, now).
pub(crate) const INSERT: &str = "INSERT INTO mediators (relais, email, name, role, \
     setup_token_hash, setup_expires_at, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
/// Keeps the TOTP secret already stored, else stores `$2`; one statement, so two requests
/// showing the QR code at once store the same secret.
pub(crate) const PENDING_TOTP: &str = "UPDATE mediators SET totp_secret = COALESCE(totp_secret, $2) \
     WHERE id = $1 RETURNING totp_secret";
/// Spends the setup token: only one of two concurrent setups matches the row.
pub(crate) const FINISH_SETUP: &str = "UPDATE mediators SET password_hash = $3, totp_last_step = $4, \
     setup_token_hash = NULL, setup_expires_at = NULL, updated_at = $5 \
     WHERE id = $1 AND setup_token_hash = $2 AND setup_expires_at > $5";
/// Uses a TOTP step once: the condition and the write are one statement.
pub(crate) const USE_TOTP_STEP: &str = "UPDATE mediators SET totp_last_step = $2 \
     WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)";

/// Failed sign-ins of an account since a time (binds: account, since).
pub(crate) const SIGN_IN_FAILURES: &str =
    "SELECT COUNT(*) AS n FROM sign_in_failures WHERE account = $1 AND at >= $2";
/// Records a failed sign-in (binds: account, now).
pub(crate) const RECORD_SIGN_IN_FAILURE: &str =
    "INSERT INTO sign_in_failures (account, at) VALUES ($1, $2)";
/// Forgets an account's failures older than a day (binds: account, now).
pub(crate) const PRUNE_SIGN_IN_FAILURES: &str =
    "DELETE FROM sign_in_failures WHERE account = $1 AND at < $2 - 86400";

/// A [`Mediator`] from a row (SQLite's or PostgreSQL's) with [`COLUMNS`].
#[macro_export]
#[doc(hidden)]
macro_rules! mediator_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::mediators::Mediator {
            id: r.try_get("id")?,
            relais: r.try_get("relais")?,
            email: r.try_get("email")?,
            name: r.try_get("name")?,
            role: r.try_get("role")?,
            password_hash: r.try_get("password_hash")?,
            totp_secret: r.try_get("totp_secret")?,
            totp_last_step: r.try_get("totp_last_step")?,
            setup_expires_at: r.try_get("setup_expires_at")?,
            disabled_at: r.try_get("disabled_at")?,
            created_at: r.try_get("created_at")?,
        }
    }};
}

/// A [`MediatorSession`] from a row with [`SESSION_COLUMNS`].
#[macro_export]
#[doc(hidden)]
macro_rules! mediator_session_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::mediators::MediatorSession {
            id_hash: r.try_get("id_hash")?,
            mediator_id: r.try_get("mediator_id")?,
            csrf: r.try_get("csrf")?,
            created_at: r.try_get("created_at")?,
            last_seen: r.try_get("last_seen")?,
            ended_at: r.try_get("ended_at")?,
        }
    }};
}

#[async_trait]
pub trait MediatorStore: Send + Sync {
    /// Creates an account waiting for its setup; `Duplicate` when the e-mail is taken.
    async fn create_mediator(&self, m: &NewMediator<'_>) -> Result<i64>;
    async fn mediator(&self, id: i64) -> Result<Option<Mediator>>;
    async fn mediator_by_email(&self, email: &str) -> Result<Option<Mediator>>;
    /// Failed sign-ins of this account (a lower-case e-mail) since `since`, whichever
    /// instance saw them.
    async fn sign_in_failures(&self, account: &str, since: i64) -> Result<i64>;
    /// Records a failed sign-in of this account.
    async fn record_sign_in_failure(&self, account: &str, now: i64) -> Result<()>;
    /// The account waiting for setup with this token (hashed), if still valid at `now`.
    async fn mediator_by_setup(&self, token_hash: &str, now: i64) -> Result<Option<Mediator>>;
    /// Stores the TOTP secret shown during setup, unless one is there already; returns the
    /// secret now stored.
    async fn pending_totp_secret(&self, id: i64, fresh: &str) -> Result<String>;
    /// Ends the setup: the password's hash stored, the token spent, `step` the code used.
    /// False when the token was spent or expired meanwhile.
    async fn finish_setup(
        &self,
        id: i64,
        token_hash: &str,
        password_hash: &str,
        step: i64,
        now: i64,
    ) -> Result<bool>;
    /// Records the TOTP step of an accepted code; false when a step as late was used already.
    async fn use_totp_step(&self, id: i64, step: i64) -> Result<bool>;
    /// The accounts of a relais, by name.
    async fn mediators_of(&self, relais: &str) -> Result<Vec<Mediator>>;
    /// Disables (or enables again, `None`) an account; disabling ends its sessions.
    async fn set_mediator_disabled(&self, id: i64, at: Option<i64>, now: i64) -> Result<()>;
    async fn create_mediator_session(&self, s: &MediatorSession) -> Result<()>;
    async fn mediator_session(&self, id_hash: &str) -> Result<Option<MediatorSession>>;
    async fn touch_mediator_session(&self, id_hash: &str, now: i64) -> Result<()>;
    async fn end_mediator_session(&self, id_hash: &str, now: i64) -> Result<()>;
}

//! Storage of sign-ups beyond their creation (which stays with the turn, [`super::Tx::sign_up`]):
//! a sign-up with its mission and volunteer, status changes recorded one by one, places given
//! back. The rules of which change is allowed live in `domain::signup`.

use async_trait::async_trait;

use super::{Mission, Result};

/// A sign-up with what every message about it needs.
#[derive(Clone, Debug, PartialEq)]
pub struct SignupView {
    pub id: i64,
    pub status: String,
    pub channel: String,
    pub relais: String,
    /// The language the person signed up in.
    pub language: String,
    pub contact_id: i64,
    /// The volunteer's contact key (an E.164 number for anyone reachable).
    pub volunteer: String,
    /// The volunteer opted out of SMS.
    pub volunteer_opted_out: bool,
    pub note: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub mission: Mission,
}

/// Filters for operators' listings.
#[derive(Clone, Debug, Default)]
pub struct SignupFilter {
    pub relais: Option<String>,
    pub status: Option<String>,
    pub mission_id: Option<i64>,
}

/// Inside a transaction.
#[async_trait]
pub trait SignupTx: Send {
    async fn signup_view(&mut self, id: i64) -> Result<Option<SignupView>>;
    /// A contact's sign-ups with one of `statuses`, soonest mission first.
    async fn signups_of(&mut self, contact_id: i64, statuses: &[&str]) -> Result<Vec<SignupView>>;
    /// Moves a sign-up from `from` to `to` and records who did it; false when its status was
    /// no longer `from` (someone else changed it first).
    #[allow(clippy::too_many_arguments)]
    async fn set_signup_status(
        &mut self,
        id: i64,
        from: &str,
        to: &str,
        by: &str,
        note: Option<&str>,
        now: i64,
    ) -> Result<bool>;
    /// Gives a mission its place back.
    async fn free_place(&mut self, mission_id: i64, now: i64) -> Result<()>;
    /// Remembers the language a sign-up was made in.
    async fn set_signup_language(&mut self, id: i64, language: &str) -> Result<()>;
}

/// Operators' side.
#[async_trait]
pub trait SignupStore: Send + Sync {
    /// Sign-ups, newest first.
    async fn signup_list(&self, filter: &SignupFilter, limit: i64) -> Result<Vec<SignupView>>;
}

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

/// What both backends run as it is, each statement numbering its parameters in the order they
/// first appear (rusqlite binds `$n` by that order, sqlx by number).
pub(crate) mod sql {
    use crate::store::rows::MISSION_COLUMNS;

    /// A [`super::SignupView`]'s `SELECT … FROM … JOIN …`: the sign-up's own columns are
    /// prefixed (`s_…`) so the mission's keep their names.
    pub fn view_select() -> String {
        let mission: Vec<String> = MISSION_COLUMNS
            .split(", ")
            .map(|c| format!("m.{c}"))
            .collect();
        format!(
            "SELECT s.id AS s_id, s.status AS s_status, s.channel AS s_channel, s.relais AS s_relais, \
             s.language AS s_language, s.contact_id AS s_contact_id, s.note AS s_note, \
             s.created_at AS s_created_at, s.updated_at AS s_updated_at, \
             c.phone AS s_volunteer, c.opted_out_at AS s_opted_out_at, {} \
             FROM signups s JOIN missions m ON m.id = s.mission_id JOIN contacts c ON c.id = s.contact_id",
            mission.join(", ")
        )
    }

    /// Binds: to, note, now, id, from.
    pub const SET_STATUS: &str = "UPDATE signups SET status = $1, note = COALESCE($2, note), updated_at = $3 \
         WHERE id = $4 AND status = $5";
    /// Binds: signup_id, from, to, by, note, now.
    pub const RECORD_CHANGE: &str = "INSERT INTO signup_changes (signup_id, from_status, to_status, by_whom, note, at) \
         VALUES ($1, $2, $3, $4, $5, $6)";
    /// Binds: now, mission_id.
    pub const FREE_PLACE: &str =
        "UPDATE missions SET places_left = places_left + 1, updated_at = $1 WHERE id = $2";
    /// Binds: language, id.
    pub const SET_LANGUAGE: &str = "UPDATE signups SET language = $1 WHERE id = $2";
}

/// A [`SignupView`] from a sqlx row of either backend read by [`sql::view_select`].
#[macro_export]
#[doc(hidden)]
macro_rules! signup_view_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::signups::SignupView {
            id: r.try_get("s_id")?,
            status: r.try_get("s_status")?,
            channel: r.try_get("s_channel")?,
            relais: r.try_get("s_relais")?,
            language: r.try_get("s_language")?,
            contact_id: r.try_get("s_contact_id")?,
            volunteer: r.try_get("s_volunteer")?,
            volunteer_opted_out: r.try_get::<Option<i64>, _>("s_opted_out_at")?.is_some(),
            note: r.try_get("s_note")?,
            created_at: r.try_get("s_created_at")?,
            updated_at: r.try_get("s_updated_at")?,
            mission: $crate::mission_row!(r),
        }
    }};
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

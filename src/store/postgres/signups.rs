//! PostgreSQL side of `store::signups` (to be written).

use async_trait::async_trait;

use super::PgStore;
use super::turn::PgTx;
#[allow(unused_imports)]
use crate::store::signups::*;
#[allow(unused_imports)]
use crate::store::*;

#[async_trait]
impl SignupTx for PgTx<'_> {
    async fn signup_view(&mut self, id: i64) -> Result<Option<SignupView>> {
        let _ = id;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn signups_of(&mut self, contact_id: i64, statuses: &[&str]) -> Result<Vec<SignupView>> {
        let _ = contact_id;
        let _ = statuses;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn set_signup_status(
        &mut self,
        id: i64,
        from: &str,
        to: &str,
        by: &str,
        note: Option<&str>,
        now: i64,
    ) -> Result<bool> {
        let _ = id;
        let _ = from;
        let _ = to;
        let _ = by;
        let _ = note;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn free_place(&mut self, mission_id: i64, now: i64) -> Result<()> {
        let _ = mission_id;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn set_signup_language(&mut self, id: i64, language: &str) -> Result<()> {
        let _ = id;
        let _ = language;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

#[async_trait]
impl SignupStore for PgStore {
    async fn signup_list(&self, filter: &SignupFilter, limit: i64) -> Result<Vec<SignupView>> {
        let _ = filter;
        let _ = limit;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

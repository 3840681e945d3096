//! PostgreSQL side of `store::mediators` (to be written).

use async_trait::async_trait;

use super::PgStore;
use super::turn::PgTx;
#[allow(unused_imports)]
use crate::store::mediators::*;
#[allow(unused_imports)]
use crate::store::*;

#[async_trait]
impl MediatorStore for PgStore {
    async fn create_mediator(&self, m: &NewMediator<'_>) -> Result<i64> {
        let _ = m;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn mediator(&self, id: i64) -> Result<Option<Mediator>> {
        let _ = id;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn mediator_by_email(&self, email: &str) -> Result<Option<Mediator>> {
        let _ = email;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn mediator_by_setup(&self, token_hash: &str, now: i64) -> Result<Option<Mediator>> {
        let _ = token_hash;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn pending_totp_secret(&self, id: i64, fresh: &str) -> Result<String> {
        let _ = id;
        let _ = fresh;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn finish_setup(
        &self,
        id: i64,
        token_hash: &str,
        password_hash: &str,
        step: i64,
        now: i64,
    ) -> Result<bool> {
        let _ = id;
        let _ = token_hash;
        let _ = password_hash;
        let _ = step;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn use_totp_step(&self, id: i64, step: i64) -> Result<bool> {
        let _ = id;
        let _ = step;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn mediators_of(&self, relais: &str) -> Result<Vec<Mediator>> {
        let _ = relais;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn set_mediator_disabled(&self, id: i64, at: Option<i64>, now: i64) -> Result<()> {
        let _ = id;
        let _ = at;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn create_mediator_session(&self, s: &MediatorSession) -> Result<()> {
        let _ = s;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn mediator_session(&self, id_hash: &str) -> Result<Option<MediatorSession>> {
        let _ = id_hash;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn touch_mediator_session(&self, id_hash: &str, now: i64) -> Result<()> {
        let _ = id_hash;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn end_mediator_session(&self, id_hash: &str, now: i64) -> Result<()> {
        let _ = id_hash;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

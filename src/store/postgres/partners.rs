//! PostgreSQL side of `store::partners` (to be written).

use async_trait::async_trait;

use super::PgStore;
use super::turn::PgTx;
#[allow(unused_imports)]
use crate::store::partners::*;
#[allow(unused_imports)]
use crate::store::*;

#[async_trait]
impl PartnerStore for PgStore {
    async fn add_client(
        &self,
        name: &str,
        relais: Option<&str>,
        scopes: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<i64> {
        let _ = name;
        let _ = relais;
        let _ = scopes;
        let _ = token_hash;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn clients(&self) -> Result<Vec<ApiClient>> {
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn revoke_client(&self, name: &str, now: i64) -> Result<bool> {
        let _ = name;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn client_by_token(&self, token_hash: &str) -> Result<Option<ApiClient>> {
        let _ = token_hash;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn list_requests(&self, f: &Filter, w: &Window) -> Result<Vec<RequestRow>> {
        let _ = f;
        let _ = w;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn partner_request(&self, reference: &str) -> Result<Option<RequestRow>> {
        let _ = reference;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn list_missions(&self, f: &Filter, w: &Window) -> Result<Vec<Mission>> {
        let _ = f;
        let _ = w;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn mission_by_key(&self, source: &str, external_id: &str) -> Result<Option<Mission>> {
        let _ = source;
        let _ = external_id;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn list_signups(&self, f: &Filter, w: &Window) -> Result<Vec<SignupRow>> {
        let _ = f;
        let _ = w;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn signup_row(&self, id: i64) -> Result<Option<SignupRow>> {
        let _ = id;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn list_callbacks(&self, f: &Filter, w: &Window) -> Result<Vec<CallbackRow>> {
        let _ = f;
        let _ = w;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn put_missions(&self, list: &[MissionPut], now: i64) -> Result<Vec<Put>> {
        let _ = list;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn close_missing(&self, source: &str, keep: &[String], now: i64) -> Result<u64> {
        let _ = source;
        let _ = keep;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

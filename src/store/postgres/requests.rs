//! PostgreSQL side of `store::requests` (to be written).

use async_trait::async_trait;

use super::PgStore;
use super::turn::PgTx;
#[allow(unused_imports)]
use crate::store::requests::*;
#[allow(unused_imports)]
use crate::store::*;

#[async_trait]
impl RequestTx for PgTx<'_> {
    async fn request_by_reference(&mut self, reference: &str) -> Result<Option<HelpRequest>> {
        let _ = reference;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn write_request_status(&mut self, w: &StatusWrite<'_>) -> Result<bool> {
        let _ = w;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn add_request_event(&mut self, e: &NewRequestEvent<'_>) -> Result<i64> {
        let _ = e;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn contact_by_id(&mut self, id: i64) -> Result<Option<crate::store::Contact>> {
        let _ = id;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn request_events(&mut self, request_id: i64) -> Result<Vec<RequestEvent>> {
        let _ = request_id;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

#[async_trait]
impl RequestStore for PgStore {
    async fn request_history(&self, request_id: i64) -> Result<Vec<RequestEvent>> {
        let _ = request_id;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn request_rows(&self, q: &RequestQuery, limit: i64) -> Result<Vec<RequestRow>> {
        let _ = q;
        let _ = limit;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn request_row(&self, reference: &str) -> Result<Option<RequestRow>> {
        let _ = reference;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn contact_messages(
        &self,
        contact_id: i64,
        relais: &str,
        limit: i64,
    ) -> Result<Vec<StoredMessage>> {
        let _ = contact_id;
        let _ = relais;
        let _ = limit;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn open_callbacks(&self, relais: &str) -> Result<Vec<CallbackRow>> {
        let _ = relais;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn callback(&self, id: i64) -> Result<Option<CallbackRow>> {
        let _ = id;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn close_callback(&self, id: i64) -> Result<()> {
        let _ = id;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn undelivered(&self, relais: &str, limit: i64) -> Result<Vec<Undelivered>> {
        let _ = relais;
        let _ = limit;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

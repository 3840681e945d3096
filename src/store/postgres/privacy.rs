//! PostgreSQL side of `store::privacy` (to be written).

use async_trait::async_trait;

use super::PgStore;
use super::turn::PgTx;
#[allow(unused_imports)]
use crate::store::privacy::*;
#[allow(unused_imports)]
use crate::store::*;

#[async_trait]
impl PrivacyStore for PgStore {
    async fn export_contact(&self, phone: &str) -> Result<Option<serde_json::Value>> {
        let _ = phone;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn forget_before(&self, before: i64, now: i64) -> Result<Erased> {
        let _ = before;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn erase_contact(&self, phone: &str, written: &str, now: i64) -> Result<Option<Erased>> {
        let _ = phone;
        let _ = written;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

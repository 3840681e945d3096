//! PostgreSQL side of `store::mandates` (to be written).

use async_trait::async_trait;

use super::PgStore;
use super::turn::PgTx;
#[allow(unused_imports)]
use crate::store::mandates::*;
#[allow(unused_imports)]
use crate::store::*;

#[async_trait]
impl MandateTx for PgTx<'_> {
    async fn pending_sms_mandate(
        &mut self,
        contact_id: i64,
        relais: &str,
        since: i64,
    ) -> Result<Option<i64>> {
        let _ = contact_id;
        let _ = relais;
        let _ = since;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn answer_sms_mandate(&mut self, id: i64, yes: bool, now: i64) -> Result<()> {
        let _ = id;
        let _ = yes;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

#[async_trait]
impl MandateStore for PgStore {
    async fn create_mandate(&self, m: &NewMandate<'_>) -> Result<i64> {
        let _ = m;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn mandates_of(&self, contact_id: i64, relais: &str) -> Result<Vec<StoredMandate>> {
        let _ = contact_id;
        let _ = relais;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn mandate(&self, id: i64) -> Result<Option<StoredMandate>> {
        let _ = id;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn revoke_mandate(&self, id: i64, now: i64) -> Result<bool> {
        let _ = id;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

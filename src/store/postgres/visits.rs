//! PostgreSQL side of `store::visits` (to be written).

use async_trait::async_trait;

use super::PgStore;
use super::turn::PgTx;
#[allow(unused_imports)]
use crate::store::visits::*;
#[allow(unused_imports)]
use crate::store::*;

#[async_trait]
impl VisitStore for PgStore {
    async fn visit(&self, id_hash: &str) -> Result<Option<StoredVisit>> {
        let _ = id_hash;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn save_visit(&self, v: &StoredVisit) -> Result<()> {
        let _ = v;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn end_visit(&self, id_hash: &str, now: i64) -> Result<Option<StoredVisit>> {
        let _ = id_hash;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn end_other_visits(
        &self,
        kiosk: &str,
        keep: &str,
        now: i64,
    ) -> Result<Vec<StoredVisit>> {
        let _ = kiosk;
        let _ = keep;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn live_visits_from(&self, address: &str, live_since: i64) -> Result<i64> {
        let _ = address;
        let _ = live_since;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn end_idle_visits(&self, live_since: i64, now: i64) -> Result<Vec<StoredVisit>> {
        let _ = live_since;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn secret(&self, name: &str, fresh: &str, now: i64) -> Result<String> {
        let _ = name;
        let _ = fresh;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

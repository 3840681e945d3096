//! PostgreSQL side of `store::audit` (to be written).

use async_trait::async_trait;

use super::PgStore;
use super::turn::PgTx;
#[allow(unused_imports)]
use crate::store::audit::*;
#[allow(unused_imports)]
use crate::store::*;

#[async_trait]
impl AuditTx for PgTx<'_> {
    async fn record(&mut self, e: &NewAudit<'_>) -> Result<()> {
        let _ = e;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

#[async_trait]
impl AuditStore for PgStore {
    async fn record(&self, e: &NewAudit<'_>) -> Result<()> {
        let _ = e;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn audit_entries(&self, from: i64, to: i64) -> Result<Vec<AuditEntry>> {
        let _ = from;
        let _ = to;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

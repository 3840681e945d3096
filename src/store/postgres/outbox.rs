//! PostgreSQL side of `store::outbox` (to be written).

use async_trait::async_trait;

use super::PgStore;
use super::turn::PgTx;
#[allow(unused_imports)]
use crate::store::outbox::*;
#[allow(unused_imports)]
use crate::store::*;

#[async_trait]
impl OutboxTx for PgTx<'_> {
    async fn enqueue_message(&mut self, m: &NewOutbound) -> Result<Option<i64>> {
        let _ = m;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn withdraw(&mut self, dedupe_key: &str, reason: &str, now: i64) -> Result<u64> {
        let _ = dedupe_key;
        let _ = reason;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

#[async_trait]
impl OutboxStore for PgStore {
    async fn claim_outbox(
        &self,
        worker: &str,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<OutboxItem>> {
        let _ = worker;
        let _ = now;
        let _ = lease_until;
        let _ = limit;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn outbox_sending(&self, id: i64, worker: &str, now: i64) -> Result<bool> {
        let _ = id;
        let _ = worker;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn outbox_done(&self, id: i64, worker: &str, outcome: &Outcome, now: i64) -> Result<()> {
        let _ = id;
        let _ = worker;
        let _ = outcome;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn release_outbox(&self, worker: &str, now: i64) -> Result<u64> {
        let _ = worker;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn delivery_report(
        &self,
        report: Report<'_>,
        new_status: &str,
        provider_id: Option<&str>,
        error: Option<&str>,
        now: i64,
    ) -> Result<bool> {
        let _ = report;
        let _ = new_status;
        let _ = provider_id;
        let _ = error;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn opted_out(&self, key: &str) -> Result<bool> {
        let _ = key;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn outbox_list(&self, filter: &OutboxFilter, limit: i64) -> Result<Vec<OutboxRow>> {
        let _ = filter;
        let _ = limit;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn outbox_oldest(&self, filter: &OutboxFilter) -> Result<Option<i64>> {
        let _ = filter;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn outbox_counts(&self) -> Result<Vec<(String, i64)>> {
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn outbox_retry(&self, id: i64, now: i64) -> Result<bool> {
        let _ = id;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn outbox_cancel(&self, id: i64, now: i64) -> Result<bool> {
        let _ = id;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn set_outbox_paused(&self, paused: bool, now: i64) -> Result<()> {
        let _ = paused;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn outbox_paused(&self) -> Result<bool> {
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

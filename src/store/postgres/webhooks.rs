//! PostgreSQL side of `store::webhooks` (to be written).

use async_trait::async_trait;

use super::PgStore;
use super::turn::PgTx;
#[allow(unused_imports)]
use crate::store::webhooks::*;
#[allow(unused_imports)]
use crate::store::*;

#[async_trait]
impl WebhookStore for PgStore {
    async fn create_subscription(&self, s: &NewSubscription<'_>) -> Result<Subscription> {
        let _ = s;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn subscriptions(&self, client_id: Option<i64>) -> Result<Vec<Subscription>> {
        let _ = client_id;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn subscription(&self, id: i64) -> Result<Option<Subscription>> {
        let _ = id;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn change_subscription(
        &self,
        id: i64,
        c: &SubscriptionChange,
        now: i64,
    ) -> Result<Option<Subscription>> {
        let _ = id;
        let _ = c;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn delete_subscription(&self, id: i64, now: i64) -> Result<bool> {
        let _ = id;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn rotate_secret(
        &self,
        id: i64,
        secret: &str,
        previous_until: i64,
        now: i64,
    ) -> Result<Option<Subscription>> {
        let _ = id;
        let _ = secret;
        let _ = previous_until;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn delivery_ok(&self, id: i64, now: i64) -> Result<()> {
        let _ = id;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }

    async fn delivery_failed(
        &self,
        id: i64,
        error: &str,
        disable: Option<&str>,
        now: i64,
    ) -> Result<i64> {
        let _ = id;
        let _ = error;
        let _ = disable;
        let _ = now;
        Err(StoreError::Unsupported("not yet on PostgreSQL"))
    }
}

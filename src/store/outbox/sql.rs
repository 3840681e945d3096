//! The statements both backends run as they are. Each numbers its parameters in the order
//! they first appear, so rusqlite (which binds `$n` by that order) and sqlx (by number) bind
//! them alike. Claims differ (PostgreSQL locks with `FOR UPDATE SKIP LOCKED`), and so do
//! optional filters (PostgreSQL casts a NULL parameter).

/// Binds: channel, kind, relais, recipient, subject, body, urgent, dedupe_key, not_before,
/// expires_at, segments, now.
pub const ENQUEUE: &str = "INSERT INTO outbox (channel, kind, relais, recipient, subject, body, urgent, dedupe_key, \
     not_before, expires_at, segments, status, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $12) \
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id";
/// Binds: reason, now, dedupe_key.
pub const WITHDRAW: &str = "UPDATE outbox SET status = 'cancelled', last_error = $1, claimed_by = NULL, lease_until = NULL, \
     updated_at = $2 WHERE dedupe_key = $3 AND status IN ('pending', 'claimed')";
/// Leases that ran out, before a claim: a claim never handed over goes back. Binds: now.
pub const LAPSED_CLAIMS: &str = "UPDATE outbox SET status = 'pending', claimed_by = NULL, lease_until = NULL, updated_at = $1 \
     WHERE status = 'claimed' AND lease_until < $1";
/// A message being handed over may have gone: it waits for a report or an operator.
/// Binds: now.
pub const LAPSED_SENDING: &str = "UPDATE outbox SET status = 'unknown', last_error = 'the worker stopped while the provider was answering', \
     claimed_by = NULL, lease_until = NULL, updated_at = $1 WHERE status = 'sending' AND lease_until < $1";
/// The columns of an [`super::OutboxItem`], as a claim returns them.
pub const ITEM_COLUMNS: &str =
    "id, channel, kind, relais, recipient, subject, body, urgent, attempts, expires_at, created_at";
/// Binds: now, id, worker.
pub const SENDING: &str = "UPDATE outbox SET status = 'sending', updated_at = $1 \
     WHERE id = $2 AND claimed_by = $3 AND status = 'claimed'";
/// Binds: provider_id, segments, now, id.
const DONE_SENT: &str = "UPDATE outbox SET status = CASE WHEN status IN ('delivered', 'failed') THEN status ELSE 'sent' END, \
     provider_id = $1, segments = COALESCE($2, segments), sent_at = $3, attempts = attempts + 1, \
     claimed_by = NULL, lease_until = NULL, updated_at = $3 WHERE id = $4";
/// Binds: error, at, counts (0 or 1), now, id.
const DONE_RETRY: &str = "UPDATE outbox SET status = 'pending', last_error = $1, not_before = $2, attempts = attempts + $3, \
     claimed_by = NULL, lease_until = NULL, updated_at = $4 WHERE id = $5 AND status IN ('sending', 'claimed')";
/// Binds: error, now, id.
const DONE_UNKNOWN: &str = "UPDATE outbox SET status = CASE WHEN status = 'sending' THEN 'unknown' ELSE status END, \
     last_error = $1, attempts = attempts + 1, claimed_by = NULL, lease_until = NULL, updated_at = $2 \
     WHERE id = $3";
/// Binds: error, now, id.
const DONE_FAILED: &str = "UPDATE outbox SET status = CASE WHEN status = 'delivered' THEN status ELSE 'failed' END, \
     last_error = $1, attempts = attempts + 1, claimed_by = NULL, lease_until = NULL, updated_at = $2 \
     WHERE id = $3";
/// Binds: until, now, id, worker.
const DONE_DEFERRED: &str = "UPDATE outbox SET status = 'pending', not_before = $1, claimed_by = NULL, lease_until = NULL, \
     updated_at = $2 WHERE id = $3 AND claimed_by = $4 AND status = 'claimed'";
/// Binds: reason, now, id, worker.
const DONE_CANCELLED: &str = "UPDATE outbox SET status = 'cancelled', last_error = $1, claimed_by = NULL, lease_until = NULL, \
     updated_at = $2 WHERE id = $3 AND claimed_by = $4 AND status = 'claimed'";
/// Binds: now, id, worker.
const DONE_EXPIRED: &str = "UPDATE outbox SET status = 'expired', last_error = NULL, claimed_by = NULL, lease_until = NULL, \
     updated_at = $1 WHERE id = $2 AND claimed_by = $3 AND status = 'claimed'";
/// Binds: now, worker.
pub const RELEASE: &str = "UPDATE outbox SET status = 'pending', claimed_by = NULL, lease_until = NULL, updated_at = $1 \
     WHERE claimed_by = $2 AND status = 'claimed'";
/// A report's changes; reports only move a message forward: a late "sent" does not undo
/// "delivered". Binds: status, provider_id, error, now, then the `WHERE`'s.
const REPORT_SET: &str = "status = CASE \
       WHEN $1 = 'sent' AND status IN ('sent', 'delivered', 'failed') THEN status \
       WHEN $1 = 'failed' AND status = 'delivered' THEN status \
       ELSE $1 END, \
     provider_id = COALESCE(provider_id, $2), last_error = COALESCE($3, last_error), \
     sent_at = COALESCE(sent_at, $4), claimed_by = NULL, lease_until = NULL, updated_at = $4";
/// The columns of an [`super::OutboxRow`].
pub const ROW_COLUMNS: &str = "id, channel, kind, relais, recipient, status, urgent, attempts, not_before, expires_at, \
     dedupe_key, provider_id, last_error, segments, created_at, updated_at, sent_at";
/// Binds: key.
pub const OPTED_OUT: &str = "SELECT opted_out_at FROM contacts WHERE phone = $1";
pub const COUNTS: &str = "SELECT status, COUNT(*) AS n FROM outbox GROUP BY status ORDER BY status";
/// Binds: now, id.
pub const RETRY: &str = "UPDATE outbox SET status = 'pending', not_before = $1, claimed_by = NULL, lease_until = NULL, \
     updated_at = $1 WHERE id = $2 AND status IN ('failed', 'unknown')";
/// Binds: now, id.
pub const CANCEL: &str = "UPDATE outbox SET status = 'cancelled', last_error = 'cancelled by an operator', \
     claimed_by = NULL, lease_until = NULL, updated_at = $1 WHERE id = $2 AND status IN ('pending', 'claimed')";
/// The switch that pauses every worker.
pub const PAUSED: &str = "outbox_paused";
/// Binds: name, value, now.
pub const SET_SWITCH: &str = "INSERT INTO switches (name, value, updated_at) VALUES ($1, $2, $3) \
     ON CONFLICT (name) DO UPDATE SET value = $2, updated_at = $3";
/// Binds: name.
pub const SWITCH: &str = "SELECT value FROM switches WHERE name = $1";

/// The statement recording what became of an attempt, bound, for either backend. After a
/// hand-over (sent, retry, unknown, failed) the attempt's result is the truth, whoever holds
/// the row now; before it (deferred, cancelled, expired), only the claim's holder may change
/// the row.
pub fn done<DB: sqlx::Database>(
    id: i64,
    worker: &str,
    outcome: &super::Outcome,
    now: i64,
) -> sqlx::query::Query<'static, DB, DB::Arguments>
where
    for<'e> i64: sqlx::Encode<'e, DB> + sqlx::Type<DB>,
    for<'e> Option<i64>: sqlx::Encode<'e, DB> + sqlx::Type<DB>,
    for<'e> &'e str: sqlx::Encode<'e, DB> + sqlx::Type<DB>,
{
    use super::Outcome;
    match outcome {
        Outcome::Sent {
            provider_id,
            segments,
        } => sqlx::query(DONE_SENT)
            .bind(provider_id.as_str())
            .bind(*segments)
            .bind(now)
            .bind(id),
        Outcome::Retry { at, error, counts } => sqlx::query(DONE_RETRY)
            .bind(error.as_str())
            .bind(*at)
            .bind(i64::from(*counts))
            .bind(now)
            .bind(id),
        Outcome::Unknown { error } => sqlx::query(DONE_UNKNOWN)
            .bind(error.as_str())
            .bind(now)
            .bind(id),
        Outcome::Failed { error } => sqlx::query(DONE_FAILED)
            .bind(error.as_str())
            .bind(now)
            .bind(id),
        Outcome::Deferred { until } => sqlx::query(DONE_DEFERRED)
            .bind(*until)
            .bind(now)
            .bind(id)
            .bind(worker),
        Outcome::Cancelled { reason } => sqlx::query(DONE_CANCELLED)
            .bind(reason.as_str())
            .bind(now)
            .bind(id)
            .bind(worker),
        Outcome::Expired => sqlx::query(DONE_EXPIRED).bind(now).bind(id).bind(worker),
    }
}

/// The statement recording a provider's report, bound, for either backend; `None` when
/// the report names no message (a status reports do not set, a reference not ours).
pub fn report<DB: sqlx::Database>(
    report: super::Report<'_>,
    new_status: &str,
    provider_id: Option<&str>,
    error: Option<&str>,
    now: i64,
) -> Option<sqlx::query::Query<'static, DB, DB::Arguments>>
where
    for<'e> i64: sqlx::Encode<'e, DB> + sqlx::Type<DB>,
    for<'e> &'e str: sqlx::Encode<'e, DB> + sqlx::Type<DB>,
    for<'e> Option<&'e str>: sqlx::Encode<'e, DB> + sqlx::Type<DB>,
{
    use super::{Report, parse_reference, status};
    if ![status::SENT, status::DELIVERED, status::FAILED].contains(&new_status) {
        return None;
    }
    let set = |w: &str| {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE outbox SET {REPORT_SET} WHERE {w}"
        )))
        .bind(new_status)
        .bind(provider_id)
        .bind(error)
        .bind(now)
    };
    Some(match report {
        Report::ProviderId(p) => set("provider_id = $5").bind(p),
        Report::Reference(r) => {
            let (id, created) = parse_reference(r)?;
            set("id = $5 AND created_at = $6").bind(id).bind(created)
        }
    })
}

/// An [`super::OutboxItem`] from a sqlx row of either backend with [`ITEM_COLUMNS`] (like the
/// macros of [`crate::store::rows`]).
#[macro_export]
#[doc(hidden)]
macro_rules! outbox_item_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::outbox::OutboxItem {
            id: r.try_get("id")?,
            channel: r.try_get("channel")?,
            kind: r.try_get("kind")?,
            relais: r.try_get("relais")?,
            recipient: r.try_get("recipient")?,
            subject: r.try_get("subject")?,
            body: r.try_get("body")?,
            urgent: r.try_get("urgent")?,
            attempts: r.try_get("attempts")?,
            expires_at: r.try_get("expires_at")?,
            created_at: r.try_get("created_at")?,
        }
    }};
}

/// An [`super::OutboxRow`] from a sqlx row of either backend with [`ROW_COLUMNS`].
#[macro_export]
#[doc(hidden)]
macro_rules! outbox_row {
    ($row:expr) => {{
        let r = $row;
        $crate::store::outbox::OutboxRow {
            id: r.try_get("id")?,
            channel: r.try_get("channel")?,
            kind: r.try_get("kind")?,
            relais: r.try_get("relais")?,
            recipient: r.try_get("recipient")?,
            status: r.try_get("status")?,
            urgent: r.try_get("urgent")?,
            attempts: r.try_get("attempts")?,
            not_before: r.try_get("not_before")?,
            expires_at: r.try_get("expires_at")?,
            dedupe_key: r.try_get("dedupe_key")?,
            provider_id: r.try_get("provider_id")?,
            last_error: r.try_get("last_error")?,
            segments: r.try_get("segments")?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
            sent_at: r.try_get("sent_at")?,
        }
    }};
}

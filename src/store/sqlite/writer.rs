//! Group commit for SQLite: one writer thread owns the write connection; each turn runs in
//! its own savepoint inside a shared transaction, and the transaction is committed (and
//! synced, `synchronous=FULL`) once for the whole batch. A caller is answered only after the
//! commit that holds its turn. A turn that fails rolls back its savepoint alone.
//!
//! Statements are prepared once and cached; turns run on this thread, so the SQL is a plain
//! function call instead of a round trip to a connection task.

use std::sync::mpsc;
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::{PhoneNumber, RefCode};
use crate::store::{
    Contact, HelpRequest, Mission, NewCallback, NewHelpRequest, NewMessage, Result, Signup,
    SignupOutcome, StoreError, Tx, Work,
};

/// Most turns committed together.
pub const MAX_BATCH: usize = 256;

struct Job {
    work: Work,
    done: tokio::sync::oneshot::Sender<Result<()>>,
}

/// The handle callers use to reach the writer thread.
#[derive(Debug, Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

impl Writer {
    /// Opens the write connection on its own thread.
    pub fn start(path: &str) -> Result<Self> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.set_prepared_statement_cache_capacity(64);
        let (jobs, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || run(conn, rx))
            .map_err(|e| StoreError::Corrupt(format!("cannot start the writer thread: {e}")))?;
        Ok(Self { jobs })
    }

    /// Runs `work` in a savepoint of the next group commit; returns once it is durable.
    pub async fn transact(&self, work: Work) -> Result<()> {
        let (done, wait) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Job { work, done })
            .map_err(|_| StoreError::Corrupt("the writer thread has stopped".into()))?;
        wait.await
            .map_err(|_| StoreError::Corrupt("the writer thread has stopped".into()))?
    }
}

fn run(mut conn: Connection, rx: mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(j) => batch.push(j),
                Err(_) => break,
            }
        }
        if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
            let e = StoreError::from(e);
            tracing::error!(error = %e, "group commit could not begin");
            for j in batch {
                let _ = j.done.send(Err(same_error(&e)));
            }
            continue;
        }
        let mut results = Vec::with_capacity(batch.len());
        for job in batch {
            let outcome = (|| -> Result<()> {
                conn.execute_batch("SAVEPOINT turn")?;
                let mut tx = TurnTx { conn: &mut conn };
                // A turn that panics must not take the writer down with it.
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    futures::executor::block_on((job.work)(&mut tx))
                }))
                .unwrap_or_else(|_| Err(StoreError::Corrupt("a turn failed unexpectedly".into())));
                match &r {
                    Ok(()) => conn.execute_batch("RELEASE turn")?,
                    Err(_) => conn.execute_batch("ROLLBACK TO turn; RELEASE turn")?,
                }
                r
            })();
            results.push((job.done, outcome));
        }
        match conn.execute_batch("COMMIT") {
            Ok(()) => {
                for (done, r) in results {
                    let _ = done.send(r);
                }
            }
            Err(e) => {
                let e = StoreError::from(e);
                tracing::error!(error = %e, "group commit failed: nothing of these turns was stored");
                let _ = conn.execute_batch("ROLLBACK");
                for (done, _) in results {
                    let _ = done.send(Err(same_error(&e)));
                }
            }
        }
    }
}

/// The error a whole batch met, told to each of its turns: what to do about it is the same
/// for all (run again when busy, give up when the disk is full).
fn same_error(e: &StoreError) -> StoreError {
    match e {
        StoreError::Busy | StoreError::Conflict => StoreError::Busy,
        StoreError::Unwritable(u) => StoreError::Unwritable(*u),
        StoreError::Duplicate(m) | StoreError::Constraint(m) | StoreError::Corrupt(m) => {
            StoreError::Corrupt(m.clone())
        }
        other => StoreError::Corrupt(other.to_string()),
    }
}

/// One turn's view of the group transaction (each area's `Tx` part is implemented beside
/// its store code: `outbox.rs`, `jobs.rs`, `signups.rs`).
pub(super) struct TurnTx<'c> {
    pub(super) conn: &'c mut Connection,
}

pub(super) fn contact_from(row: &Row<'_>) -> rusqlite::Result<Contact> {
    let key: String = row.get("phone")?;
    Ok(Contact {
        id: row.get("id")?,
        phone: PhoneNumber::parse(&key).ok(),
        key,
        language: row.get("language")?,
        commune_insee: row.get("commune_insee")?,
        opted_out_at: row.get("opted_out_at")?,
        created_at: row.get("created_at")?,
        last_seen_at: row.get("last_seen_at")?,
    })
}

pub(super) fn request_from(row: &Row<'_>) -> rusqlite::Result<HelpRequest> {
    Ok(HelpRequest {
        id: row.get("id")?,
        reference: row.get("reference")?,
        contact_id: row.get("contact_id")?,
        relais: row.get("relais")?,
        category: row.get("category")?,
        commune_insee: row.get("commune_insee")?,
        urgency: row.get("urgency")?,
        wanted_on: row.get("wanted_on")?,
        details: row.get("details")?,
        recording_url: row.get("recording_url")?,
        status: row.get("status")?,
        channel: row.get("channel")?,
        kiosk: row.get("kiosk")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
        taken_by: row.get("taken_by_name")?,
        helper: crate::store::rows::helper_of(
            row.get("helper_kind")?,
            row.get("helper_name")?,
            row.get("helper_when")?,
        ),
        status_note: row.get("status_note")?,
    })
}

pub(super) fn mission_from(row: &Row<'_>) -> rusqlite::Result<Mission> {
    Ok(Mission {
        id: row.get("id")?,
        source: row.get("source")?,
        external_id: row.get("external_id")?,
        title: row.get("title")?,
        description: row.get("description")?,
        organization: row.get("organization")?,
        domain: row.get("domain")?,
        commune_insee: row.get("commune_insee")?,
        address: row.get("address")?,
        start_at: row.get("start_at")?,
        end_at: row.get("end_at")?,
        places_left: row.get("places_left")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
        closed_at: row.get("closed_at")?,
        organization_phone: row.get("organization_phone")?,
        organization_email: row.get("organization_email")?,
    })
}

pub(super) use crate::store::rows::{CONTACT_COLUMNS, MISSION_COLUMNS, REQUEST_COLUMNS};

#[async_trait]
impl Tx for TurnTx<'_> {
    async fn replayed_reply(&mut self, provider_id: &str) -> Result<Option<String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT reply FROM messages WHERE provider_id = $1")?;
        let reply: Option<Option<String>> = st
            .query_row(params![provider_id], |r| r.get(0))
            .optional()?;
        Ok(reply.map(Option::unwrap_or_default))
    }

    async fn contact(&mut self, key: &str, now: i64) -> Result<Contact> {
        let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE phone = $1");
        if let Some(c) = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![key], contact_from)
            .optional()?
        {
            return Ok(c);
        }
        self.conn
            .prepare_cached("INSERT INTO contacts (phone, language, created_at, last_seen_at) VALUES ($1, 'fr', $2, $2)")?
            .execute(params![key, now])?;
        let c = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![key], contact_from)?;
        Ok(c)
    }

    async fn save_contact(&mut self, c: &Contact, opt_out_method: Option<&str>) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE contacts SET language = $1, commune_insee = $2, opted_out_at = $3, \
                 opt_out_method = COALESCE($4, opt_out_method), last_seen_at = $5 WHERE id = $6",
            )?
            .execute(params![
                c.language,
                c.commune_insee,
                c.opted_out_at,
                opt_out_method,
                c.last_seen_at,
                c.id
            ])?;
        Ok(())
    }

    async fn session(&mut self, contact_id: i64, relais: &str) -> Result<Option<(String, i64)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT state, version FROM sessions WHERE contact_id = $1 AND relais = $2",
            )?
            .query_row(params![contact_id, relais], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    async fn save_session(
        &mut self,
        contact_id: i64,
        relais: &str,
        state: &str,
        expected: Option<i64>,
        now: i64,
    ) -> Result<()> {
        let done = match expected {
            Some(v) => self
                .conn
                .prepare_cached(
                    "UPDATE sessions SET state = $1, version = version + 1, updated_at = $2 \
                     WHERE contact_id = $3 AND relais = $4 AND version = $5",
                )?
                .execute(params![state, now, contact_id, relais, v])?,
            None => self
                .conn
                .prepare_cached(
                    "INSERT INTO sessions (contact_id, relais, state, version, updated_at) VALUES ($1, $2, $3, 1, $4) \
                     ON CONFLICT (contact_id, relais) DO NOTHING",
                )?
                .execute(params![contact_id, relais, state, now])?,
        };
        if done == 1 {
            Ok(())
        } else {
            Err(StoreError::Conflict)
        }
    }

    async fn record_message(&mut self, m: &NewMessage) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO messages (contact_id, relais, direction, channel, provider_id, body, reply, segments, status, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )?
            .execute(params![
                m.contact_id,
                m.relais,
                m.direction,
                m.channel,
                m.provider_id,
                m.body,
                m.reply,
                m.segments,
                m.status,
                m.now
            ])?;
        Ok(())
    }

    async fn create_help_request(
        &mut self,
        r: &NewHelpRequest,
        candidates: &[RefCode],
    ) -> Result<HelpRequest> {
        for code in candidates {
            let reference = code.compact();
            let taken = self
                .conn
                .prepare_cached("SELECT 1 FROM help_requests WHERE reference = $1")?
                .exists(params![reference])?;
            if taken {
                continue;
            }
            let sql = format!(
                "INSERT INTO help_requests (reference, contact_id, relais, category, commune_insee, urgency, details, \
                 recording_url, status, channel, created_at, updated_at, kiosk, wanted_on) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $10, $11, $12) RETURNING {REQUEST_COLUMNS}"
            );
            let req = self.conn.prepare_cached(&sql)?.query_row(
                params![
                    reference,
                    r.contact_id,
                    r.relais,
                    r.category,
                    r.commune_insee,
                    r.urgency,
                    r.details,
                    r.recording_url,
                    r.channel,
                    r.now,
                    r.kiosk,
                    r.wanted_on
                ],
                request_from,
            )?;
            return Ok(req);
        }
        Err(StoreError::Corrupt("no free reference code".into()))
    }

    async fn requests_of(&mut self, contact_id: i64, relais: &str) -> Result<Vec<HelpRequest>> {
        let sql = format!(
            "SELECT {REQUEST_COLUMNS} FROM help_requests WHERE contact_id = $1 AND relais = $2 ORDER BY created_at DESC, id DESC LIMIT 30"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![contact_id, relais], request_from)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    async fn open_missions(&mut self, today: &str) -> Result<Vec<Mission>> {
        let sql = format!(
            "SELECT {MISSION_COLUMNS} FROM missions WHERE places_left > 0 AND closed_at IS NULL \
             AND (COALESCE(end_at, start_at) IS NULL OR COALESCE(end_at, start_at) >= $1) ORDER BY start_at, id"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![today], mission_from)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    async fn mission(&mut self, id: i64) -> Result<Option<Mission>> {
        let sql = format!("SELECT {MISSION_COLUMNS} FROM missions WHERE id = $1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![id], mission_from)
            .optional()?)
    }

    async fn sign_up(
        &mut self,
        mission_id: i64,
        contact_id: i64,
        relais: &str,
        channel: &str,
        now: i64,
    ) -> Result<SignupOutcome> {
        let exists = self
            .conn
            .prepare_cached("SELECT 1 FROM signups WHERE mission_id = $1 AND contact_id = $2 AND status <> 'annulee'")?
            .exists(params![mission_id, contact_id])?;
        if exists {
            return Ok(SignupOutcome::Already);
        }
        let taken = self
            .conn
            .prepare_cached(
                "UPDATE missions SET places_left = places_left - 1, updated_at = $1 \
                 WHERE id = $2 AND places_left > 0 AND closed_at IS NULL",
            )?
            .execute(params![now, mission_id])?;
        if taken == 0 {
            return Ok(SignupOutcome::Full);
        }
        let signup = self
            .conn
            .prepare_cached(
                "INSERT INTO signups (mission_id, contact_id, relais, status, channel, created_at, updated_at) \
                 VALUES ($1, $2, $3, 'en_attente_validation', $4, $5, $5) \
                 ON CONFLICT (mission_id, contact_id) DO UPDATE SET status = 'en_attente_validation', channel = $4, created_at = $5, updated_at = $5 \
                 RETURNING id, mission_id, contact_id, relais, status, channel, created_at",
            )?
            .query_row(params![mission_id, contact_id, relais, channel, now], |r| {
                Ok(Signup {
                    id: r.get(0)?,
                    mission_id: r.get(1)?,
                    contact_id: r.get(2)?,
                    relais: r.get(3)?,
                    status: r.get(4)?,
                    channel: r.get(5)?,
                    created_at: r.get(6)?,
                })
            })?;
        Ok(SignupOutcome::Done(signup))
    }

    async fn create_callback(&mut self, c: &NewCallback<'_>) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "INSERT INTO callback_requests (contact_id, relais, reason, channel, recording_url, context, status, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $7) RETURNING id",
            )?
            .query_row(
                params![c.contact_id, c.relais, c.reason, c.channel, c.recording_url, c.context, c.now],
                |r| r.get(0),
            )?)
    }

    async fn follow_failures_since(&mut self, contact_id: i64, since: i64) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM follow_failures WHERE contact_id = $1 AND at >= $2",
            )?
            .query_row(params![contact_id, since], |r| r.get(0))?)
    }

    async fn forget(&mut self, key: &str) -> Result<()> {
        let id: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM contacts WHERE phone = $1")?
            .query_row(params![key], |r| r.get(0))
            .optional()?;
        let Some(id) = id else { return Ok(()) };
        for sql in [
            "DELETE FROM sessions WHERE contact_id = $1",
            "DELETE FROM messages WHERE contact_id = $1",
            "DELETE FROM follow_failures WHERE contact_id = $1",
            "DELETE FROM guard_trips WHERE contact_id = $1",
            "DELETE FROM contacts WHERE id = $1 \
             AND NOT EXISTS (SELECT 1 FROM help_requests WHERE contact_id = $1) \
             AND NOT EXISTS (SELECT 1 FROM signups WHERE contact_id = $1) \
             AND NOT EXISTS (SELECT 1 FROM callback_requests WHERE contact_id = $1)",
        ] {
            self.conn.prepare_cached(sql)?.execute(params![id])?;
        }
        Ok(())
    }

    async fn touch_readiness(&mut self, now: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO readiness (id, at, beats) VALUES (1, $1, 1) \
                 ON CONFLICT (id) DO UPDATE SET at = $1, beats = readiness.beats + 1",
            )?
            .execute(params![now])?;
        Ok(())
    }

    async fn record_guard_trip(
        &mut self,
        contact_id: i64,
        relais: &str,
        channel: &str,
        now: i64,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO guard_trips (contact_id, relais, channel, at) VALUES ($1, $2, $3, $4)",
            )?
            .execute(params![contact_id, relais, channel, now])?;
        Ok(())
    }

    async fn record_follow_failure(&mut self, contact_id: i64, now: i64) -> Result<()> {
        self.conn
            .prepare_cached("INSERT INTO follow_failures (contact_id, at) VALUES ($1, $2)")?
            .execute(params![contact_id, now])?;
        Ok(())
    }
}

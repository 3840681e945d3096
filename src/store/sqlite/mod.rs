//! The SQLite store: WAL, `synchronous=FULL`, migrations embedded and applied at start, the
//! file created if missing. Turns go through the group-commit writer ([`writer`]);
//! listings read from a small pool of read-only connections.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Row, SqlitePool};

mod audit;
pub mod jobs;
mod mandates;
mod mediators;
pub mod outbox;
mod partners;
mod privacy;
mod requests;
pub mod signups;
mod visits;
mod webhooks;
pub mod writer;

use self::writer::Writer;
use super::{
    HelpRequest, Kiosk, Mission, NewMission, Page, RequestFilter, Result, Signup, Store,
    StoreError, StoredRelais, Work,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// The SQLite implementation of [`Store`].
#[derive(Clone, Debug)]
pub struct SqliteStore {
    /// Turns: the group-commit writer thread.
    turns: Writer,
    /// Occasional writes (outbox, missions, relais, kiosks); they wait for the turns' lock.
    writer: SqlitePool,
    reader: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database of a `sqlite:` URL and migrates it.
    pub async fn open(url: &str) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.clone().read_only(true))
            .await?;
        let file = options.get_filename().to_string_lossy().to_string();
        let turns = Writer::start(&file)?;
        Ok(Self {
            turns,
            writer,
            reader,
        })
    }
}

pub(super) fn request_from(row: &SqliteRow) -> Result<HelpRequest> {
    Ok(crate::request_row!(row))
}

pub(super) fn mission_from(row: &SqliteRow) -> Result<Mission> {
    Ok(crate::mission_row!(row))
}

fn kiosk_from(row: &SqliteRow) -> Result<Kiosk> {
    Ok(crate::kiosk_row!(row))
}

fn signup_from(row: &SqliteRow) -> Result<Signup> {
    Ok(crate::signup_row!(row))
}

use self::writer::{MISSION_COLUMNS, REQUEST_COLUMNS};

#[async_trait]
impl Store for SqliteStore {
    async fn transact(&self, work: Work) -> Result<()> {
        self.turns.transact(work).await
    }

    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    async fn help_requests(
        &self,
        filter: &RequestFilter,
        page: Page,
    ) -> Result<(Vec<HelpRequest>, i64)> {
        let cond = "($1 IS NULL OR relais = $1) AND ($2 IS NULL OR status = $2)";
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {REQUEST_COLUMNS} FROM help_requests WHERE {cond} ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4"
        )))
        .bind(&filter.relais)
        .bind(&filter.status)
        .bind(i64::from(page.per_page))
        .bind(page.offset())
        .fetch_all(&self.reader)
        .await?;
        let total: i64 = sqlx::query(AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM help_requests WHERE {cond}"
        )))
        .bind(&filter.relais)
        .bind(&filter.status)
        .fetch_one(&self.reader)
        .await?
        .try_get("n")?;
        Ok((rows.iter().map(request_from).collect::<Result<_>>()?, total))
    }

    async fn help_request(&self, reference: &str) -> Result<Option<HelpRequest>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {REQUEST_COLUMNS} FROM help_requests WHERE reference = $1"
        )))
        .bind(reference)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(request_from).transpose()
    }

    async fn missions(&self, page: Page) -> Result<(Vec<Mission>, i64)> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {MISSION_COLUMNS} FROM missions ORDER BY start_at, id LIMIT $1 OFFSET $2"
        )))
        .bind(i64::from(page.per_page))
        .bind(page.offset())
        .fetch_all(&self.reader)
        .await?;
        let total = self.count("missions").await?;
        Ok((rows.iter().map(mission_from).collect::<Result<_>>()?, total))
    }

    async fn signups(&self, page: Page) -> Result<(Vec<Signup>, i64)> {
        let rows = sqlx::query(
            "SELECT id, mission_id, contact_id, relais, status, channel, created_at FROM signups \
             ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2",
        )
        .bind(i64::from(page.per_page))
        .bind(page.offset())
        .fetch_all(&self.reader)
        .await?;
        let total = self.count("signups").await?;
        Ok((rows.iter().map(signup_from).collect::<Result<_>>()?, total))
    }

    async fn mission_count(&self) -> Result<i64> {
        self.count("missions").await
    }

    async fn upsert_mission(&self, m: &NewMission, now: i64) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO missions (source, external_id, title, description, organization, domain, commune_insee, address, \
             start_at, end_at, places_left, created_at, organization_phone, organization_email, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $12) \
             ON CONFLICT (source, external_id) DO UPDATE SET title = $3, description = $4, organization = $5, domain = $6, \
             commune_insee = $7, address = $8, start_at = $9, end_at = $10, places_left = $11, \
             organization_phone = $13, organization_email = $14, updated_at = $12 RETURNING id",
        )
        .bind(&m.source)
        .bind(&m.external_id)
        .bind(&m.title)
        .bind(&m.description)
        .bind(&m.organization)
        .bind(&m.domain)
        .bind(&m.commune_insee)
        .bind(&m.address)
        .bind(&m.start_at)
        .bind(&m.end_at)
        .bind(m.places_left)
        .bind(now)
        .bind(&m.organization_phone)
        .bind(&m.organization_email)
        .fetch_one(&self.writer)
        .await?;
        Ok(row.try_get("id")?)
    }

    async fn stored_relais(&self) -> Result<Vec<StoredRelais>> {
        let rows = sqlx::query(
            "SELECT id, name, numbers, communes, help_line, opening_hours, quiet_hours FROM relais ORDER BY id",
        )
        .fetch_all(&self.reader)
        .await?;
        let split =
            |s: String| -> Vec<String> { s.split_whitespace().map(str::to_string).collect() };
        rows.iter()
            .map(|r| {
                Ok(StoredRelais {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    numbers: split(r.try_get("numbers")?),
                    communes: split(r.try_get("communes")?),
                    help_line: r.try_get("help_line")?,
                    opening_hours: r.try_get("opening_hours")?,
                    quiet_hours: r.try_get("quiet_hours")?,
                })
            })
            .collect()
    }

    async fn save_relais(&self, r: &StoredRelais, now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO relais (id, name, numbers, communes, help_line, opening_hours, updated_at, quiet_hours) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO UPDATE SET name = $2, numbers = $3, \
             communes = $4, help_line = $5, opening_hours = $6, updated_at = $7, quiet_hours = $8",
        )
        .bind(&r.id)
        .bind(&r.name)
        .bind(r.numbers.join(" "))
        .bind(r.communes.join(" "))
        .bind(&r.help_line)
        .bind(&r.opening_hours)
        .bind(now)
        .bind(&r.quiet_hours)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn backup(&self, path: &Path) -> Result<()> {
        let target = path.to_string_lossy().to_string();
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn create_kiosk(
        &self,
        id: &str,
        relais: &str,
        commune_insee: &str,
        label: &str,
        enrol_code_hash: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO kiosks (id, relais, commune_insee, label, enrol_code_hash, enrol_expires_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET relais = $2, commune_insee = $3, \
             label = $4, enrol_code_hash = $5, enrol_expires_at = $6",
        )
        .bind(id)
        .bind(relais)
        .bind(commune_insee)
        .bind(label)
        .bind(enrol_code_hash)
        .bind(expires_at)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn enrol_kiosk(
        &self,
        enrol_code_hash: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<Kiosk>> {
        let row = sqlx::query(
            "UPDATE kiosks SET token_hash = $1, enrolled_at = $2, enrol_code_hash = NULL, enrol_expires_at = NULL \
             WHERE enrol_code_hash = $3 AND enrol_expires_at >= $2 \
             RETURNING id, relais, commune_insee, label, enrolled_at",
        )
        .bind(token_hash)
        .bind(now)
        .bind(enrol_code_hash)
        .fetch_optional(&self.writer)
        .await?;
        row.as_ref().map(kiosk_from).transpose()
    }

    async fn kiosk_by_token(&self, token_hash: &str) -> Result<Option<Kiosk>> {
        let row = sqlx::query("SELECT id, relais, commune_insee, label, enrolled_at FROM kiosks WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(kiosk_from).transpose()
    }

    async fn call_status(
        &self,
        call_sid: &str,
        relais: &str,
        status: &str,
        duration_secs: Option<i64>,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO calls (call_sid, relais, status, duration_secs, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) \
             ON CONFLICT (call_sid) DO UPDATE SET status = $3, duration_secs = COALESCE($4, duration_secs), updated_at = $5",
        )
        .bind(call_sid)
        .bind(relais)
        .bind(status)
        .bind(duration_secs)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn mark_opted_out(&self, key: &str, method: &str, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE contacts SET opted_out_at = COALESCE(opted_out_at, $1), opt_out_method = $2 WHERE phone = $3",
        )
        .bind(now)
        .bind(method)
        .bind(key)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn contact_language(&self, key: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT language FROM contacts WHERE phone = $1")
            .bind(key)
            .fetch_optional(&self.reader)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get("language")?),
            None => None,
        })
    }

    async fn count(&self, table: &str) -> Result<i64> {
        if !super::rows::TABLES.contains(&table) {
            return Err(StoreError::Corrupt(format!("no table {table}")));
        }
        let row = sqlx::query(AssertSqlSafe(format!("SELECT COUNT(*) AS n FROM {table}")))
            .fetch_one(&self.reader)
            .await?;
        Ok(row.try_get("n")?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQLite before 3.51.3 can corrupt a WAL file that two connections write or checkpoint
    /// (the read pool, the writer thread and `passerelle backup` do exactly that).
    #[tokio::test]
    async fn the_bundled_sqlite_has_the_wal_reset_fix() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("v.db").display());
        let store = SqliteStore::open(&url).await.unwrap();
        let version: String = sqlx::query_scalar("SELECT sqlite_version()")
            .fetch_one(&store.reader)
            .await
            .unwrap();
        let parts: Vec<u32> = version.split('.').filter_map(|p| p.parse().ok()).collect();
        assert!(parts >= vec![3, 51, 3], "bundled SQLite is {version}");
        let rusqlite_version = rusqlite::version();
        assert_eq!(
            rusqlite_version, version,
            "sqlx and rusqlite share one SQLite"
        );
    }
}

//! The PostgreSQL store, for a department or a region: several stateless instances share one
//! server. Each turn is one transaction (`READ COMMITTED`) on a pooled connection, answered
//! only once committed; sessions are saved with optimistic versions, replays are caught by
//! the unique provider id, and workers claim outbox messages and jobs with
//! `FOR UPDATE SKIP LOCKED` leases. Migrations (`migrations/postgres`, the same versions as
//! SQLite's) are embedded and applied at start.
//!
//! `DATABASE_URL=postgres://user@host/db` uses the user's default schema;
//! `?options=-c%20search_path%3Dname` puts everything in schema `name`, created if missing
//! (several test runs or several regions on one server).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::{AssertSqlSafe, PgPool, Row};

mod audit;
mod jobs;
mod mandates;
mod mediators;
mod outbox;
mod partners;
mod privacy;
mod requests;
mod signups;
mod turn;
mod visits;
mod webhooks;

use super::rows::{KIOSK_COLUMNS, MISSION_COLUMNS, REQUEST_COLUMNS, SIGNUP_COLUMNS, TABLES};
use super::{
    HelpRequest, Kiosk, Mission, NewMission, Page, RequestFilter, Result, Signup, Store,
    StoreError, StoredRelais, Work,
};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Connections each instance may hold (PostgreSQL's default `max_connections` is 100).
const POOL_SIZE: u32 = 16;

/// The PostgreSQL implementation of [`Store`].
#[derive(Clone, Debug)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to the server of a `postgres://` URL, creates the schema named by its
    /// `search_path` if missing, and migrates.
    pub async fn open(url: &str) -> Result<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(POOL_SIZE)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        if let Some(schema) = search_path(url) {
            let created = sqlx::query(AssertSqlSafe(format!(
                "CREATE SCHEMA IF NOT EXISTS \"{schema}\""
            )))
            .execute(&pool)
            .await;
            // Two instances starting together may both try: the loser finds it made.
            if let Err(e) = created {
                let exists = sqlx::query("SELECT 1 FROM pg_namespace WHERE nspname = $1")
                    .bind(&schema)
                    .fetch_optional(&pool)
                    .await?
                    .is_some();
                if !exists {
                    return Err(e.into());
                }
            }
        }
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }

    /// The pool, for tests and tools that look at the database directly.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// The one schema a URL's `options=-c search_path=…` names, if it is a plain identifier.
fn search_path(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let options = parsed
        .query_pairs()
        .find_map(|(k, v)| (k == "options").then(|| v.into_owned()))?;
    let value = options.split("search_path=").nth(1)?;
    let schema = value.split([' ', ',']).next()?.trim_matches('"');
    let plain = !schema.is_empty()
        && schema
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    plain.then(|| schema.to_string())
}

pub(super) fn request_from(row: &PgRow) -> Result<HelpRequest> {
    Ok(crate::request_row!(row))
}

pub(super) fn mission_from(row: &PgRow) -> Result<Mission> {
    Ok(crate::mission_row!(row))
}

fn kiosk_from(row: &PgRow) -> Result<Kiosk> {
    Ok(crate::kiosk_row!(row))
}

pub(super) fn signup_from(row: &PgRow) -> Result<Signup> {
    Ok(crate::signup_row!(row))
}

#[async_trait]
impl Store for PgStore {
    async fn transact(&self, work: Work) -> Result<()> {
        turn::transact(&self.pool, work).await
    }

    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn help_requests(
        &self,
        filter: &RequestFilter,
        page: Page,
    ) -> Result<(Vec<HelpRequest>, i64)> {
        let cond = "($1::text IS NULL OR relais = $1) AND ($2::text IS NULL OR status = $2)";
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {REQUEST_COLUMNS} FROM help_requests WHERE {cond} ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4"
        )))
        .bind(&filter.relais)
        .bind(&filter.status)
        .bind(i64::from(page.per_page))
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        let total: i64 = sqlx::query(AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM help_requests WHERE {cond}"
        )))
        .bind(&filter.relais)
        .bind(&filter.status)
        .fetch_one(&self.pool)
        .await?
        .try_get("n")?;
        Ok((rows.iter().map(request_from).collect::<Result<_>>()?, total))
    }

    async fn help_request(&self, reference: &str) -> Result<Option<HelpRequest>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {REQUEST_COLUMNS} FROM help_requests WHERE reference = $1"
        )))
        .bind(reference)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(request_from).transpose()
    }

    async fn missions(&self, page: Page) -> Result<(Vec<Mission>, i64)> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {MISSION_COLUMNS} FROM missions ORDER BY start_at NULLS FIRST, id LIMIT $1 OFFSET $2"
        )))
        .bind(i64::from(page.per_page))
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        let total = self.count("missions").await?;
        Ok((rows.iter().map(mission_from).collect::<Result<_>>()?, total))
    }

    async fn signups(&self, page: Page) -> Result<(Vec<Signup>, i64)> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SIGNUP_COLUMNS} FROM signups ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2"
        )))
        .bind(i64::from(page.per_page))
        .bind(page.offset())
        .fetch_all(&self.pool)
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
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("id")?)
    }

    async fn stored_relais(&self) -> Result<Vec<StoredRelais>> {
        let rows = sqlx::query(
            "SELECT id, name, numbers, communes, help_line, opening_hours, quiet_hours FROM relais ORDER BY id",
        )
        .fetch_all(&self.pool)
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
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn backup(&self, _path: &Path) -> Result<()> {
        Err(StoreError::Unsupported(
            "a PostgreSQL database is saved with pg_dump (see docs/operations.md)",
        ))
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
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn enrol_kiosk(
        &self,
        enrol_code_hash: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<Kiosk>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "UPDATE kiosks SET token_hash = $1, enrolled_at = $2, enrol_code_hash = NULL, enrol_expires_at = NULL \
             WHERE enrol_code_hash = $3 AND enrol_expires_at >= $2 RETURNING {KIOSK_COLUMNS}"
        )))
        .bind(token_hash)
        .bind(now)
        .bind(enrol_code_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(kiosk_from).transpose()
    }

    async fn kiosk_by_token(&self, token_hash: &str) -> Result<Option<Kiosk>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {KIOSK_COLUMNS} FROM kiosks WHERE token_hash = $1"
        )))
        .bind(token_hash)
        .fetch_optional(&self.pool)
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
             ON CONFLICT (call_sid) DO UPDATE SET status = $3, duration_secs = COALESCE($4, calls.duration_secs), updated_at = $5",
        )
        .bind(call_sid)
        .bind(relais)
        .bind(status)
        .bind(duration_secs)
        .bind(now)
        .execute(&self.pool)
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
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn contact_language(&self, key: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT language FROM contacts WHERE phone = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get("language")?),
            None => None,
        })
    }

    async fn count(&self, table: &str) -> Result<i64> {
        if !TABLES.contains(&table) {
            return Err(StoreError::Corrupt(format!("no table {table}")));
        }
        let row = sqlx::query(AssertSqlSafe(format!("SELECT COUNT(*) AS n FROM {table}")))
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_comes_from_the_urls_search_path() {
        assert_eq!(
            search_path("postgres://u@h/db?options=-c%20search_path%3Dt_42").as_deref(),
            Some("t_42")
        );
        assert_eq!(
            search_path("postgres://u@h/db?sslmode=disable&options=-c search_path=region_ara")
                .as_deref(),
            Some("region_ara")
        );
        assert_eq!(search_path("postgres://u@h/db"), None);
        // Only plain identifiers: nothing that could end the quoted name.
        assert_eq!(
            search_path("postgres://u@h/db?options=-c%20search_path%3Dx%22y"),
            None
        );
    }
}

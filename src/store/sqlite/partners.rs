//! SQLite side of the partner store: clients, listings by `(updated_at, id)`, missions written
//! by their source. Reads use the read pool; writes the occasional-writes pool, a whole
//! import in one transaction.

use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, Row};

use super::writer::MISSION_COLUMNS;
use super::{SqliteStore, mission_from};
use crate::store::partners::{
    ApiClient, CALLBACK_SELECT, CLIENT_COLUMNS, CallbackRow, Filter, MissionPut, ORDER,
    PartnerStore, Put, RequestRow, SIGNUP_SELECT, SignupRow, Window, on_t, request_select,
};
use crate::store::{Mission, Result};

/// The window's conditions on alias `t`, with its parameters at `$1`…`$4` (bound by
/// [`bind_window`]).
const WINDOW: &str = "($1 IS NULL OR t.updated_at >= $1) \
     AND ($2 IS NULL OR t.updated_at > $2 OR (t.updated_at = $2 AND t.id > $3))";

fn bind_window<'q>(
    q: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>,
    w: &Window,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
    q.bind(w.updated_since)
        .bind(w.after.map(|a| a.0))
        .bind(w.after.map(|a| a.1))
        .bind(w.limit)
}

fn client_from(r: &SqliteRow) -> Result<ApiClient> {
    Ok(crate::api_client_row!(r))
}

fn request_row_from(r: &SqliteRow) -> Result<RequestRow> {
    Ok(crate::partner_request_row!(r))
}

fn signup_row_from(r: &SqliteRow) -> Result<SignupRow> {
    Ok(crate::partner_signup_row!(r))
}

fn callback_from(r: &SqliteRow) -> Result<CallbackRow> {
    Ok(crate::partner_callback_row!(r))
}

#[async_trait]
impl PartnerStore for SqliteStore {
    async fn add_client(
        &self,
        name: &str,
        relais: Option<&str>,
        scopes: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO api_clients (name, relais, scopes, token_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(name)
        .bind(relais)
        .bind(scopes)
        .bind(token_hash)
        .bind(now)
        .fetch_one(&self.writer)
        .await?;
        Ok(row.try_get("id")?)
    }

    async fn clients(&self) -> Result<Vec<ApiClient>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CLIENT_COLUMNS} FROM api_clients ORDER BY name"
        )))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(client_from).collect()
    }

    async fn revoke_client(&self, name: &str, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE api_clients SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(name)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn client_by_token(&self, token_hash: &str) -> Result<Option<ApiClient>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CLIENT_COLUMNS} FROM api_clients WHERE token_hash = $1 AND revoked_at IS NULL"
        )))
        .bind(token_hash)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(client_from).transpose()
    }

    async fn list_requests(&self, f: &Filter, w: &Window) -> Result<Vec<RequestRow>> {
        let sql = format!(
            "{} WHERE {WINDOW} AND ($5 IS NULL OR t.relais = $5) AND ($6 IS NULL OR t.status = $6) \
             AND ($7 IS NULL OR t.category = $7) AND ($8 IS NULL OR t.commune_insee = $8) {ORDER}",
            request_select()
        );
        let rows = bind_window(sqlx::query(AssertSqlSafe(sql)), w)
            .bind(&f.relais)
            .bind(&f.status)
            .bind(&f.category)
            .bind(&f.commune_insee)
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(request_row_from).collect()
    }

    async fn partner_request(&self, reference: &str) -> Result<Option<RequestRow>> {
        let sql = format!("{} WHERE t.reference = $1", request_select());
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(reference)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(request_row_from).transpose()
    }

    async fn list_missions(&self, f: &Filter, w: &Window) -> Result<Vec<Mission>> {
        let sql = format!(
            "SELECT {} FROM missions t WHERE {WINDOW} AND ($5 IS NULL OR t.source = $5) \
             AND ($6 IS NULL OR t.commune_insee = $6) \
             AND ($7 IS NULL OR ($7 = 'open' AND t.closed_at IS NULL) OR ($7 = 'closed' AND t.closed_at IS NOT NULL)) {ORDER}",
            on_t(MISSION_COLUMNS)
        );
        let rows = bind_window(sqlx::query(AssertSqlSafe(sql)), w)
            .bind(&f.source)
            .bind(&f.commune_insee)
            .bind(&f.status)
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(mission_from).collect()
    }

    async fn mission_by_key(&self, source: &str, external_id: &str) -> Result<Option<Mission>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {MISSION_COLUMNS} FROM missions WHERE source = $1 AND external_id = $2"
        )))
        .bind(source)
        .bind(external_id)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(mission_from).transpose()
    }

    async fn list_signups(&self, f: &Filter, w: &Window) -> Result<Vec<SignupRow>> {
        let sql = format!(
            "{SIGNUP_SELECT} WHERE {WINDOW} AND ($5 IS NULL OR t.relais = $5) \
             AND ($6 IS NULL OR t.status = $6) AND ($7 IS NULL OR t.mission_id = $7) {ORDER}"
        );
        let rows = bind_window(sqlx::query(AssertSqlSafe(sql)), w)
            .bind(&f.relais)
            .bind(&f.status)
            .bind(f.mission_id)
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(signup_row_from).collect()
    }

    async fn signup_row(&self, id: i64) -> Result<Option<SignupRow>> {
        let row = sqlx::query(AssertSqlSafe(format!("{SIGNUP_SELECT} WHERE t.id = $1")))
            .bind(id)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(signup_row_from).transpose()
    }

    async fn list_callbacks(&self, f: &Filter, w: &Window) -> Result<Vec<CallbackRow>> {
        let sql = format!(
            "{CALLBACK_SELECT} WHERE {WINDOW} AND ($5 IS NULL OR t.relais = $5) AND ($6 IS NULL OR t.status = $6) {ORDER}"
        );
        let rows = bind_window(sqlx::query(AssertSqlSafe(sql)), w)
            .bind(&f.relais)
            .bind(&f.status)
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(callback_from).collect()
    }

    async fn put_missions(&self, list: &[MissionPut], now: i64) -> Result<Vec<Put>> {
        let mut tx = self.writer.begin().await?;
        let mut out = Vec::with_capacity(list.len());
        for p in list {
            let m = &p.mission;
            let existing: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM missions WHERE source = $1 AND external_id = $2",
            )
            .bind(&m.source)
            .bind(&m.external_id)
            .fetch_optional(&mut *tx)
            .await?;
            let closed_at = p.closed.then_some(now);
            // Only a real difference is written, so a feed imported twice changes nothing.
            let written: Option<i64> = sqlx::query_scalar(
                "INSERT INTO missions (source, external_id, title, description, organization, domain, commune_insee, \
                 address, start_at, end_at, places_left, created_at, organization_phone, organization_email, updated_at, closed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $12, $15) \
                 ON CONFLICT (source, external_id) DO UPDATE SET title = $3, description = $4, organization = $5, \
                 domain = $6, commune_insee = $7, address = $8, start_at = $9, end_at = $10, places_left = $11, \
                 organization_phone = $13, organization_email = $14, updated_at = $12, \
                 closed_at = CASE WHEN $15 IS NULL THEN NULL ELSE COALESCE(missions.closed_at, $15) END \
                 WHERE missions.title IS NOT $3 OR missions.description IS NOT $4 OR missions.organization IS NOT $5 \
                 OR missions.domain IS NOT $6 OR missions.commune_insee IS NOT $7 OR missions.address IS NOT $8 \
                 OR missions.start_at IS NOT $9 OR missions.end_at IS NOT $10 OR missions.places_left IS NOT $11 \
                 OR missions.organization_phone IS NOT $13 OR missions.organization_email IS NOT $14 \
                 OR (missions.closed_at IS NULL) <> ($15 IS NULL) \
                 RETURNING id",
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
            .bind(closed_at)
            .fetch_optional(&mut *tx)
            .await?;
            out.push(match (existing, written) {
                (None, Some(id)) => Put::Created(id),
                (Some(_), Some(id)) => Put::Updated(id),
                (Some(id), None) => Put::Unchanged(id),
                (None, None) => {
                    return Err(crate::store::StoreError::Corrupt(
                        "a new mission was not written".into(),
                    ));
                }
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn close_missing(&self, source: &str, keep: &[String], now: i64) -> Result<u64> {
        // SQLite's json_each; PostgreSQL binds an array (`<> ALL($3)`).
        let keep = serde_json::to_string(keep)
            .map_err(|e| crate::store::StoreError::Corrupt(format!("external ids as JSON: {e}")))?;
        let done = sqlx::query(
            "UPDATE missions SET closed_at = $1, updated_at = $1 WHERE source = $2 AND closed_at IS NULL \
             AND external_id NOT IN (SELECT value FROM json_each($3))",
        )
        .bind(now)
        .bind(source)
        .bind(keep)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected())
    }
}

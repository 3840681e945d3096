//! PostgreSQL side of the partner store ([`crate::store::partners`]): clients, listings by
//! `(updated_at, id)`, missions written by their source. A mission is written by one
//! `INSERT … ON CONFLICT DO UPDATE … WHERE <something differs>` that says itself whether it
//! created the row, so two imports of one source at once never meet a half-known row.

use async_trait::async_trait;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::Query;
use sqlx::{AssertSqlSafe, Postgres, Row};

use super::{PgStore, mission_from};
use crate::store::partners::{
    ApiClient, CALLBACK_SELECT, CLIENT_COLUMNS, CallbackRow, Filter, MissionPut, ORDER,
    PartnerStore, Put, RequestRow, SIGNUP_SELECT, SignupRow, Window, on_t, request_select,
};
use crate::store::rows::MISSION_COLUMNS;
use crate::store::{Mission, Result, StoreError};

/// The window's conditions on alias `t`, with its parameters at `$1`…`$4` (bound by
/// [`bind_window`]); the NULL parameters are typed. `updated_at` and `id` are never NULL, so
/// the cursor's order needs no `NULLS FIRST`.
const WINDOW: &str = "($1::bigint IS NULL OR t.updated_at >= $1) \
     AND ($2::bigint IS NULL OR t.updated_at > $2 OR (t.updated_at = $2 AND t.id > $3::bigint))";

fn bind_window<'q>(
    q: Query<'q, Postgres, PgArguments>,
    w: &Window,
) -> Query<'q, Postgres, PgArguments> {
    q.bind(w.updated_since)
        .bind(w.after.map(|a| a.0))
        .bind(w.after.map(|a| a.1))
        .bind(w.limit)
}

fn client_from(r: &PgRow) -> Result<ApiClient> {
    Ok(crate::api_client_row!(r))
}

fn request_row_from(r: &PgRow) -> Result<RequestRow> {
    Ok(crate::partner_request_row!(r))
}

fn signup_row_from(r: &PgRow) -> Result<SignupRow> {
    Ok(crate::partner_signup_row!(r))
}

fn callback_from(r: &PgRow) -> Result<CallbackRow> {
    Ok(crate::partner_callback_row!(r))
}

#[async_trait]
impl PartnerStore for PgStore {
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
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("id")?)
    }

    async fn clients(&self) -> Result<Vec<ApiClient>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CLIENT_COLUMNS} FROM api_clients ORDER BY name"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(client_from).collect()
    }

    async fn revoke_client(&self, name: &str, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE api_clients SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(name)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn client_by_token(&self, token_hash: &str) -> Result<Option<ApiClient>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CLIENT_COLUMNS} FROM api_clients WHERE token_hash = $1 AND revoked_at IS NULL"
        )))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(client_from).transpose()
    }

    async fn list_requests(&self, f: &Filter, w: &Window) -> Result<Vec<RequestRow>> {
        let sql = format!(
            "{} WHERE {WINDOW} AND ($5::text IS NULL OR t.relais = $5) \
             AND ($6::text IS NULL OR t.status = $6) AND ($7::text IS NULL OR t.category = $7) \
             AND ($8::text IS NULL OR t.commune_insee = $8) {ORDER}",
            request_select()
        );
        let rows = bind_window(sqlx::query(AssertSqlSafe(sql)), w)
            .bind(&f.relais)
            .bind(&f.status)
            .bind(&f.category)
            .bind(&f.commune_insee)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(request_row_from).collect()
    }

    async fn partner_request(&self, reference: &str) -> Result<Option<RequestRow>> {
        let sql = format!("{} WHERE t.reference = $1", request_select());
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(reference)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(request_row_from).transpose()
    }

    async fn list_missions(&self, f: &Filter, w: &Window) -> Result<Vec<Mission>> {
        let sql = format!(
            "SELECT {} FROM missions t WHERE {WINDOW} AND ($5::text IS NULL OR t.source = $5) \
             AND ($6::text IS NULL OR t.commune_insee = $6) \
             AND ($7::text IS NULL OR ($7 = 'open' AND t.closed_at IS NULL) \
             OR ($7 = 'closed' AND t.closed_at IS NOT NULL)) {ORDER}",
            on_t(MISSION_COLUMNS)
        );
        let rows = bind_window(sqlx::query(AssertSqlSafe(sql)), w)
            .bind(&f.source)
            .bind(&f.commune_insee)
            .bind(&f.status)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(mission_from).collect()
    }

    async fn mission_by_key(&self, source: &str, external_id: &str) -> Result<Option<Mission>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {MISSION_COLUMNS} FROM missions WHERE source = $1 AND external_id = $2"
        )))
        .bind(source)
        .bind(external_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(mission_from).transpose()
    }

    async fn list_signups(&self, f: &Filter, w: &Window) -> Result<Vec<SignupRow>> {
        let sql = format!(
            "{SIGNUP_SELECT} WHERE {WINDOW} AND ($5::text IS NULL OR t.relais = $5) \
             AND ($6::text IS NULL OR t.status = $6) AND ($7::bigint IS NULL OR t.mission_id = $7) {ORDER}"
        );
        let rows = bind_window(sqlx::query(AssertSqlSafe(sql)), w)
            .bind(&f.relais)
            .bind(&f.status)
            .bind(f.mission_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(signup_row_from).collect()
    }

    async fn signup_row(&self, id: i64) -> Result<Option<SignupRow>> {
        let row = sqlx::query(AssertSqlSafe(format!("{SIGNUP_SELECT} WHERE t.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(signup_row_from).transpose()
    }

    async fn list_callbacks(&self, f: &Filter, w: &Window) -> Result<Vec<CallbackRow>> {
        let sql = format!(
            "{CALLBACK_SELECT} WHERE {WINDOW} AND ($5::text IS NULL OR t.relais = $5) \
             AND ($6::text IS NULL OR t.status = $6) {ORDER}"
        );
        let rows = bind_window(sqlx::query(AssertSqlSafe(sql)), w)
            .bind(&f.relais)
            .bind(&f.status)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(callback_from).collect()
    }

    async fn put_missions(&self, list: &[MissionPut], now: i64) -> Result<Vec<Put>> {
        let mut tx = self.pool.begin().await?;
        let mut out = Vec::with_capacity(list.len());
        for p in list {
            let m = &p.mission;
            let closed_at = p.closed.then_some(now);
            // Only a real difference is written, so a feed imported twice changes nothing.
            // `xmax = 0`: the row returned was inserted by this statement, not updated.
            let written = sqlx::query(
                "INSERT INTO missions (source, external_id, title, description, organization, domain, commune_insee, \
                 address, start_at, end_at, places_left, created_at, organization_phone, organization_email, updated_at, closed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $12, $15) \
                 ON CONFLICT (source, external_id) DO UPDATE SET title = $3, description = $4, organization = $5, \
                 domain = $6, commune_insee = $7, address = $8, start_at = $9, end_at = $10, places_left = $11, \
                 organization_phone = $13, organization_email = $14, updated_at = $12, \
                 closed_at = CASE WHEN $15::bigint IS NULL THEN NULL ELSE COALESCE(missions.closed_at, $15) END \
                 WHERE missions.title IS DISTINCT FROM $3 OR missions.description IS DISTINCT FROM $4 \
                 OR missions.organization IS DISTINCT FROM $5 OR missions.domain IS DISTINCT FROM $6 \
                 OR missions.commune_insee IS DISTINCT FROM $7 OR missions.address IS DISTINCT FROM $8 \
                 OR missions.start_at IS DISTINCT FROM $9 OR missions.end_at IS DISTINCT FROM $10 \
                 OR missions.places_left IS DISTINCT FROM $11 \
                 OR missions.organization_phone IS DISTINCT FROM $13 \
                 OR missions.organization_email IS DISTINCT FROM $14 \
                 OR (missions.closed_at IS NULL) <> ($15::bigint IS NULL) \
                 RETURNING id, (xmax = 0) AS created",
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
            out.push(match written {
                Some(r) if r.try_get::<bool, _>("created")? => Put::Created(r.try_get("id")?),
                Some(r) => Put::Updated(r.try_get("id")?),
                None => {
                    // Nothing differed: the row exists (this statement sees it once committed).
                    let id: Option<i64> = sqlx::query_scalar(
                        "SELECT id FROM missions WHERE source = $1 AND external_id = $2",
                    )
                    .bind(&m.source)
                    .bind(&m.external_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    Put::Unchanged(id.ok_or_else(|| {
                        StoreError::Corrupt("a mission neither written nor found".into())
                    })?)
                }
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn close_missing(&self, source: &str, keep: &[String], now: i64) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE missions SET closed_at = $1, updated_at = $1 WHERE source = $2 AND closed_at IS NULL \
             AND external_id <> ALL($3)",
        )
        .bind(now)
        .bind(source)
        .bind(keep)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}

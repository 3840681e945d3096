//! PostgreSQL side of sign-ups beyond their creation: a sign-up with its mission and
//! volunteer, status changes (recorded in `signup_changes`), places given back. The
//! statements both backends share are in [`crate::store::signups::sql`].

use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, Row};

use super::PgStore;
use super::turn::PgTx;
use crate::store::signups::{SignupFilter, SignupStore, SignupTx, SignupView, sql};
use crate::store::{Result, StoreError};

fn view_from(r: &PgRow) -> Result<SignupView> {
    Ok(crate::signup_view_row!(r))
}

#[async_trait]
impl SignupTx for PgTx<'_> {
    async fn signup_view(&mut self, id: i64) -> Result<Option<SignupView>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE s.id = $1",
            sql::view_select()
        )))
        .bind(id)
        .fetch_optional(&mut *self.conn)
        .await?;
        row.as_ref().map(view_from).transpose()
    }

    async fn signups_of(&mut self, contact_id: i64, statuses: &[&str]) -> Result<Vec<SignupView>> {
        // Missions without a date first, as SQLite orders them.
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE s.contact_id = $1 AND s.status = ANY($2) ORDER BY m.start_at NULLS FIRST, s.id",
            sql::view_select()
        )))
        .bind(contact_id)
        .bind(statuses)
        .fetch_all(&mut *self.conn)
        .await?;
        rows.iter().map(view_from).collect()
    }

    async fn set_signup_status(
        &mut self,
        id: i64,
        from: &str,
        to: &str,
        by: &str,
        note: Option<&str>,
        now: i64,
    ) -> Result<bool> {
        let done = sqlx::query(sql::SET_STATUS)
            .bind(to)
            .bind(note)
            .bind(now)
            .bind(id)
            .bind(from)
            .execute(&mut *self.conn)
            .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(sql::RECORD_CHANGE)
            .bind(id)
            .bind(from)
            .bind(to)
            .bind(by)
            .bind(note)
            .bind(now)
            .execute(&mut *self.conn)
            .await?;
        Ok(true)
    }

    async fn free_place(&mut self, mission_id: i64, now: i64) -> Result<()> {
        let done = sqlx::query(sql::FREE_PLACE)
            .bind(now)
            .bind(mission_id)
            .execute(&mut *self.conn)
            .await?;
        if done.rows_affected() == 1 {
            Ok(())
        } else {
            Err(StoreError::Corrupt(format!("no mission {mission_id}")))
        }
    }

    async fn set_signup_language(&mut self, id: i64, language: &str) -> Result<()> {
        sqlx::query(sql::SET_LANGUAGE)
            .bind(language)
            .bind(id)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }
}

#[async_trait]
impl SignupStore for PgStore {
    async fn signup_list(&self, filter: &SignupFilter, limit: i64) -> Result<Vec<SignupView>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE ($1::text IS NULL OR s.relais = $1) AND ($2::text IS NULL OR s.status = $2) \
             AND ($3::bigint IS NULL OR s.mission_id = $3) ORDER BY s.created_at DESC, s.id DESC LIMIT $4",
            sql::view_select()
        )))
        .bind(&filter.relais)
        .bind(&filter.status)
        .bind(filter.mission_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(view_from).collect()
    }
}

//! SQLite side of sign-ups beyond their creation: a sign-up with its mission and volunteer,
//! status changes (recorded in `signup_changes`), places given back.

use async_trait::async_trait;
use rusqlite::{OptionalExtension, params};
use sqlx::Row;

use super::SqliteStore;
use super::writer::TurnTx;
use crate::store::signups::{SignupFilter, SignupStore, SignupTx, SignupView, sql};
use crate::store::{Result, StoreError};

fn view_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<SignupView> {
    Ok(SignupView {
        id: r.get("s_id")?,
        status: r.get("s_status")?,
        channel: r.get("s_channel")?,
        relais: r.get("s_relais")?,
        language: r.get("s_language")?,
        contact_id: r.get("s_contact_id")?,
        volunteer: r.get("s_volunteer")?,
        volunteer_opted_out: r.get::<_, Option<i64>>("s_opted_out_at")?.is_some(),
        note: r.get("s_note")?,
        created_at: r.get("s_created_at")?,
        updated_at: r.get("s_updated_at")?,
        mission: super::writer::mission_from(r)?,
    })
}

fn view_from_sqlx(r: &sqlx::sqlite::SqliteRow) -> Result<SignupView> {
    Ok(crate::signup_view_row!(r))
}

#[async_trait]
impl SignupTx for TurnTx<'_> {
    async fn signup_view(&mut self, id: i64) -> Result<Option<SignupView>> {
        let query = format!("{} WHERE s.id = $1", sql::view_select());
        Ok(self
            .conn
            .prepare_cached(&query)?
            .query_row(params![id], view_from)
            .optional()?)
    }

    async fn signups_of(&mut self, contact_id: i64, statuses: &[&str]) -> Result<Vec<SignupView>> {
        // At most a handful of statuses: one query each keeps the SQL static.
        let query = format!(
            "{} WHERE s.contact_id = $1 AND s.status = $2 ORDER BY m.start_at, s.id",
            sql::view_select()
        );
        let mut out = Vec::new();
        for status in statuses {
            let mut st = self.conn.prepare_cached(&query)?;
            let rows = st.query_map(params![contact_id, status], view_from)?;
            out.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        out.sort_by(|a, b| {
            a.mission
                .start_at
                .cmp(&b.mission.start_at)
                .then(a.id.cmp(&b.id))
        });
        Ok(out)
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
        let done = self
            .conn
            .prepare_cached(sql::SET_STATUS)?
            .execute(params![to, note, now, id, from])?;
        if done != 1 {
            return Ok(false);
        }
        self.conn
            .prepare_cached(sql::RECORD_CHANGE)?
            .execute(params![id, from, to, by, note, now])?;
        Ok(true)
    }

    async fn free_place(&mut self, mission_id: i64, now: i64) -> Result<()> {
        let done = self
            .conn
            .prepare_cached(sql::FREE_PLACE)?
            .execute(params![now, mission_id])?;
        if done == 1 {
            Ok(())
        } else {
            Err(StoreError::Corrupt(format!("no mission {mission_id}")))
        }
    }

    async fn set_signup_language(&mut self, id: i64, language: &str) -> Result<()> {
        self.conn
            .prepare_cached(sql::SET_LANGUAGE)?
            .execute(params![language, id])?;
        Ok(())
    }
}

#[async_trait]
impl SignupStore for SqliteStore {
    async fn signup_list(&self, filter: &SignupFilter, limit: i64) -> Result<Vec<SignupView>> {
        let query = format!(
            "{} WHERE ($1 IS NULL OR s.relais = $1) AND ($2 IS NULL OR s.status = $2) \
             AND ($3 IS NULL OR s.mission_id = $3) ORDER BY s.created_at DESC, s.id DESC LIMIT $4",
            sql::view_select()
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(query))
            .bind(&filter.relais)
            .bind(&filter.status)
            .bind(filter.mission_id)
            .bind(limit)
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(view_from_sqlx).collect()
    }
}

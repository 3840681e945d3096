//! The service under test: release `passerelle serve` processes on a fresh database — a
//! SQLite file, or a PostgreSQL schema of its own (dropped at the end) — seeded with N
//! contacts before the measured start.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::drive::{RELAIS, TOKEN};

/// Where the instances keep their data.
#[derive(Clone, Debug)]
pub enum Database {
    Sqlite,
    /// A PostgreSQL database URL (`postgres://…/db`); the run uses a schema of its own.
    Postgres(String),
}

/// A running instance.
pub struct Server {
    pub child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(18080)
}

pub fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// The `DATABASE_URL` the instances of this run share.
pub fn database_url(db: &Database, schema: &str) -> String {
    match db {
        Database::Sqlite => "sqlite:bench.db".into(),
        // Options already in the URL (`-c synchronous_commit=off`…) are kept.
        Database::Postgres(url) if url.contains("options=") => url.replacen(
            "options=",
            &format!("options=-c%20search_path%3D{schema}%20"),
            1,
        ),
        Database::Postgres(url) => {
            let sep = if url.contains('?') { '&' } else { '?' };
            format!("{url}{sep}options=-c%20search_path%3D{schema}")
        }
    }
}

/// Starts `passerelle serve` in `dir`; returns it once `/healthz` answers, with the time that took.
pub async fn start(
    dir: &std::path::Path,
    port: u16,
    url: &str,
    worker: bool,
) -> (Server, Duration) {
    let t0 = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("serve")
        .current_dir(dir)
        .env("PASSERELLE_BIND", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", url)
        .env("TWILIO_AUTH_TOKEN", TOKEN)
        .env("TWILIO_FROM", RELAIS)
        .env(
            "PASSERELLE_OUTBOX_WORKER",
            if worker { "true" } else { "false" },
        )
        .env("PASSERELLE_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the server starts");
    let server = Server { child };
    let client = reqwest::Client::new();
    loop {
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            && r.status().is_success()
        {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "the server did not answer /healthz"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    (server, t0.elapsed())
}

const SESSION: &str =
    "{\"at\":{\"flow\":\"main\",\"node\":\"menu\"},\"lang\":\"fr\",\"idle\":true,\"greeted\":true}";

/// Fills the database with `n` contacts (and a session each) before the measured start.
pub async fn seed(dir: &std::path::Path, db: &Database, url: &str, n: u64) {
    use sqlx::Connection;
    // The service creates and migrates the database.
    let (server, _) = start(dir, free_port(), url, false).await;
    drop(server);
    match db {
        Database::Sqlite => {
            use sqlx::sqlite::SqliteConnectOptions;
            use std::str::FromStr;
            let opts = SqliteConnectOptions::from_str(&format!(
                "sqlite:{}",
                dir.join("bench.db").display()
            ))
            .expect("url");
            let mut conn = sqlx::SqliteConnection::connect_with(&opts)
                .await
                .expect("open");
            let mut tx = conn.begin().await.expect("begin");
            for i in 0..n {
                sqlx::query("INSERT INTO contacts (phone, language, created_at, last_seen_at) VALUES ($1, 'fr', 0, 0)")
                    .bind(format!("+3361{i:08}"))
                    .execute(&mut *tx)
                    .await
                    .expect("insert");
                sqlx::query(
                    "INSERT INTO sessions (contact_id, relais, state, version, updated_at) \
                     VALUES (last_insert_rowid(), 'passerelle', $1, 1, 0)",
                )
                .bind(SESSION)
                .execute(&mut *tx)
                .await
                .expect("insert");
            }
            tx.commit().await.expect("commit");
        }
        Database::Postgres(_) => {
            let mut conn = sqlx::PgConnection::connect(url).await.expect("PostgreSQL");
            sqlx::query(
                "WITH c AS (INSERT INTO contacts (phone, language, created_at, last_seen_at) \
                 SELECT '+3361' || lpad(i::text, 8, '0'), 'fr', 0, 0 FROM generate_series(0, $1 - 1) AS i RETURNING id) \
                 INSERT INTO sessions (contact_id, relais, state, version, updated_at) \
                 SELECT id, 'passerelle', $2, 1, 0 FROM c",
            )
            .bind(n as i64)
            .bind(SESSION)
            .execute(&mut conn)
            .await
            .expect("seed");
            sqlx::query("ANALYZE")
                .execute(&mut conn)
                .await
                .expect("analyze");
        }
    }
}

/// Drops the run's PostgreSQL schema.
pub async fn clean(db: &Database, schema: &str) {
    use sqlx::Connection;
    if let Database::Postgres(url) = db
        && let Ok(mut conn) = sqlx::PgConnection::connect(url).await
    {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE"
        )))
        .execute(&mut conn)
        .await;
    }
}

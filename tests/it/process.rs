//! The real binary as an operator runs it: a full disk, SIGTERM under load, a hostile URL.
//!
//! Each test starts `passerelle serve` in its own process on port 0 with a fresh database (the
//! suite's backend, see `helpers::test_database_url`), reads the address it prints, and drives
//! it with signed webhooks.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{RELAIS_NUMBER, TOKEN, sql_texts, test_database_url};

const BIN: &str = env!("CARGO_BIN_EXE_passerelle");

/// A running `passerelle serve`.
struct Server {
    child: Child,
    base: String,
    database_url: String,
    _dir: tempfile::TempDir,
    http: reqwest::Client,
    sid: std::sync::atomic::AtomicU64,
}

impl Server {
    /// Starts the binary on the suite's backend.
    fn start() -> Self {
        Self::start_with(test_database_url)
    }

    /// Starts the binary on a SQLite file in its directory, whatever the suite's backend.
    fn start_on_sqlite() -> Self {
        Self::start_with(|dir| format!("sqlite:{}", dir.join("p.db").display()))
    }

    /// Starts the binary on the database `url_in` names for its directory. A file that may
    /// not grow (see [`Server::limit_file_size`]) must not kill it: SIGXFSZ is ignored, as the
    /// write then fails like on a full disk.
    fn start_with(url_in: impl FnOnce(&std::path::Path) -> String) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database_url = url_in(dir.path());
        let mut child = Command::new("sh")
            .args(["-c", "trap '' XFSZ; exec \"$0\" serve", BIN])
            .current_dir(dir.path())
            .env("PASSERELLE_BIND", "127.0.0.1:0")
            .env("DATABASE_URL", &database_url)
            .env("TWILIO_AUTH_TOKEN", TOKEN)
            .env("PASSERELLE_DEMO_MISSIONS", "false")
            .env("PASSERELLE_LOG", "info")
            .env_remove("PASSERELLE_LOG_FORMAT")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent && let Some(i) = line.find("address=") {
                    let addr: String = line[i + 8..]
                        .chars()
                        .take_while(|c| !c.is_whitespace())
                        .collect();
                    let _ = tx.send(addr);
                    sent = true;
                }
                // Keep draining so the server never blocks on a full pipe.
                if line.contains("ERROR") || line.contains("WARN") {
                    eprintln!("server: {line}");
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server says where it listens");
        Server {
            child,
            base: format!("http://{addr}"),
            database_url,
            _dir: dir,
            http: reqwest::Client::new(),
            sid: std::sync::atomic::AtomicU64::new(1),
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sets the largest file the server may write (soft limit, `RLIMIT_FSIZE`): a write past
    /// it fails as on a full disk. `None` lifts it.
    fn limit_file_size(&self, bytes: Option<u64>) {
        let value = match bytes {
            Some(b) => format!("--fsize={b}:"),
            None => "--fsize=unlimited:".to_string(),
        };
        let ok = Command::new("prlimit")
            .args(["--pid", &self.pid().to_string(), &value])
            .status()
            .expect("prlimit (util-linux) is installed");
        assert!(ok.success(), "prlimit {value}");
    }

    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    fn next_sid(&self) -> String {
        let n = self.sid.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!("SM{n:032x}")
    }

    /// Posts a signed form; returns the status and body, or `None` when the connection failed.
    async fn post(&self, path: &str, params: &[(String, String)]) -> Option<(u16, String)> {
        let url = format!("{}{path}", self.base);
        let sig = passerelle::http::signature::compute(TOKEN, &url, params);
        let resp = self
            .http
            .post(&url)
            .header("X-Twilio-Signature", sig)
            .form(params)
            .timeout(Duration::from_secs(20))
            .send()
            .await
            .ok()?;
        let status = resp.status().as_u16();
        Some((status, resp.text().await.ok()?))
    }

    async fn sms(&self, from: &str, body: &str, sid: &str) -> Option<(u16, String)> {
        let params: Vec<(String, String)> = [
            ("AccountSid", "AC00000000000000000000000000000001"),
            ("From", from),
            ("To", RELAIS_NUMBER),
            ("Body", body),
            ("MessageSid", sid),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        self.post("/webhooks/twilio/sms", &params).await
    }

    async fn get(&self, path: &str) -> Option<u16> {
        let resp = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .ok()?;
        Some(resp.status().as_u16())
    }

    /// The provider ids of the messages stored, read straight from the database.
    async fn stored_sids(&self) -> Vec<String> {
        sql_texts(&self.database_url, "SELECT provider_id FROM messages")
            .await
            .into_iter()
            .filter_map(|row| row.into_iter().next().flatten())
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn a_full_disk_is_never_acknowledged_and_the_service_recovers_by_itself() {
    // The disk that fills is the SQLite file's: a PostgreSQL server's disk is not the
    // process's to limit, so this test runs on SQLite on both passes.
    let server = Server::start_on_sqlite();
    let first = server
        .sms("+33612345678", "bonjour", &server.next_sid())
        .await;
    assert_eq!(first.map(|r| r.0), Some(200), "a normal turn is answered");
    assert_eq!(server.get("/readyz").await, Some(200));

    // Nothing can be written any more: every file write fails as on a full disk.
    server.limit_file_size(Some(1));
    let lost = server.next_sid();
    let (status, _) = server
        .sms("+33612345678", "1", &lost)
        .await
        .expect("an answer");
    assert_eq!(
        status, 503,
        "a turn that could not be stored is not acknowledged"
    );
    assert_eq!(
        server.get("/readyz").await,
        Some(503),
        "not ready while it cannot write"
    );
    assert_eq!(server.get("/healthz").await, Some(200), "but alive");

    // Space comes back: Twilio's retry of the same message is handled, once.
    server.limit_file_size(None);
    let (status, body) = server
        .sms("+33612345678", "1", &lost)
        .await
        .expect("an answer");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<Message>"), "{body}");
    assert_eq!(server.get("/readyz").await, Some(200));
    let stored = server.stored_sids().await;
    assert_eq!(
        stored.iter().filter(|s| **s == lost).count(),
        1,
        "the retried message is stored once"
    );
}

#[tokio::test]
async fn sigterm_under_load_answers_every_request_it_took_and_exits_cleanly() {
    let mut server = Server::start();
    let base = server.base.clone();
    let senders = 16;
    let stop_at = Instant::now() + Duration::from_secs(1);
    let so_far = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for s in 0..senders {
        let base = base.clone();
        let so_far = so_far.clone();
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut answered = Vec::new();
            let mut failed = Vec::new();
            let mut n = 0u32;
            // Keep sending until the server stops taking connections.
            loop {
                n += 1;
                // A new resident every 20 messages: nobody is over their rate limit.
                let from = format!("+3361{s:02}{:05}", n / 20);
                let sid = format!("SM{s:04}{n:028}");
                let params: Vec<(String, String)> = [
                    ("From", from.as_str()),
                    ("To", RELAIS_NUMBER),
                    ("Body", if n.is_multiple_of(2) { "menu" } else { "1" }),
                    ("MessageSid", sid.as_str()),
                ]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
                let url = format!("{base}/webhooks/twilio/sms");
                let sig = passerelle::http::signature::compute(TOKEN, &url, &params);
                let r = http
                    .post(&url)
                    .header("X-Twilio-Signature", sig)
                    .form(&params)
                    .timeout(Duration::from_secs(15))
                    .send()
                    .await;
                match r {
                    Ok(resp) if resp.status() == 200 => {
                        answered.push(sid);
                        so_far.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    Ok(resp) => panic!("answered {} while stopping", resp.status()),
                    Err(_) => {
                        failed.push(sid);
                        if Instant::now() > stop_at {
                            break;
                        }
                    }
                }
                if failed.len() > 3 {
                    break;
                }
            }
            (answered, failed)
        }));
    }
    // Stopped under a real load: after 800 ms, and not before 60 turns were answered (a
    // PostgreSQL server on a busy machine answers fewer per second than SQLite).
    tokio::time::sleep(Duration::from_millis(800)).await;
    let loaded_by = Instant::now() + Duration::from_secs(30);
    while so_far.load(std::sync::atomic::Ordering::Relaxed) < 60 && Instant::now() < loaded_by {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let killed = Command::new("kill")
        .args(["-TERM", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut answered = Vec::new();
    for t in tasks {
        let (a, _) = t.await.unwrap();
        answered.extend(a);
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "still running 15 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
    assert!(answered.len() > 50, "the load was real: {}", answered.len());
    // Every message answered was stored, and every message stored was answered: nothing in
    // flight was cut between the two.
    let stored: std::collections::BTreeSet<String> =
        server.stored_sids().await.into_iter().collect();
    let answered: std::collections::BTreeSet<String> = answered.into_iter().collect();
    let cut: Vec<_> = stored.difference(&answered).collect();
    let unstored: Vec<_> = answered.difference(&stored).collect();
    assert!(cut.is_empty(), "stored but never answered: {cut:?}");
    assert!(unstored.is_empty(), "answered but not stored: {unstored:?}");
}

#[tokio::test]
async fn a_signed_voice_step_asking_for_four_billion_choices_is_refused_without_growing() {
    let server = Server::start();
    let call = |path: &str, extra: &[(&str, &str)]| {
        let mut params: Vec<(String, String)> = [
            ("AccountSid", "AC00000000000000000000000000000001"),
            ("CallSid", "CA00000000000000000000000000000001"),
            ("From", "+33612345678"),
            ("To", RELAIS_NUMBER),
            ("CallStatus", "in-progress"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        params.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        (path.to_string(), params)
    };
    let (path, params) = call("/webhooks/twilio/voice", &[]);
    assert_eq!(server.post(&path, &params).await.map(|r| r.0), Some(200));
    let before = server.rss_kib();
    let (path, params) = call(
        "/webhooks/twilio/voice/step?page=0&count=4294967295&first=1&more=0",
        &[("Digits", "4")],
    );
    let (status, _) = server.post(&path, &params).await.expect("an answer");
    assert_eq!(status, 400);
    let after = server.rss_kib();
    assert!(
        after < before + 20 * 1024,
        "RSS grew from {before} KiB to {after} KiB"
    );
    // The call goes on.
    let (path, params) = call(
        "/webhooks/twilio/voice/step?page=0&count=4&first=1&more=0",
        &[("Digits", "1")],
    );
    assert_eq!(server.post(&path, &params).await.map(|r| r.0), Some(200));
}

//! Load benchmark: a release `passerelle serve` in its own process, driven over keep-alive
//! connections with validly signed Twilio webhooks. Each simulated resident walks a real
//! conversation in order (a whole help request: 8 turns), with its own number and a new
//! `MessageSid` per message.
//!
//! ```text
//! cargo bench --bench load -- [--seconds 10] [--connections 32] [--rate 500] [--contacts 1000]
//! ```
//!
//! Reports, for the same binary in the same run: a bare route (`/healthz`) at saturation as
//! the ceiling; SMS turns at saturation (closed loop, N connections); SMS and voice turns at a
//! fixed offered rate (latency measured from when each request was due); kiosk pages at a fixed
//! rate; the same SMS rate while one number floods the service as fast as it can (what a flood
//! costs the others); the server's RSS idle and after saturation; the time from start to
//! `/healthz`.

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;

const TOKEN: &str = "bench-token-0123456789abcdef0123";
const RELAIS: &str = "+33757000000";
const CONVERSATION: [&str; 8] = [
    "bonjour",
    "1",
    "courses",
    "74150",
    "1",
    "aujourd'hui",
    "non",
    "oui",
];

struct Opts {
    /// Run by `cargo test` (no `--bench` flag): a one-second smoke run that must see no error.
    smoke: bool,
    seconds: u64,
    connections: usize,
    rate: u64,
    contacts: u64,
    kiosk_rate: u64,
}

fn opts() -> Opts {
    let args: Vec<String> = std::env::args().collect();
    let get = |name: &str, default: u64| -> u64 {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let smoke = !args.iter().any(|a| a == "--bench");
    if smoke {
        return Opts {
            smoke,
            seconds: 1,
            connections: 4,
            rate: 50,
            contacts: 100,
            kiosk_rate: 20,
        };
    }
    Opts {
        smoke,
        seconds: get("--seconds", 10),
        connections: get("--connections", 32) as usize,
        rate: get("--rate", 500),
        contacts: get("--contacts", 1000),
        kiosk_rate: get("--kiosk-rate", 200),
    }
}

struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(18080)
}

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Starts `passerelle serve` in `dir`; returns it once `/healthz` answers, with the time that took.
async fn start(dir: &std::path::Path, port: u16) -> (Server, Duration) {
    let t0 = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("serve")
        .current_dir(dir)
        .env("PASSERELLE_BIND", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", "sqlite:bench.db")
        .env("TWILIO_AUTH_TOKEN", TOKEN)
        .env("TWILIO_FROM", RELAIS)
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

/// Fills the database with `n` contacts (and a session each) before the measured start.
async fn seed(dir: &std::path::Path, n: u64) {
    use sqlx::Connection;
    use sqlx::sqlite::SqliteConnectOptions;
    use std::str::FromStr;
    // The service creates and migrates the database.
    let (server, _) = start(dir, free_port()).await;
    drop(server);
    let opts =
        SqliteConnectOptions::from_str(&format!("sqlite:{}", dir.join("bench.db").display()))
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
             VALUES (last_insert_rowid(), 'passerelle', '{\"at\":{\"flow\":\"main\",\"node\":\"menu\"},\"lang\":\"fr\",\"idle\":true,\"greeted\":true}', 1, 0)",
        )
        .execute(&mut *tx)
        .await
        .expect("insert");
    }
    tx.commit().await.expect("commit");
}

fn sign(url: &str, params: &[(String, String)]) -> String {
    passerelle::http::signature::compute(TOKEN, url, params)
}

type Conn = SendRequest<Full<Bytes>>;

async fn connect(port: u16) -> Conn {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    let _ = stream.set_nodelay(true);
    let (send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(async move {
        let _ = conn.await;
    });
    send
}

/// Sends one request; `Ok(status)` or `Err` for a transport error. A webhook answered 200
/// without a real reply (no `<Message>`/`<Say>`, or the apology for a failed turn) counts as
/// 500, unless silence is the expected answer (`quiet_ok`: a flood past its limit).
async fn send(
    conn: &mut Conn,
    port: u16,
    path: &str,
    form: Option<&[(String, String)]>,
    quiet_ok: bool,
) -> Result<u16, String> {
    let url = format!("http://127.0.0.1:{port}{path}");
    let req = match form {
        Some(params) => {
            let body = serde_urlencoded::to_string(params).map_err(|e| e.to_string())?;
            hyper::Request::post(path)
                .header("host", format!("127.0.0.1:{port}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-twilio-signature", sign(&url, params))
                .body(Full::new(Bytes::from(body)))
        }
        None => hyper::Request::get(path)
            .header("host", format!("127.0.0.1:{port}"))
            .body(Full::new(Bytes::new())),
    }
    .map_err(|e| e.to_string())?;
    conn.ready().await.map_err(|e| e.to_string())?;
    let resp = conn.send_request(req).await.map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    let body = resp
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    if form.is_some() && status == 200 && !quiet_ok {
        let text = String::from_utf8_lossy(&body);
        let answered = text.contains("<Message>") || text.contains("<Say");
        if !answered || text.contains("un problème technique") {
            return Ok(500);
        }
    }
    Ok(status)
}

/// What one simulated resident sends next.
struct Resident {
    phone: String,
    turn: usize,
}

static SID: AtomicU64 = AtomicU64::new(1);

fn sms_form(r: &Resident) -> Vec<(String, String)> {
    let sid = format!("SM{:032x}", SID.fetch_add(1, Ordering::Relaxed));
    vec![
        (
            "AccountSid".into(),
            "AC00000000000000000000000000000001".into(),
        ),
        ("ApiVersion".into(), "2010-04-01".into()),
        (
            "Body".into(),
            CONVERSATION[r.turn % CONVERSATION.len()].into(),
        ),
        ("From".into(), r.phone.clone()),
        ("MessageSid".into(), sid.clone()),
        ("NumMedia".into(), "0".into()),
        ("NumSegments".into(), "1".into()),
        ("SmsMessageSid".into(), sid.clone()),
        ("SmsSid".into(), sid),
        ("SmsStatus".into(), "received".into()),
        ("To".into(), RELAIS.into()),
    ]
}

const VOICE_KEYS: [&str; 6] = ["", "1", "1", "74150", "1", "1"];

fn voice_request(r: &Resident) -> (String, Vec<(String, String)>) {
    let step = r.turn % VOICE_KEYS.len();
    let mut form = vec![
        (
            "AccountSid".to_string(),
            "AC00000000000000000000000000000001".to_string(),
        ),
        (
            "CallSid".to_string(),
            format!("CA{:032x}", r.phone.len() as u64 * 7919 + r.turn as u64 / 6),
        ),
        ("CallStatus".to_string(), "in-progress".to_string()),
        ("From".to_string(), r.phone.clone()),
        ("To".to_string(), RELAIS.to_string()),
    ];
    if step == 0 {
        return ("/webhooks/twilio/voice".into(), form);
    }
    form.push(("Digits".into(), VOICE_KEYS[step].into()));
    let path = match step {
        1 | 2 | 4 => "/webhooks/twilio/voice/step?page=0&count=4&first=1&more=0",
        _ => "/webhooks/twilio/voice/step?page=0",
    };
    (path.into(), form)
}

#[derive(Default)]
struct Stats {
    latencies_us: Vec<u64>,
    non_2xx: u64,
    errors: u64,
}

impl Stats {
    fn merge(&mut self, o: Stats) {
        self.latencies_us.extend(o.latencies_us);
        self.non_2xx += o.non_2xx;
        self.errors += o.errors;
    }
    fn report(&mut self, name: &str, elapsed: Duration) -> f64 {
        self.latencies_us.sort_unstable();
        let n = self.latencies_us.len();
        let pct = |p: f64| -> f64 {
            if n == 0 {
                return 0.0;
            }
            let i = ((p * n as f64).ceil() as usize).clamp(1, n) - 1;
            self.latencies_us[i] as f64 / 1000.0
        };
        let rps = n as f64 / elapsed.as_secs_f64();
        println!(
            "{name:<34} {rps:>9.0} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms   max {:>8.2} ms   non-2xx {}   errors {}",
            pct(0.50),
            pct(0.99),
            self.latencies_us.last().copied().unwrap_or(0) as f64 / 1000.0,
            self.non_2xx,
            self.errors
        );
        rps
    }

    fn failures(&self) -> u64 {
        self.non_2xx + self.errors
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Health,
    Sms,
    Voice,
    Kiosk,
    /// One number sending as fast as it can.
    Flood,
}

fn resident(kind: Kind, lane: usize, round: usize) -> Resident {
    let prefix = match kind {
        Kind::Voice | Kind::Flood => 7,
        _ => 6,
    };
    Resident {
        phone: format!("+33{prefix}{:03}{:05}", lane % 1000, round % 100_000),
        turn: 0,
    }
}

async fn one(conn: &mut Conn, port: u16, kind: Kind, r: &mut Resident) -> Result<u16, String> {
    let out = match kind {
        Kind::Health => send(conn, port, "/healthz", None, false).await,
        Kind::Sms => {
            send(
                conn,
                port,
                "/webhooks/twilio/sms",
                Some(&sms_form(r)),
                false,
            )
            .await
        }
        Kind::Voice => {
            let (path, form) = voice_request(r);
            send(conn, port, &path, Some(&form), false).await
        }
        Kind::Kiosk => send(conn, port, "/kiosk", None, false).await,
        Kind::Flood => {
            let flooder = Resident {
                phone: "+33799999999".into(),
                turn: r.turn,
            };
            send(
                conn,
                port,
                "/webhooks/twilio/sms",
                Some(&sms_form(&flooder)),
                true,
            )
            .await
        }
    };
    r.turn += 1;
    out
}

/// Closed loop: each connection sends as fast as answers come.
async fn closed(port: u16, kind: Kind, connections: usize, secs: u64) -> (Stats, Duration) {
    let t0 = Instant::now();
    let deadline = t0 + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for lane in 0..connections {
        tasks.push(tokio::spawn(async move {
            let mut conn = connect(port).await;
            let mut stats = Stats::default();
            let mut round = 0;
            let mut r = resident(kind, lane, round);
            while Instant::now() < deadline {
                let t = Instant::now();
                match one(&mut conn, port, kind, &mut r).await {
                    Ok(s) if (200..300).contains(&s) => {
                        stats.latencies_us.push(t.elapsed().as_micros() as u64)
                    }
                    Ok(_) => stats.non_2xx += 1,
                    Err(_) => {
                        stats.errors += 1;
                        conn = connect(port).await;
                    }
                }
                if r.turn >= CONVERSATION.len() {
                    round += 1;
                    r = resident(kind, lane, round);
                }
            }
            stats
        }));
    }
    let mut all = Stats::default();
    for t in tasks {
        if let Ok(s) = t.await {
            all.merge(s);
        }
    }
    (all, t0.elapsed())
}

/// Open loop: requests are due at a fixed rate; latency counts from when each was due.
/// Residents are numbered from lane `base` on, so two runs do not reuse one number.
async fn open(
    port: u16,
    kind: Kind,
    rate: u64,
    secs: u64,
    lanes: usize,
    base: usize,
) -> (Stats, Duration) {
    let t0 = Instant::now() + Duration::from_millis(50);
    let per_lane = Duration::from_secs_f64(lanes as f64 / rate as f64);
    let total = rate * secs;
    let counter = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for lane in 0..lanes {
        let counter = counter.clone();
        tasks.push(tokio::spawn(async move {
            let mut conn = connect(port).await;
            let mut stats = Stats::default();
            let mut round = 0;
            let mut r = resident(kind, lane + base, round);
            let offset = per_lane.mul_f64(lane as f64 / lanes as f64);
            let mut i: u32 = 0;
            loop {
                if counter.fetch_add(1, Ordering::Relaxed) >= total {
                    break;
                }
                let due = t0 + offset + per_lane * i;
                i += 1;
                tokio::time::sleep_until(due.into()).await;
                match one(&mut conn, port, kind, &mut r).await {
                    Ok(s) if (200..300).contains(&s) => stats
                        .latencies_us
                        .push(Instant::now().saturating_duration_since(due).as_micros() as u64),
                    Ok(_) => stats.non_2xx += 1,
                    Err(_) => {
                        stats.errors += 1;
                        conn = connect(port).await;
                    }
                }
                let len = if kind == Kind::Voice {
                    VOICE_KEYS.len()
                } else {
                    CONVERSATION.len()
                };
                if r.turn >= len {
                    round += 1;
                    r = resident(kind, lane + base, round);
                }
            }
            stats
        }));
    }
    let mut all = Stats::default();
    for t in tasks {
        if let Ok(s) = t.await {
            all.merge(s);
        }
    }
    (all, t0.elapsed())
}

#[tokio::main]
async fn main() {
    let o = opts();
    let dir = tempfile::tempdir().expect("tempdir");
    if o.contacts > 0 {
        let t = Instant::now();
        seed(dir.path(), o.contacts).await;
        println!(
            "seeded {} contacts in {:.1} s",
            o.contacts,
            t.elapsed().as_secs_f64()
        );
    }
    let port = free_port();
    let (server, startup) = start(dir.path(), port).await;
    let pid = server.child.id();
    println!(
        "machine: {} cores; server pid {pid}; contacts stored before the run: {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        o.contacts
    );
    println!(
        "start to /healthz (flows and texts loaded and checked): {:.0} ms",
        startup.as_secs_f64() * 1000.0
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    println!("RSS idle: {:.1} MB", rss_kb(pid) as f64 / 1024.0);

    let mut results: BTreeMap<&str, f64> = BTreeMap::new();
    let mut failures = 0;
    let (mut s, d) = closed(port, Kind::Health, o.connections, o.seconds).await;
    results.insert(
        "health",
        s.report(&format!("/healthz, {} connections", o.connections), d),
    );
    failures += s.failures();
    let (mut s, d) = closed(port, Kind::Sms, o.connections, o.seconds).await;
    results.insert(
        "sms",
        s.report(&format!("SMS turns, {} connections", o.connections), d),
    );
    failures += s.failures();
    println!(
        "RSS after saturation: {:.1} MB",
        rss_kb(pid) as f64 / 1024.0
    );
    if let (Some(h), Some(s)) = (results.get("health"), results.get("sms")) {
        println!("SMS turns / bare route: {:.2}", s / h);
    }
    let lanes = if o.smoke { 4 } else { 64 };
    let (mut s, d) = open(port, Kind::Sms, o.rate, o.seconds, lanes, 100).await;
    s.report(&format!("SMS turns at {} req/s offered", o.rate), d);
    failures += s.failures();
    // The same rate from other residents while one number floods on 8 connections.
    let flood = tokio::spawn(closed(port, Kind::Flood, 8, o.seconds));
    let (mut s, d) = open(port, Kind::Sms, o.rate, o.seconds, lanes, 200).await;
    let (flooded, fd) = flood.await.unwrap_or_default();
    s.report(
        &format!(
            "SMS turns at {} req/s offered, while one number sends {:.0} req/s",
            o.rate,
            flooded.latencies_us.len() as f64 / fd.as_secs_f64().max(0.001)
        ),
        d,
    );
    failures += s.failures();
    let (mut s, d) = open(port, Kind::Voice, o.rate, o.seconds, lanes, 100).await;
    s.report(&format!("voice turns at {} req/s offered", o.rate), d);
    failures += s.failures();
    let (mut s, d) = open(
        port,
        Kind::Kiosk,
        o.kiosk_rate,
        o.seconds,
        lanes.min(16),
        100,
    )
    .await;
    s.report(&format!("kiosk pages at {} req/s offered", o.kiosk_rate), d);
    failures += s.failures();
    println!("RSS at the end: {:.1} MB", rss_kb(pid) as f64 / 1024.0);
    drop(server);
    if o.smoke {
        // Under `cargo test`: the benchmark itself must work, every request answered for real.
        println!("1 passed, {} failed", u8::from(failures > 0));
        assert_eq!(failures, 0, "requests failed during the smoke run");
    }
}

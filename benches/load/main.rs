//! Load benchmark: release `passerelle serve` processes driven over keep-alive connections
//! with validly signed Twilio webhooks. Each simulated resident walks a real conversation in
//! order (a whole help request: 8 turns), with its own number and a new `MessageSid` per
//! message.
//!
//! ```text
//! cargo bench --bench load -- [--seconds 10] [--connections 32] [--rate 500] [--contacts 1000]
//!                             [--backends sqlite,postgres,postgres-2] [--postgres URL]
//! ```
//!
//! Reports, for each backend in turn and the same binary in the same run: a bare route
//! (`/healthz`) at saturation as the ceiling; SMS turns at saturation (closed loop, N
//! connections); SMS and voice turns at a fixed offered rate (latency measured from when each
//! request was due); kiosk pages at a fixed rate; the same SMS rate while one number floods the
//! service as fast as it can (what a flood costs the others); the server's RSS idle and after
//! saturation; the time from start to `/healthz`. Backends: `sqlite` (one instance, one file),
//! `postgres` (one instance), `postgres-2` (two instances on one database, connections spread
//! over both). `--postgres` names the database (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); each run uses a schema of its own.

mod drive;
mod server;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use drive::{Kind, Ports, closed, open};
use server::{Database, rss_kb};

struct Opts {
    /// Run by `cargo test` (no `--bench` flag): a one-second smoke run that must see no error.
    smoke: bool,
    seconds: u64,
    connections: usize,
    rate: u64,
    contacts: u64,
    kiosk_rate: u64,
    backends: Vec<String>,
    postgres: String,
}

fn opts() -> Opts {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| -> Option<String> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let get = |name: &str, default: u64| -> u64 {
        arg(name).and_then(|v| v.parse().ok()).unwrap_or(default)
    };
    let postgres =
        arg("--postgres").unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let smoke = !args.iter().any(|a| a == "--bench");
    if smoke {
        return Opts {
            smoke,
            seconds: 1,
            connections: 4,
            rate: 50,
            contacts: 100,
            kiosk_rate: 20,
            backends: vec!["sqlite".into()],
            postgres,
        };
    }
    Opts {
        smoke,
        seconds: get("--seconds", 10),
        connections: get("--connections", 32) as usize,
        rate: get("--rate", 500),
        contacts: get("--contacts", 1000),
        kiosk_rate: get("--kiosk-rate", 200),
        backends: arg("--backends")
            .unwrap_or_else(|| "sqlite".into())
            .split(',')
            .map(|b| b.trim().to_string())
            .collect(),
        postgres,
    }
}

/// One backend's run: its name, the instances, and where they keep their data.
struct Setup {
    name: String,
    db: Database,
    instances: usize,
}

fn setup(name: &str, postgres: &str) -> Setup {
    let (base, instances) = match name.split_once('-') {
        Some((b, n)) => (b, n.parse().unwrap_or(1)),
        None => (name, 1),
    };
    let db = match base {
        "postgres" => Database::Postgres(postgres.to_string()),
        "sqlite" => Database::Sqlite,
        other => panic!("unknown backend {other}: sqlite, postgres or postgres-2"),
    };
    Setup {
        name: name.to_string(),
        db,
        instances,
    }
}

#[tokio::main]
async fn main() {
    let o = opts();
    println!(
        "machine: {} cores",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0)
    );
    let mut summary = Vec::new();
    let mut failures = 0;
    for name in &o.backends {
        let s = setup(name, &o.postgres);
        let (key, failed) = run(&o, &s).await;
        failures += failed;
        summary.push((s.name, key));
    }
    if summary.len() > 1 {
        println!("\nsummary (same binary, same run)");
        println!(
            "{:<12} {:>16} {:>16} {:>22}",
            "backend", "SMS turns/s", "SMS p99 at rate", "voice p99 at rate"
        );
        for (name, k) in &summary {
            println!(
                "{name:<12} {:>16.0} {:>13.2} ms {:>19.2} ms",
                k.sms, k.sms_p99, k.voice_p99
            );
        }
    }
    if o.smoke {
        // Under `cargo test`: the benchmark itself must work, every request answered for real.
        println!("1 passed, {} failed", u8::from(failures > 0));
        assert_eq!(failures, 0, "requests failed during the smoke run");
    }
}

/// The figures compared across backends.
#[derive(Default)]
struct Key {
    sms: f64,
    sms_p99: f64,
    voice_p99: f64,
}

async fn run(o: &Opts, s: &Setup) -> (Key, u64) {
    println!(
        "\n== {}: {} instance(s), {} contacts stored before the run",
        s.name, s.instances, o.contacts
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let schema = format!("bench_{}_{}", std::process::id(), s.name.replace('-', "_"));
    let url = server::database_url(&s.db, &schema);
    server::clean(&s.db, &schema).await;
    if o.contacts > 0 {
        let t = Instant::now();
        server::seed(dir.path(), &s.db, &url, o.contacts).await;
        println!(
            "seeded {} contacts in {:.1} s",
            o.contacts,
            t.elapsed().as_secs_f64()
        );
    }
    let mut servers = Vec::new();
    let mut ports = Vec::new();
    for i in 0..s.instances {
        let port = server::free_port();
        // One outbox worker is enough to measure turns; the others only answer.
        let (server, startup) = server::start(dir.path(), port, &url, i == 0).await;
        println!(
            "instance {i}: pid {}; start to /healthz (flows and texts loaded and checked, migrations): {:.0} ms",
            server.child.id(),
            startup.as_secs_f64() * 1000.0
        );
        servers.push(server);
        ports.push(port);
    }
    let pid = servers[0].child.id();
    let ports = Ports(Arc::new(ports));
    tokio::time::sleep(Duration::from_millis(300)).await;
    println!("RSS idle: {:.1} MB", rss_kb(pid) as f64 / 1024.0);

    let mut key = Key::default();
    let mut results: BTreeMap<&str, f64> = BTreeMap::new();
    let mut failures = 0;
    let (mut st, d) = closed(&ports, Kind::Health, o.connections, o.seconds).await;
    results.insert(
        "health",
        st.report(&format!("/healthz, {} connections", o.connections), d),
    );
    failures += st.failures();
    let (mut st, d) = closed(&ports, Kind::Sms, o.connections, o.seconds).await;
    key.sms = st.report(&format!("SMS turns, {} connections", o.connections), d);
    results.insert("sms", key.sms);
    failures += st.failures();
    println!(
        "RSS after saturation: {:.1} MB",
        rss_kb(pid) as f64 / 1024.0
    );
    if let (Some(h), Some(sms)) = (results.get("health"), results.get("sms")) {
        println!("SMS turns / bare route: {:.2}", sms / h);
    }
    let lanes = if o.smoke { 4 } else { 64 };
    let (mut st, d) = open(&ports, Kind::Sms, o.rate, o.seconds, lanes, 100).await;
    st.report(&format!("SMS turns at {} req/s offered", o.rate), d);
    key.sms_p99 = st.p99();
    failures += st.failures();
    // The same rate from other residents while one number floods on 8 connections.
    let flood_ports = ports.clone();
    let flood_secs = o.seconds;
    let flood = tokio::spawn(async move { closed(&flood_ports, Kind::Flood, 8, flood_secs).await });
    let (mut st, d) = open(&ports, Kind::Sms, o.rate, o.seconds, lanes, 200).await;
    let (flooded, fd) = flood.await.unwrap_or_default();
    st.report(
        &format!(
            "SMS turns at {} req/s offered, while one number sends {:.0} req/s",
            o.rate,
            flooded.latencies_us.len() as f64 / fd.as_secs_f64().max(0.001)
        ),
        d,
    );
    failures += st.failures();
    let (mut st, d) = open(&ports, Kind::Voice, o.rate, o.seconds, lanes, 100).await;
    st.report(&format!("voice turns at {} req/s offered", o.rate), d);
    key.voice_p99 = st.p99();
    failures += st.failures();
    let (mut st, d) = open(
        &ports,
        Kind::Kiosk,
        o.kiosk_rate,
        o.seconds,
        lanes.min(16),
        100,
    )
    .await;
    st.report(&format!("kiosk pages at {} req/s offered", o.kiosk_rate), d);
    failures += st.failures();
    println!("RSS at the end: {:.1} MB", rss_kb(pid) as f64 / 1024.0);
    drop(servers);
    server::clean(&s.db, &schema).await;
    (key, failures)
}

//! The load generator: keep-alive HTTP/1.1 connections sending validly signed Twilio
//! webhooks (each simulated resident walks a whole help request in order, a new `MessageSid`
//! per message), closed loop (as fast as answers come) or open loop (a fixed offered rate,
//! latency counted from when each request was due). With several instances, each connection
//! goes to one of them in turn, as a load balancer would spread them.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;

pub const TOKEN: &str = "bench-token-0123456789abcdef0123";
pub const RELAIS: &str = "+33757000000";
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

/// The ports of the instances under test.
#[derive(Clone)]
pub struct Ports(pub Arc<Vec<u16>>);

impl Ports {
    /// The instance connection `lane` talks to.
    pub fn for_lane(&self, lane: usize) -> u16 {
        self.0[lane % self.0.len()]
    }
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
pub struct Resident {
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
pub struct Stats {
    pub latencies_us: Vec<u64>,
    non_2xx: u64,
    errors: u64,
}

impl Stats {
    pub fn merge(&mut self, o: Stats) {
        self.latencies_us.extend(o.latencies_us);
        self.non_2xx += o.non_2xx;
        self.errors += o.errors;
    }
    pub fn report(&mut self, name: &str, elapsed: Duration) -> f64 {
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

    /// The 99th percentile in milliseconds, once [`Stats::report`] has sorted them.
    pub fn p99(&self) -> f64 {
        let n = self.latencies_us.len();
        if n == 0 {
            return 0.0;
        }
        let i = ((0.99 * n as f64).ceil() as usize).clamp(1, n) - 1;
        self.latencies_us[i] as f64 / 1000.0
    }

    pub fn failures(&self) -> u64 {
        self.non_2xx + self.errors
    }
}

#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
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
pub async fn closed(ports: &Ports, kind: Kind, connections: usize, secs: u64) -> (Stats, Duration) {
    let t0 = Instant::now();
    let deadline = t0 + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for lane in 0..connections {
        let port = ports.for_lane(lane);
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
pub async fn open(
    ports: &Ports,
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
        let port = ports.for_lane(lane);
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

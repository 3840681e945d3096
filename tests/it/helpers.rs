//! `spawn_app()`: a real server on port 0 with a fresh database, and a client that signs its
//! webhooks like Twilio does.

use std::collections::BTreeMap;

use passerelle::app::Running;
use passerelle::config::{Secret, Settings};
use passerelle::domain::{PhoneNumber, Relais};

pub const TOKEN: &str = "0123456789abcdef0123456789abcdef";
pub const API_TOKEN: &str = "api-secret-for-tests";
pub const RELAIS_NUMBER: &str = "+33757000000";

pub struct TestApp {
    pub running: Running,
    pub settings: Settings,
    pub base: String,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
    sid: std::sync::atomic::AtomicU64,
}

pub fn relais(id: &str, name: &str, number: &str, help_line: Option<&str>) -> Relais {
    Relais {
        id: id.into(),
        name: name.into(),
        numbers: vec![PhoneNumber::parse(number).unwrap()],
        communes: vec!["74225".into()],
        help_line: help_line.map(|h| PhoneNumber::parse(h).unwrap()),
        opening_hours: passerelle::domain::hours::Schedule::parse(&[
            "lun-dim 00:00-23:59".to_string()
        ])
        .unwrap(),
        quiet_hours: None,
        retention: Default::default(),
    }
}

/// The database a test runs on: a fresh SQLite file in `dir`, or, when
/// `PASSERELLE_TEST_POSTGRES` names a PostgreSQL database (as `scripts/test-all` does for its
/// second pass), a fresh schema of its own in that database.
pub fn test_database_url(dir: &std::path::Path) -> String {
    match std::env::var("PASSERELLE_TEST_POSTGRES") {
        Ok(base) if !base.is_empty() => {
            static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0);
            let schema = format!("t_{}_{n}_{nanos}", std::process::id());
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}options=-c%20search_path%3D{schema}")
        }
        _ => format!("sqlite:{}", dir.join("test.db").display()),
    }
}

/// True when the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("PASSERELLE_TEST_POSTGRES").is_ok_and(|v| !v.is_empty())
}

pub fn test_settings(dir: &std::path::Path) -> Settings {
    let mut twilio = Settings::default().twilio;
    twilio.auth_token = Secret(TOKEN.into());
    Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: test_database_url(dir),
        twilio,
        api_token: Secret(API_TOKEN.into()),
        relais: vec![relais(
            "mairie-rumilly",
            "Mairie de Rumilly",
            RELAIS_NUMBER,
            Some("+33450010203"),
        )],
        // Tests that are about quiet hours and pace set them; the others must not depend
        // on the hour they run at, nor wait a second per message.
        quiet_hours: passerelle::domain::QuietHours::NONE,
        sms_per_second: 200,
        // Tests count the jobs they run; retention is tested on its own.
        retention_days: 0,
        ..Settings::default()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(change: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = test_settings(dir.path());
    change(&mut settings);
    let running = passerelle::app::start(settings.clone())
        .await
        .expect("the app starts");
    let base = format!("http://{}", running.address);
    TestApp {
        running,
        settings,
        base,
        http: reqwest::Client::new(),
        _dir: dir,
        sid: std::sync::atomic::AtomicU64::new(1),
    }
}

/// What a webhook answered.
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl Answer {
    /// The text of `<Message>`, or `None` for `<Response/>`.
    pub fn message(&self) -> Option<String> {
        assert_eq!(self.status, 200, "{}", self.body);
        assert!(
            self.content_type.starts_with("text/xml"),
            "{}",
            self.content_type
        );
        // The whole answer must be well-formed XML with a <Response> root.
        let mut reader = quick_xml::Reader::from_str(&self.body);
        let mut root = None;
        loop {
            match reader.read_event().expect("valid XML") {
                quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                    if root.is_none() =>
                {
                    root = Some(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(root.as_deref(), Some("Response"), "{}", self.body);
        let start = self.body.find("<Message>")? + "<Message>".len();
        let end = self.body.find("</Message>").expect("a closed <Message>");
        let text = self.body[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        Some(text)
    }
}

impl TestApp {
    pub fn next_sid(&self) -> String {
        let n = self.sid.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!("SM{n:032x}")
    }

    /// Posts a correctly signed SMS webhook.
    pub async fn sms(&self, from: &str, body: &str) -> Answer {
        let sid = self.next_sid();
        self.sms_with(&[
            ("From", from),
            ("To", RELAIS_NUMBER),
            ("Body", body),
            ("MessageSid", &sid),
        ])
        .await
    }

    /// Posts a signed SMS webhook with exactly these parameters (plus Twilio's usual ones).
    pub async fn sms_with(&self, params: &[(&str, &str)]) -> Answer {
        let mut all: BTreeMap<String, String> = [
            ("AccountSid", "AC00000000000000000000000000000001"),
            ("ApiVersion", "2010-04-01"),
            ("NumMedia", "0"),
            ("NumSegments", "1"),
            ("SmsStatus", "received"),
            ("FromCountry", "FR"),
            ("ToCountry", "FR"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (k, v) in params {
            all.insert(k.to_string(), v.to_string());
        }
        let pairs: Vec<(String, String)> = all.into_iter().collect();
        self.post_signed("/webhooks/twilio/sms", &pairs, None).await
    }

    /// Posts a form to a path, signed with the test token (or with `signature` if given).
    pub async fn post_signed(
        &self,
        path: &str,
        pairs: &[(String, String)],
        signature: Option<&str>,
    ) -> Answer {
        let url = format!("{}{}", self.base, path);
        let sig = signature
            .map(str::to_string)
            .unwrap_or_else(|| passerelle::http::signature::compute(TOKEN, &url, pairs));
        let resp = self
            .http
            .post(&url)
            .header("X-Twilio-Signature", sig)
            .form(pairs)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        Answer {
            status,
            content_type,
            body: resp.text().await.unwrap(),
        }
    }

    /// GETs an API path with the bearer token.
    pub async fn api(&self, path: &str) -> (u16, serde_json::Value) {
        let resp = self
            .http
            .get(format!("{}{}", self.base, path))
            .bearer_auth(API_TOKEN)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(serde_json::Value::Null))
    }

    pub async fn count(&self, table: &str) -> i64 {
        self.running.conversations.store.count(table).await.unwrap()
    }
}

/// A time in Paris as Unix seconds: `paris("2026-12-01T23:00")`.
pub fn paris(local: &str) -> i64 {
    format!("{local}[Europe/Paris]")
        .parse::<jiff::Zoned>()
        .unwrap()
        .timestamp()
        .as_second()
}

/// A Twilio stand-in's answer to a send: 201 with a new `SM…` id each time.
pub struct Created(pub std::sync::atomic::AtomicU64);

impl wiremock::Respond for Created {
    fn respond(&self, _: &wiremock::Request) -> wiremock::ResponseTemplate {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        wiremock::ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "sid": format!("SM{n:032x}"),
            "status": "queued",
            "num_segments": "1"
        }))
    }
}

/// A stand-in Twilio that accepts every message.
pub async fn twilio_accepting() -> wiremock::MockServer {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(Created(std::sync::atomic::AtomicU64::new(1)))
        .mount(&server)
        .await;
    server
}

/// The forms a stand-in Twilio received, in order.
pub async fn sent_forms(server: &wiremock::MockServer) -> Vec<BTreeMap<String, String>> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| {
            serde_urlencoded::from_bytes::<Vec<(String, String)>>(&r.body)
                .unwrap()
                .into_iter()
                .collect()
        })
        .collect()
}

/// A Twilio client of the stand-in, its status callbacks pointed at the app.
pub fn twilio_of(
    app: &TestApp,
    server: &wiremock::MockServer,
) -> passerelle::providers::twilio::TwilioProvider {
    passerelle::providers::twilio::TwilioProvider::new(
        &server.uri(),
        "AC123",
        "secret",
        Some(format!("{}/webhooks/twilio/status", app.base)),
    )
    .unwrap()
}

/// A worker on the app's database (the app's own worker is off in these tests).
pub fn worker(
    app: &TestApp,
    id: &str,
    sms: std::sync::Arc<dyn passerelle::providers::SmsProvider>,
) -> passerelle::worker::Worker {
    passerelle::worker::Worker::unstoppable(
        id,
        app.running.conversations.clone(),
        sms,
        std::sync::Arc::new(passerelle::providers::log::LogMailer::default()),
        passerelle::app::worker_config(&app.settings),
    )
}

/// An app whose worker is off (tests drive their own) and whose quiet hours are the default
/// ones (21:00-08:00), for tests about time.
pub async fn spawn_app_at_night_rules() -> TestApp {
    spawn_app_with(|s| {
        s.outbox_worker = false;
        s.quiet_hours = Default::default();
    })
    .await
}

/// The outbox, oldest first, optionally of one status.
pub async fn outbox_rows(
    app: &TestApp,
    status: Option<&str>,
) -> Vec<passerelle::store::outbox::OutboxRow> {
    let filter = passerelle::store::outbox::OutboxFilter {
        status: status.map(str::to_string),
        kind: None,
    };
    let mut rows = app
        .running
        .conversations
        .store
        .outbox_list(&filter, 1000)
        .await
        .unwrap();
    rows.reverse();
    rows
}

/// Runs one query on the database at `url` (SQLite or PostgreSQL) and returns every row as
/// text: cast columns in the query (`CAST(x AS TEXT)`) so both backends give strings.
pub async fn sql_texts(url: &str, query: &str) -> Vec<Vec<Option<String>>> {
    match sql_try(url, query).await {
        Ok(rows) => rows,
        Err(e) => panic!("{query}: {e}"),
    }
}

/// [`sql_texts`], with the database's refusal as an error.
pub async fn sql_try(url: &str, query: &str) -> Result<Vec<Vec<Option<String>>>, String> {
    use sqlx::Row;
    let query = sqlx::AssertSqlSafe(query.to_string());
    if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(url)
            .await
            .map_err(|e| e.to_string())?;
        let rows = sqlx::query(query).fetch_all(&pool).await;
        pool.close().await;
        let rows = rows.map_err(|e| e.to_string())?;
        rows.iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| r.try_get::<Option<String>, _>(i).map_err(|e| e.to_string()))
                    .collect()
            })
            .collect()
    } else {
        let pool = sqlx::SqlitePool::connect(url)
            .await
            .map_err(|e| e.to_string())?;
        let rows = sqlx::query(query).fetch_all(&pool).await;
        pool.close().await;
        let rows = rows.map_err(|e| e.to_string())?;
        rows.iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| r.try_get::<Option<String>, _>(i).map_err(|e| e.to_string()))
                    .collect()
            })
            .collect()
    }
}

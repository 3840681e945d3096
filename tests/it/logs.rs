//! The real binary's JSON logs, as an operator's collector reads them: every line logged while
//! a provider's webhook is handled carries the provider's id of that request (`MessageSid`,
//! `CallSid`) in its span, and no line carries a phone number or what a resident wrote.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::helpers::{RELAIS_NUMBER, TOKEN, test_database_url};

const BIN: &str = env!("CARGO_BIN_EXE_passerelle");
const ALICE: &str = "+33612345678";
const BODY: &str = "Mon chauffe-eau fuit depuis hier";

/// `passerelle serve` with JSON logs, its standard error kept line by line.
struct Server {
    child: Child,
    base: String,
    lines: Arc<Mutex<Vec<serde_json::Value>>>,
    raw: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(BIN)
            .arg("serve")
            .current_dir(dir.path())
            .env("PASSERELLE_BIND", "127.0.0.1:0")
            .env("DATABASE_URL", test_database_url(dir.path()))
            .env("TWILIO_AUTH_TOKEN", TOKEN)
            .env("PASSERELLE_DEMO_MISSIONS", "false")
            .env("PASSERELLE_LOG", "info")
            .env("PASSERELLE_LOG_FORMAT", "json")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let raw = Arc::new(Mutex::new(String::new()));
        let (l, r) = (lines.clone(), raw.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                r.lock().unwrap().push_str(&line);
                r.lock().unwrap().push('\n');
                // A line that is not JSON is kept as a string (checked at the end).
                let json = serde_json::from_str(&line).unwrap_or(serde_json::Value::String(line));
                l.lock().unwrap().push(json);
            }
        });
        let mut server = Server {
            child,
            base: String::new(),
            lines,
            raw,
            _dir: dir,
        };
        let listening = server.wait_for(|l| l["fields"]["message"] == "Passerelle is listening");
        server.base = format!(
            "http://{}",
            listening["fields"]["address"].as_str().unwrap()
        );
        server
    }

    /// The first log line that `matches`, waiting for it up to 30 s.
    fn wait_for(&self, matches: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(l) = self.lines.lock().unwrap().iter().find(|l| matches(l)) {
                return l.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no such log line in:\n{}",
                self.raw.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Posts a form signed like Twilio does.
    async fn post(&self, path: &str, params: &[(&str, &str)]) -> u16 {
        let pairs: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let url = format!("{}{path}", self.base);
        let sig = passerelle::http::signature::compute(TOKEN, &url, &pairs);
        reqwest::Client::new()
            .post(&url)
            .header("X-Twilio-Signature", sig)
            .form(&pairs)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The provider id recorded in a line's request span, if any.
fn provider_id(line: &serde_json::Value) -> Option<&str> {
    line["span"]["provider_id"].as_str()
}

#[tokio::test]
async fn lines_logged_during_a_webhook_carry_its_sid_and_never_a_number_or_a_body() {
    let server = Server::start();
    let sms_sid = "SM4c0ffee0000000000000000000000001";
    let status = server
        .post(
            "/webhooks/twilio/sms",
            &[
                ("From", ALICE),
                ("To", RELAIS_NUMBER),
                ("Body", BODY),
                ("MessageSid", sms_sid),
            ],
        )
        .await;
    assert_eq!(status, 200);
    // The reply's line is logged inside the turn (on SQLite, on the store's writer thread).
    let reply = server.wait_for(|l| l["fields"]["message"] == "reply");
    assert_eq!(provider_id(&reply), Some(sms_sid), "{reply}");
    assert_eq!(reply["span"]["route"], "/webhooks/twilio/sms", "{reply}");

    // A voice webhook refused by its handler: the warning names the call.
    let call_sid = "CA4c0ffee0000000000000000000000002";
    let status = server
        .post(
            "/webhooks/twilio/voice/step?page=999999",
            &[
                ("CallSid", call_sid),
                ("From", ALICE),
                ("To", RELAIS_NUMBER),
            ],
        )
        .await;
    assert_eq!(status, 400);
    let refused = server.wait_for(|l| {
        l["fields"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("voice step refused"))
    });
    assert_eq!(provider_id(&refused), Some(call_sid), "{refused}");

    // A forged webhook is refused; its line names the sid it claimed, nothing else.
    let forged_sid = "SM4c0ffee0000000000000000000000003";
    let url = format!("{}/webhooks/twilio/sms", server.base);
    let status = reqwest::Client::new()
        .post(&url)
        .header("X-Twilio-Signature", "forged")
        .form(&[("From", ALICE), ("Body", BODY), ("MessageSid", forged_sid)])
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 403);
    let forged = server.wait_for(|l| provider_id(l) == Some(forged_sid));
    assert_eq!(forged["level"], "WARN", "{forged}");

    let raw = server.raw.lock().unwrap().clone();
    for line in server.lines.lock().unwrap().iter() {
        assert!(line.is_object(), "not a JSON log line: {line}");
    }
    for secret in ["612345678", "6 12 34 56 78", BODY, "chauffe-eau"] {
        assert!(!raw.contains(secret), "{secret:?} in the logs:\n{raw}");
    }
}

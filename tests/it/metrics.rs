//! `GET /metrics`: Prometheus text that a scraper accepts (and Prometheus's own linter,
//! `promtool check metrics`), with the figures operators watch, and never a phone number.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::{TestApp, spawn_app};

const ALICE: &str = "+33612345678";
const BOB: &str = "+33698765432";

async fn scrape(app: &TestApp) -> String {
    let res = reqwest::get(format!("{}/metrics", app.base)).await.unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

/// A line of the Prometheus text format: a comment, or `name{labels} value`.
fn well_formed(line: &str) -> bool {
    if line.starts_with("# HELP ") || line.starts_with("# TYPE ") || line.is_empty() {
        return true;
    }
    let (series, value) = match line.rsplit_once(' ') {
        Some(p) => p,
        None => return false,
    };
    let name_end = series.find('{').unwrap_or(series.len());
    let name = &series[..name_end];
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    let labels_ok = name_end == series.len() || series.ends_with('}');
    let value_ok = value.parse::<f64>().is_ok() || ["+Inf", "-Inf", "NaN"].contains(&value);
    name_ok && labels_ok && value_ok
}

#[tokio::test]
async fn metrics_count_turns_requests_and_the_outbox_without_phone_numbers() {
    let app = spawn_app().await;
    app.sms(ALICE, "Bonjour").await;
    app.sms(ALICE, "1").await;
    let res = reqwest::get(format!("{}/metrics", app.base)).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain"),
    );
    let text = res.text().await.unwrap();
    for expected in [
        "passerelle_http_requests_total{route=\"/webhooks/twilio/sms\",status=\"200\"}",
        "passerelle_turn_seconds_bucket{channel=\"sms\"",
        "passerelle_turns_total{channel=\"sms\",outcome=\"stored\"}",
        "passerelle_outbox_messages{status=",
        "passerelle_outbox_oldest_pending_seconds",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    for line in text.lines() {
        assert!(well_formed(line), "not Prometheus text: {line}");
    }
    assert!(!text.contains("612345678"), "a phone number in the metrics");
}

/// What `promtool check metrics` (Debian's `prometheus` package) says of `text`: `Ok` when it
/// accepts it, its complaints otherwise.
fn promtool_check(text: &str) -> Result<(), String> {
    let mut child = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "promtool cannot run ({e}): apt-get install prometheus (scripts/test-all does it)"
            )
        });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

#[test]
fn promtool_is_able_to_refuse() {
    let complaints = promtool_check("# TYPE passerelle_oops counter\npasserelle_oops 1\n")
        .expect_err("a counter without _total nor HELP is refused");
    assert!(complaints.contains("no help text"), "{complaints}");
}

#[tokio::test]
async fn promtool_accepts_the_metrics_of_an_app_that_served_sms_voice_and_the_kiosk() {
    let app = spawn_app().await;
    assert_eq!(app.sms(ALICE, "Bonjour").await.status, 200);
    app.sms(ALICE, "1").await;
    let call = crate::voice::start(&app, BOB).await;
    crate::voice::press(&app, &call, BOB, "1").await;
    let mut kiosk = crate::kiosk::Browser::open(&app).await;
    kiosk.say("Français").await;
    kiosk.say("1").await;
    kiosk.get("/kiosk/effacer").await;
    assert_eq!(kiosk.post("/kiosk/terminer", &[]).await, 200);

    let text = scrape(&app).await;
    for expected in [
        "passerelle_webhooks_total{channel=\"sms\",status=\"200\"}",
        "passerelle_webhooks_total{channel=\"voice\",status=\"200\"}",
        "passerelle_turn_seconds_bucket{channel=\"sms\"",
        "passerelle_turn_seconds_bucket{channel=\"voice\"",
        "passerelle_turn_seconds_bucket{channel=\"kiosk\"",
        "passerelle_kiosk_visits_started_total{origin=\"browser\"}",
        "passerelle_kiosk_visits_ended_total{how=\"finished\"}",
        "passerelle_outbox_oldest_pending_seconds",
        "# HELP passerelle_turn_seconds ",
        "# HELP passerelle_webhooks_total ",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    assert!(!text.contains("612345678") && !text.contains("698765432"));
    if let Err(complaints) = promtool_check(&text) {
        panic!("promtool check metrics refuses /metrics:\n{complaints}\n--- the page:\n{text}");
    }
}

//! `GET /metrics`: Prometheus text that a scraper accepts, with the figures operators watch,
//! and never a phone number.

use crate::helpers::spawn_app;

const ALICE: &str = "+33612345678";

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

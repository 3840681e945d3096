//! `passerelle chat`: talking to the flows in the terminal, as SMS (the conversation service
//! directly) or as the phone menu (the real voice webhooks of an in-process server), against
//! the same database as the service.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;

use crate::config::Settings;
use crate::conversation::{Channel, Inbound};
use crate::domain::PhoneNumber;

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// `passerelle chat`: the flows in the terminal, rendered as SMS, against the same database.
pub async fn text(settings: Settings, from: &str, to: Option<&str>) -> anyhow::Result<ExitCode> {
    let from = PhoneNumber::parse(from).map_err(|e| anyhow::anyhow!("--from {from}: {e}"))?;
    let to = to
        .map(|t| PhoneNumber::parse(t).map_err(|e| anyhow::anyhow!("--to {t}: {e}")))
        .transpose()?;
    let conversations = crate::app::conversations(&settings).await?;
    let _ = crate::demo::load_if_empty(
        conversations.store.as_ref(),
        &conversations.core.communes,
        now(),
    )
    .await;
    let conversations = Arc::new(conversations);
    eprintln!("Type a message and press Enter (Ctrl-D to quit). Replies are shown as SMS.");
    let stdin = std::io::stdin();
    let mut out = std::io::stdout();
    for line in stdin.lock().lines() {
        let line = line?;
        let inbound = Inbound::text(from.clone(), to.clone(), Channel::Chat, &line, now());
        let reply = conversations.handle(&inbound).await?;
        match reply.text {
            Some(t) => {
                let s = crate::domain::text::segments(&t);
                writeln!(out, "{t}\n  [{} SMS, {:?}]", s.segments, s.encoding)?;
            }
            None => writeln!(out, "  [no reply]")?,
        }
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The phone menu in the terminal: the service runs in-process on a loopback port and the
/// real voice webhooks are called, so what is printed is what a caller would hear.
pub async fn voice(
    mut settings: Settings,
    from: &str,
    to: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let from = PhoneNumber::parse(from).map_err(|e| anyhow::anyhow!("--from {from}: {e}"))?;
    let to = match to {
        Some(t) => PhoneNumber::parse(t).map_err(|e| anyhow::anyhow!("--to {t}: {e}"))?,
        None => settings.relais_list()[0]
            .numbers
            .first()
            .cloned()
            .unwrap_or_else(|| from.clone()),
    };
    settings.bind = "127.0.0.1:0".parse()?;
    settings.twilio.auth_token = Default::default();
    settings.public_url = None;
    let running = crate::app::start(settings).await?;
    let base = format!("http://{}", running.address);
    let http = reqwest::Client::new();
    let call_sid = format!("CA{:032x}", now());
    let post = |path: String, extra: Vec<(String, String)>| {
        let mut form = vec![
            ("CallSid".to_string(), call_sid.clone()),
            ("From".to_string(), from.as_str().to_string()),
            ("To".to_string(), to.as_str().to_string()),
            ("CallStatus".to_string(), "in-progress".to_string()),
        ];
        form.extend(extra);
        let req = http.post(format!("{base}{path}")).form(&form);
        async move { anyhow::Ok(req.send().await?.text().await?) }
    };
    eprintln!(
        "Keys: 1-9, * (repeat), 0 (a person), digits then Enter; words as if spoken; an empty line is silence. Ctrl-D hangs up."
    );
    let mut twiml = post(crate::http::voice::BASE.to_string(), Vec::new()).await?;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        let heard = crate::channels::voice::describe(&twiml);
        let mut out = std::io::stdout();
        for l in &heard.lines {
            writeln!(out, "{l}")?;
        }
        out.flush()?;
        let Some(next) = heard.next else {
            writeln!(out, "  [call ended]")?;
            break;
        };
        let input = if next.waits {
            match lines.next() {
                Some(l) => l?,
                None => break,
            }
        } else {
            String::new()
        };
        let trimmed = input.trim();
        let extra = if !next.waits {
            Vec::new()
        } else if next.recording {
            if trimmed.is_empty() {
                Vec::new()
            } else {
                vec![(
                    "RecordingUrl".to_string(),
                    "https://example.invalid/terminal-recording".to_string(),
                )]
            }
        } else if trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || c == '*' || c == '#')
        {
            vec![(
                "Digits".to_string(),
                trimmed.trim_end_matches('#').to_string(),
            )]
        } else {
            vec![("SpeechResult".to_string(), trimmed.to_string())]
        };
        let path = if next.recording && trimmed.is_empty() {
            next.fallback.clone().unwrap_or(next.action.clone())
        } else {
            next.action.clone()
        };
        twiml = post(path, extra).await?;
    }
    running.stop();
    Ok(ExitCode::SUCCESS)
}

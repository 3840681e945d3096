//! Golden transcripts: every file of `flows/tests/` is a conversation, played through the
//! conversation service against a fresh database and rendered exactly as SMS.
//!
//! Format: `# from: +336…`, `# pace: 3s` (time between messages, default 20 s), then `> message` lines, each followed by
//! the expected reply, one `< line` per line of the SMS (`< [no reply]` for silence).
//! `@ +25h` moves the clock. `# segments: 4` bounds the SMS segments of all replies together
//! and `# reply-segments: 2` those of each reply (what the commune pays; 2 by default in
//! French). In expected lines `{code}` matches a reference (`482 915`) and
//! `{*}` anything. `PASSERELLE_BLESS=1 cargo test transcripts` rewrites the files from what
//! the service answers now (review the diff before committing).

use std::path::{Path, PathBuf};

use passerelle::conversation::{Channel, Inbound};
use passerelle::domain::PhoneNumber;

/// 2026-11-27 09:00 in Paris.
const START: i64 = 1_795_766_400;

fn matches(expected: &str, actual: &str) -> bool {
    fn go(e: &str, a: &str) -> bool {
        if let Some(rest) = e.strip_prefix("{*}") {
            return (0..=a.len())
                .filter(|i| a.is_char_boundary(*i))
                .any(|i| go(rest, &a[i..]));
        }
        if let Some(rest) = e.strip_prefix("{code}") {
            let b = a.as_bytes();
            let ok = b.len() >= 7
                && b[..3].iter().all(u8::is_ascii_digit)
                && b[3] == b' '
                && b[4..7].iter().all(u8::is_ascii_digit);
            return ok && go(rest, &a[7..]);
        }
        match (e.chars().next(), a.chars().next()) {
            (None, None) => true,
            (Some(x), Some(y)) if x == y => go(&e[x.len_utf8()..], &a[y.len_utf8()..]),
            _ => false,
        }
    }
    go(expected, actual)
}

struct Turn {
    input: String,
    at: i64,
    expected: Vec<String>,
}

fn parse(text: &str) -> (String, Vec<Turn>) {
    let mut from = "+33612345678".to_string();
    let mut turns: Vec<Turn> = Vec::new();
    let mut clock = START;
    let mut pace = 20;
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("# from: ") {
            from = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("# pace: ") {
            pace = v.trim().trim_end_matches('s').parse().unwrap();
        } else if let Some(v) = line.strip_prefix("@ +") {
            let v = v.trim();
            let secs: i64 = if let Some(h) = v.strip_suffix('h') {
                h.parse::<i64>().unwrap() * 3600
            } else if let Some(m) = v.strip_suffix("min") {
                m.parse::<i64>().unwrap() * 60
            } else {
                v.trim_end_matches('s').parse().unwrap()
            };
            clock += secs;
        } else if let Some(v) = line.strip_prefix("> ") {
            clock += pace;
            turns.push(Turn {
                input: v.to_string(),
                at: clock,
                expected: Vec::new(),
            });
        } else if line == ">" {
            clock += pace;
            turns.push(Turn {
                input: String::new(),
                at: clock,
                expected: Vec::new(),
            });
        } else if let Some(v) = line.strip_prefix("<") {
            let v = v.strip_prefix(' ').unwrap_or(v);
            turns
                .last_mut()
                .expect("a reply before any message")
                .expected
                .push(v.to_string());
        }
    }
    (from, turns)
}

async fn play(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).unwrap();
    let (from, turns) = parse(&text);
    let dir = tempfile::tempdir().unwrap();
    let settings = crate::helpers::test_settings(dir.path());
    let conversations = passerelle::app::conversations(&settings).await.unwrap();
    passerelle::demo::load_if_empty(
        conversations.store.as_ref(),
        &conversations.core.communes,
        START,
    )
    .await
    .unwrap();
    let from = PhoneNumber::parse(&from).unwrap();
    let bless = std::env::var("PASSERELLE_BLESS").is_ok();
    let bound = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("# {name}: ")))
            .and_then(|v| v.trim().parse::<usize>().ok())
    };
    // Every French reply fits in 2 segments unless a file says otherwise.
    let french = path.to_string_lossy().ends_with(".fr.txt");
    let max_reply = bound("reply-segments").or(french.then_some(2));
    let max_total = bound("segments");
    let mut total_segments = 0;
    let mut blessed = String::new();
    let mut errors = Vec::new();
    let mut turn_index = 0;
    for line in text.lines() {
        if line.starts_with('<') {
            continue;
        }
        blessed.push_str(line);
        blessed.push('\n');
        if !(line.starts_with("> ") || line == ">") {
            continue;
        }
        let turn = &turns[turn_index];
        turn_index += 1;
        let reply = conversations
            .handle(&Inbound::text(
                from.clone(),
                PhoneNumber::parse(crate::helpers::RELAIS_NUMBER).ok(),
                Channel::Chat,
                &turn.input,
                turn.at,
            ))
            .await
            .map_err(|e| e.to_string())?;
        if let Some(t) = &reply.text {
            let n = passerelle::domain::text::segments(t).segments;
            total_segments += n;
            if max_reply.is_some_and(|max| n > max) {
                errors.push(format!(
                    "after \"> {}\": {n} segments, more than allowed",
                    turn.input
                ));
            }
        }
        let actual: Vec<String> = match &reply.text {
            Some(t) => t.lines().map(str::to_string).collect(),
            None => vec!["[no reply]".to_string()],
        };
        for (i, a) in actual.iter().enumerate() {
            let keep = turn.expected.get(i).filter(|e| matches(e, a)).cloned();
            blessed.push_str(&format!("< {}\n", keep.unwrap_or_else(|| a.clone())));
        }
        let ok = actual.len() == turn.expected.len()
            && turn
                .expected
                .iter()
                .zip(&actual)
                .all(|(e, a)| matches(e, a));
        if !ok {
            errors.push(format!(
                "after \"> {}\":\n  expected:\n    {}\n  got:\n    {}",
                turn.input,
                turn.expected.join("\n    "),
                actual.join("\n    ")
            ));
        }
    }
    if let Some(max) = max_total
        && total_segments > max
    {
        errors.push(format!(
            "{total_segments} SMS segments in all, more than {max}"
        ));
    }
    if bless {
        std::fs::write(path, blessed).unwrap();
        return Ok(());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{}:\n{}", path.display(), errors.join("\n")))
    }
}

fn transcript_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("flows/tests");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn every_golden_transcript_plays_as_written() {
    let files = transcript_files();
    if std::env::var("PASSERELLE_BLESS").is_err() {
        assert!(
            files.len() >= 8,
            "expected transcripts in flows/tests, found {}",
            files.len()
        );
    }
    let mut failures = Vec::new();
    for f in &files {
        if let Err(e) = play(f).await {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_flow_has_a_transcript_in_french_and_in_english() {
    let flows = passerelle::engine::load_embedded().unwrap();
    let names: Vec<String> = transcript_files()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    for flow in flows.flows.keys() {
        for lang in ["fr", "en"] {
            assert!(
                names.iter().any(|n| n.starts_with(&format!("{flow}-")) && n.contains(&format!(".{lang}."))),
                "no transcript flows/tests/{flow}-*.{lang}.txt"
            );
        }
    }
}

#[test]
fn wildcards_match_what_they_say() {
    assert!(matches("Votre code : {code}.", "Votre code : 482 915."));
    assert!(!matches("Votre code : {code}.", "Votre code : 48 2915."));
    assert!(matches("a {*} z", "a b c z"));
    assert!(!matches("a {*} z", "a b c y"));
}

//! One person's data on request: `passerelle contact export` gives everything held about a
//! number, `passerelle contact erase` removes it from every table while counts and the audit
//! log stay. Data is made through the real webhooks, then every table is searched.

use std::process::Command;

use crate::helpers::spawn_app;

const BIN: &str = env!("CARGO_BIN_EXE_passerelle");
const ALICE: &str = "+33612345678";
const WORDS: &str = "Mon fils Jean Dupont ne peut plus venir le jeudi";

fn passerelle(db: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .env("DATABASE_URL", db)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// Every text cell of every table holding one of these needles: (table, column).
fn find_everywhere(db_file: &str, needles: &[&str]) -> Vec<String> {
    let conn = rusqlite::Connection::open(db_file).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut found = Vec::new();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for (i, name) in names.iter().enumerate() {
                if let Ok(Some(text)) = row.get::<_, Option<String>>(i)
                    && needles.iter().any(|n| text.contains(n))
                {
                    found.push(format!("{t}.{name}"));
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[tokio::test]
async fn a_person_is_exported_then_erased_everywhere_while_counts_stay() {
    let app = spawn_app().await;
    let db = app.settings.database_url.clone();
    let file = db.trim_start_matches("sqlite:").to_string();
    for body in ["bonjour", "1", "1", "74150", "1", "2", WORDS, "oui"] {
        app.sms(ALICE, body).await;
    }
    app.sms(ALICE, "rappelez-moi").await;
    let requests_before = app.count("help_requests").await;
    let messages_before = app.count("messages").await;
    assert_eq!(requests_before, 1);
    assert!(!find_everywhere(&file, &["612345678", "Jean Dupont"]).is_empty());

    let (code, json, _) = passerelle(&db, &["contact", "export", "06 12 34 56 78"]);
    assert_eq!(code, 0);
    let export: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(export["contacts"][0]["phone"], ALICE);
    assert_eq!(export["help_requests"][0]["details"], WORDS);
    assert!(export["messages"].as_array().unwrap().len() >= 9);
    assert_eq!(export["callback_requests"].as_array().unwrap().len(), 1);

    let (code, _, err) = passerelle(&db, &["contact", "erase", ALICE]);
    assert_eq!(code, 1, "without --yes nothing is erased");
    assert!(err.contains("--yes"), "{err}");
    assert!(!find_everywhere(&file, &["Jean Dupont"]).is_empty());

    let (code, out, err) = passerelle(&db, &["contact", "erase", ALICE, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("messages"), "{out}");
    let left = find_everywhere(&file, &["612345678", "Jean Dupont", "06 12 34 56 78"]);
    assert!(left.is_empty(), "still held after erasure: {left:?}");
    assert_eq!(app.count("help_requests").await, requests_before);
    assert_eq!(app.count("messages").await, messages_before);
    assert_eq!(app.count("sessions").await, 0);

    let conn = rusqlite::Connection::open(&file).unwrap();
    let erased: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'contact.erased'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(erased, 1);
    let (code, _, err) = passerelle(&db, &["contact", "export", ALICE]);
    assert_eq!(code, 1, "the number is no longer known: {err}");
}

#[tokio::test]
async fn what_is_older_than_12_months_is_forgotten_and_the_rest_kept() {
    use passerelle::worker::retention::KEEP_SECS;

    let app = spawn_app().await;
    let file = app
        .settings
        .database_url
        .trim_start_matches("sqlite:")
        .to_string();
    for body in ["bonjour", "1", "1", "74150", "1", "2", WORDS, "oui"] {
        app.sms(ALICE, body).await;
    }
    app.sms("+33698765432", "bonjour, ici depuis hier").await;
    let now = jiff::Timestamp::now().as_second();
    let old = now - KEEP_SECS - 3600;
    {
        // Alice's conversation happened 13 months ago and her request is done.
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch(&format!(
            "UPDATE messages SET created_at = {old} WHERE contact_id = \
               (SELECT id FROM contacts WHERE phone = '{ALICE}');
             UPDATE sessions SET updated_at = {old} WHERE contact_id = \
               (SELECT id FROM contacts WHERE phone = '{ALICE}');
             UPDATE help_requests SET status = 'done', updated_at = {old};
             UPDATE outbox SET created_at = {old}, status = 'sent';"
        ))
        .unwrap();
    }
    let store = passerelle::app::open_store(&app.settings).await.unwrap();
    let forgotten = store.forget_before(now - KEEP_SECS, now).await.unwrap();
    assert!(
        forgotten
            .tables
            .iter()
            .any(|(t, n)| t == "messages" && *n >= 8),
        "{forgotten:?}"
    );
    assert!(find_everywhere(&file, &["Jean Dupont"]).is_empty());
    // The person is still a contact (their number stays there, and only there).
    assert_eq!(find_everywhere(&file, &["612345678"]), ["contacts.phone"]);
    let recent = find_everywhere(&file, &["ici depuis hier"]);
    assert!(
        recent.contains(&"messages.body".to_string()),
        "a recent message is kept: {recent:?}"
    );
    assert_eq!(app.count("help_requests").await, 1, "the count stays");
}

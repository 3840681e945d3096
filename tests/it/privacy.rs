//! One person's data on request: `passerelle contact export` gives everything held about a
//! number, `passerelle contact erase` removes it from every table while counts and the audit
//! log stay. Retention: the scheduler's job forgets each relais's conversations after its
//! period (90 days unless set) and closed requests' words after theirs (1 year), periods set
//! in the settings file, with `passerelle relais set` or on the console, and INFO says them.
//! Data is made through the real webhooks, then every table of the database — listed from its
//! own catalogue, on SQLite or PostgreSQL — is searched.

use std::process::Command;
use std::sync::Arc;

use crate::console::{app as console_app, mediator};
use crate::helpers::{RELAIS_NUMBER, TestApp, on_postgres, spawn_app, spawn_app_with, sql_texts};

const BIN: &str = env!("CARGO_BIN_EXE_passerelle");
pub const ALICE: &str = "+33612345678";
const BOB: &str = "+33698765432";
pub const WORDS: &str = "Mon fils Jean Dupont ne peut plus venir le jeudi";
const DAY: i64 = 24 * 3600;
/// The second relais of the retention test, with periods of its own in the settings file.
const ANNECY_NUMBER: &str = "+33757000001";

pub fn passerelle(db: &str, args: &[&str]) -> (i32, String, String) {
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

/// Every table of the database, from its own catalogue: nothing new can escape the search.
async fn tables(db: &str) -> Vec<String> {
    let q = if on_postgres() {
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table'"
    };
    let names: Vec<String> = sql_texts(db, q)
        .await
        .into_iter()
        .filter_map(|r| r[0].clone())
        .collect();
    assert!(
        names.iter().any(|t| t == "audit_log") && names.len() > 20,
        "the catalogue lists the tables: {names:?}"
    );
    names
}

async fn columns(db: &str, table: &str) -> Vec<String> {
    let q = if on_postgres() {
        format!(
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = '{table}'"
        )
    } else {
        format!("SELECT name FROM pragma_table_info('{table}')")
    };
    sql_texts(db, &q)
        .await
        .into_iter()
        .filter_map(|r| r[0].clone())
        .collect()
}

/// Every cell of every table holding one of these needles, as `table.column`.
pub async fn find_everywhere(db: &str, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for t in tables(db).await {
        let cols = columns(db, &t).await;
        // As text; SQLite's binary values as hex (PostgreSQL writes bytea as hex text).
        let select: Vec<String> = cols
            .iter()
            .map(|c| {
                if on_postgres() {
                    format!("CAST(\"{c}\" AS TEXT)")
                } else {
                    format!(
                        "CASE WHEN typeof(\"{c}\") = 'blob' THEN hex(\"{c}\") \
                         ELSE CAST(\"{c}\" AS TEXT) END"
                    )
                }
            })
            .collect();
        let rows = sql_texts(db, &format!("SELECT {} FROM \"{t}\"", select.join(", "))).await;
        for row in rows {
            for (name, cell) in cols.iter().zip(row) {
                if let Some(text) = cell
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

/// One number a query gives.
pub async fn number(db: &str, query: &str) -> i64 {
    sql_texts(db, query).await[0][0]
        .as_deref()
        .unwrap_or("0")
        .parse()
        .unwrap()
}

/// The audit log, every column as text, oldest first.
pub async fn audit_rows(db: &str) -> Vec<Vec<Option<String>>> {
    sql_texts(
        db,
        "SELECT CAST(id AS TEXT), CAST(at AS TEXT), actor_kind, actor_name, relais, \
         CAST(contact_id AS TEXT), request_reference, action, detail FROM audit_log ORDER BY id",
    )
    .await
}

/// A help request by SMS whose details are [`WORDS`]; its reference.
pub async fn request_with_words(app: &TestApp, from: &str) -> String {
    let mut last = String::new();
    for body in ["menu", "1", "1", "74150", "1", "2", WORDS, "oui"] {
        last = app.sms(from, body).await.message().unwrap_or_default();
    }
    let i = last.find("Votre code : ").expect("a code") + "Votre code : ".len();
    last[i..i + 7].replace(' ', "")
}

#[tokio::test]
async fn a_person_is_exported_then_erased_everywhere_while_counts_stay() {
    let app = spawn_app().await;
    let db = app.settings.database_url.clone();
    for body in ["bonjour", "1", "1", "74150", "1", "2", WORDS, "oui"] {
        app.sms(ALICE, body).await;
    }
    app.sms(ALICE, "rappelez-moi").await;
    let requests_before = app.count("help_requests").await;
    let messages_before = app.count("messages").await;
    assert_eq!(requests_before, 1);
    assert!(
        !find_everywhere(&db, &["612345678", "Jean Dupont"])
            .await
            .is_empty()
    );
    // What was done for her is in the audit log before (as the console writes it).
    let alice_id = number(
        &db,
        &format!("SELECT CAST(id AS TEXT) FROM contacts WHERE phone = '{ALICE}'"),
    )
    .await;
    app.running
        .conversations
        .store
        .record(&passerelle::store::NewAudit {
            actor: &passerelle::domain::lifecycle::Actor::System,
            relais: Some("mairie-rumilly"),
            contact_id: Some(alice_id),
            request_reference: None,
            action: "view_request",
            mandate_id: None,
            detail: None,
            at: 1,
        })
        .await
        .unwrap();
    let audit_before = audit_rows(&db).await;

    let (code, json, err) = passerelle(&db, &["contact", "export", "06 12 34 56 78"]);
    assert_eq!(code, 0, "{err}");
    let export: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(export["contacts"][0]["phone"], ALICE);
    assert_eq!(export["help_requests"][0]["details"], WORDS);
    assert!(export["messages"].as_array().unwrap().len() >= 9);
    assert_eq!(export["callback_requests"].as_array().unwrap().len(), 1);
    assert_eq!(export["audit_log"].as_array().unwrap().len(), 1);

    let (code, _, err) = passerelle(&db, &["contact", "erase", ALICE]);
    assert_eq!(code, 1, "without --yes nothing is erased");
    assert!(err.contains("--yes"), "{err}");
    assert!(!find_everywhere(&db, &["Jean Dupont"]).await.is_empty());

    let (code, out, err) = passerelle(&db, &["contact", "erase", ALICE, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("messages"), "{out}");
    let left = find_everywhere(&db, &["612345678", "Jean Dupont", "06 12 34 56 78"]).await;
    assert!(left.is_empty(), "still held after erasure: {left:?}");
    assert_eq!(app.count("help_requests").await, requests_before);
    assert_eq!(app.count("messages").await, messages_before);
    assert_eq!(app.count("sessions").await, 0);

    // The audit log kept every entry as it was, and has one more: the erasure itself.
    let audit_after = audit_rows(&db).await;
    assert_eq!(audit_after[..audit_before.len()], audit_before[..]);
    assert_eq!(audit_after.len(), audit_before.len() + 1);
    let erasure = audit_after.last().unwrap();
    assert_eq!(erasure[7].as_deref(), Some("contact.erased"));
    assert_eq!(erasure[5].as_deref(), Some(alice_id.to_string().as_str()));
    let (code, _, err) = passerelle(&db, &["contact", "export", ALICE]);
    assert_eq!(code, 1, "the number is no longer known: {err}");
    // She can start again as a new person.
    let again = app.sms(ALICE, "bonjour").await.message().unwrap();
    assert!(
        again.starts_with("Bonjour, ici Mairie de Rumilly."),
        "{again}"
    );
}

/// An app with two relais: Rumilly (the instance's periods) and Annecy (200 days of
/// conversations, from the settings file); its scheduler is driven by the test.
async fn two_relais() -> TestApp {
    spawn_app_with(|s| {
        s.outbox_worker = false;
        // On: the job is scheduled at start, as in production.
        s.retention_days = 365;
        let mut annecy = crate::helpers::relais(
            "mairie-annecy",
            "Mairie d'Annecy",
            ANNECY_NUMBER,
            Some("+33450330000"),
        );
        annecy.communes = vec!["74010".into()];
        annecy.retention.conversation_days = Some(200);
        s.relais.push(annecy);
    })
    .await
}

async fn info(app: &TestApp, from: &str, to: &str) -> String {
    let sid = app.next_sid();
    let params = [
        ("From", from),
        ("To", to),
        ("Body", "INFO"),
        ("MessageSid", &sid),
    ];
    app.sms_with(&params).await.message().unwrap()
}

#[tokio::test]
async fn each_relais_forgets_conversations_and_closed_requests_after_its_own_periods() {
    let app = two_relais().await;
    let db = app.settings.database_url.clone();
    let t0 = jiff::Timestamp::now().as_second();
    let w = crate::helpers::worker(
        &app,
        "w1",
        Arc::new(passerelle::providers::log::LogProvider::default()),
    );

    // INFO says each relais's periods.
    let rumilly = info(&app, ALICE, RELAIS_NUMBER).await;
    assert!(
        rumilly.contains(
            "\nMairie de Rumilly garde vos messages pendant 90 jours.\n\
             Une demande est gardée 1 an après sa fin.\n\
             Pour tout effacer, appelez le 04 50 01 02 03."
        ),
        "{rumilly}"
    );
    let annecy = info(&app, BOB, ANNECY_NUMBER).await;
    assert!(
        annecy.contains("Mairie d'Annecy garde vos messages pendant 200 jours."),
        "{annecy}"
    );

    // Alice asks Rumilly for help; a mediator cancels it with a reason; Bob writes to Annecy.
    let reference = request_with_words(&app, ALICE).await;
    let sid = app.next_sid();
    let hello = [
        ("From", BOB),
        ("To", ANNECY_NUMBER),
        ("Body", "bonjour, ici depuis hier"),
        ("MessageSid", sid.as_str()),
    ];
    app.sms_with(&hello).await;
    passerelle::mediation::accounts::create(
        app.running.conversations.store.as_ref(),
        "mairie-rumilly",
        "aicha@mairie-rumilly.fr",
        "Aïcha",
        false,
        &app.base,
        t0,
    )
    .await
    .unwrap();
    let reason = "Paul Martin l'a aidée";
    let (code, _, err) = passerelle(
        &db,
        &[
            "requests",
            "set",
            &reference,
            "cancelled",
            "--by",
            "aicha@mairie-rumilly.fr",
            "--note",
            reason,
        ],
    );
    assert_eq!(code, 0, "{err}");
    // What was queued is sent (the outbox keeps a sent text's words until retention).
    w.outbox_step(jiff::Timestamp::now().as_second())
        .await
        .unwrap();
    assert!(
        crate::helpers::outbox_rows(&app, Some("pending"))
            .await
            .is_empty()
    );
    assert_eq!(
        w.scheduler_step(t0).await.unwrap(),
        1,
        "retention ran at start"
    );
    assert!(!find_everywhere(&db, &[WORDS]).await.is_empty());

    // 100 days later: Rumilly's conversations are forgotten, not Annecy's (200 days), and
    // not the words of the request closed 100 days ago (1 year).
    assert_eq!(w.scheduler_step(t0 + 100 * DAY).await.unwrap(), 1);
    assert_eq!(
        find_everywhere(&db, &["Jean Dupont"]).await,
        ["help_requests.details"]
    );
    assert!(!find_everywhere(&db, &[reason]).await.is_empty());
    assert_eq!(
        find_everywhere(&db, &["ici depuis hier"]).await,
        ["messages.body", "sessions.state"],
        "Bob's conversation with Annecy is kept"
    );
    let alice_sessions = number(
        &db,
        &format!(
            "SELECT CAST(COUNT(*) AS TEXT) FROM sessions WHERE contact_id = \
             (SELECT id FROM contacts WHERE phone = '{ALICE}')"
        ),
    )
    .await;
    assert_eq!(alice_sessions, 0, "her idle conversation is gone");

    // Annecy's team shortens its period with the command line: the next run follows it.
    let (code, _, err) = passerelle(
        &db,
        &[
            "relais",
            "set",
            "--id",
            "mairie-annecy",
            "--name",
            "Mairie d'Annecy",
            "--number",
            ANNECY_NUMBER,
            "--commune",
            "74010",
            "--conversation-days",
            "30",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = passerelle(
        &db,
        &[
            "relais",
            "set",
            "--id",
            "x",
            "--name",
            "X",
            "--request-days",
            "0",
        ],
    );
    assert_ne!(code, 0, "0 days is refused");
    assert!(err.contains("1 to 3650"), "{err}");
    assert_eq!(w.scheduler_step(t0 + 102 * DAY).await.unwrap(), 1);
    assert!(find_everywhere(&db, &["ici depuis hier"]).await.is_empty());

    // A year after it was closed, the request's words and notes go; it is still counted.
    assert_eq!(w.scheduler_step(t0 + 400 * DAY).await.unwrap(), 1);
    assert!(
        find_everywhere(&db, &["Jean Dupont", reason])
            .await
            .is_empty()
    );
    assert_eq!(app.count("help_requests").await, 1, "the count stays");
    // The person is still a contact (their number stays there, and only there).
    assert_eq!(
        find_everywhere(&db, &["612345678", "06 12 34 56 78"]).await,
        ["contacts.phone"]
    );
}

#[tokio::test]
async fn an_admin_sets_the_periods_on_the_console_and_info_says_them_at_once() {
    let app = console_app().await;
    let db = app.settings.database_url.clone();
    let admin = mediator(&app, "chef@mairie-rumilly.fr", "Cheffe", true).await;
    let (status, html) = admin.get("/mediation/relais").await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"conversation_days\""), "{html}");
    assert!(
        html.contains("value=\"90\""),
        "the period in force is shown: {html}"
    );
    let form = |conversations: &'static str| {
        vec![
            ("help_line", "04 50 01 02 03"),
            ("hours", "lun-dim 00:00-23:59"),
            ("communes", "Rumilly (74150)"),
            ("conversation_days", conversations),
            ("request_days", "365"),
        ]
    };
    let (status, body) = admin
        .post("/mediation/relais", "/mediation/relais", &form("0"))
        .await;
    assert_eq!(status, 400);
    assert!(
        body.contains("Cette durée n'est pas comprise : 0."),
        "{body}"
    );

    // Saved as shown, the relais keeps following the instance's periods.
    let (status, to) = admin
        .post("/mediation/relais", "/mediation/relais", &form("90"))
        .await;
    assert_eq!((status, to.as_str()), (303, "/mediation/relais?fait=1"));
    let stored = sql_texts(
        &db,
        "SELECT CAST(conversation_days AS TEXT), CAST(request_days AS TEXT) FROM relais \
         WHERE id = 'mairie-rumilly'",
    )
    .await;
    assert_eq!(stored, vec![vec![None, None]]);

    let (status, _) = admin
        .post("/mediation/relais", "/mediation/relais", &form("30"))
        .await;
    assert_eq!(status, 303);
    let stored = sql_texts(
        &db,
        "SELECT CAST(conversation_days AS TEXT) FROM relais WHERE id = 'mairie-rumilly'",
    )
    .await;
    assert_eq!(stored, vec![vec![Some("30".to_string())]]);
    let said = info(&app, ALICE, RELAIS_NUMBER).await;
    assert!(
        said.contains("\nMairie de Rumilly garde vos messages pendant 30 jours.\n"),
        "{said}"
    );
    // The first message of someone new points to INFO, in one short line.
    let first = app.sms(BOB, "bonjour").await.message().unwrap();
    assert!(
        first.contains("\nSTOP : plus de SMS, INFO : vos données.\n"),
        "{first}"
    );
    assert!(
        passerelle::domain::text::segments(&first).segments <= 2,
        "{first}"
    );
    let said = info(&app, BOB, RELAIS_NUMBER).await;
    assert!(
        said.starts_with("Mairie de Rumilly garde vos messages pendant 30 jours."),
        "{said}"
    );
    // A restart reads the periods back from the database.
    let set = passerelle::app::relais(&app.settings, app.running.conversations.store.as_ref())
        .await
        .unwrap();
    let own = set.by_id("mairie-rumilly").unwrap().retention;
    assert_eq!(own.conversation_days, Some(30));
    assert_eq!(own.request_days, None);
}

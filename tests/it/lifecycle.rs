//! The help-request lifecycle through the real store: a request made by SMS, changed by a
//! mediator and by the resident, every change recorded; the audit log refuses UPDATE and
//! DELETE.

use passerelle::domain::lifecycle::{Actor, Helper, HelperKind, LifecycleError, RequestStatus};
use passerelle::store::{NewAudit, Store, within};

use crate::helpers::{TestApp, spawn_app};

const ALICE: &str = "+33612345678";

/// A request made by SMS; its reference.
pub async fn request_by_sms(app: &TestApp, from: &str) -> String {
    let mut last = String::new();
    for m in [
        "bonjour",
        "1",
        "5",
        "74150",
        "1",
        "cette semaine",
        "non",
        "oui",
    ] {
        last = app.sms(from, m).await.message().unwrap_or_default();
    }
    let i = last.find("Votre code : ").expect("a code in the reply") + "Votre code : ".len();
    last[i..i + 7].replace(' ', "")
}

/// Runs one statement straight at the test's database (SQLite file or PostgreSQL schema) and
/// returns why it was refused.
async fn refused(url: &str, statement: &str) -> String {
    let statement = sqlx::AssertSqlSafe(statement.to_string());
    let result = if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        let r = sqlx::query(statement).execute(&pool).await.map(|_| ());
        pool.close().await;
        r
    } else {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        let r = sqlx::query(statement).execute(&pool).await.map(|_| ());
        pool.close().await;
        r
    };
    result.expect_err("the statement is refused").to_string()
}

fn aicha() -> Actor {
    Actor::Mediator {
        id: 7,
        name: "Aïcha".into(),
    }
}

async fn change(
    store: &dyn Store,
    reference: &str,
    to: RequestStatus,
    actor: Actor,
    note: Option<&'static str>,
    helper: Option<Helper>,
) -> Result<bool, String> {
    let reference = reference.to_string();
    within(store, move |tx| {
        Box::pin(async move {
            let r = tx
                .change_request_status(&reference, to, &actor, note, helper.as_ref(), 1_000)
                .await;
            match r {
                Ok(c) => Ok(Ok(c.tell_resident)),
                Err(LifecycleError::Store(e)) => Err(e),
                Err(e) => Ok(Err(e.to_string())),
            }
        })
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn every_change_is_recorded_and_only_allowed_ones_happen() {
    let app = spawn_app().await;
    let store = app.running.conversations.store.clone();
    let reference = request_by_sms(&app, ALICE).await;
    use RequestStatus::*;

    let refused = change(&*store, &reference, Done, aicha(), None, None).await;
    assert!(refused.unwrap_err().contains("cannot go from open to done"));
    let by_resident = change(&*store, &reference, Taken, Actor::Resident, None, None).await;
    assert!(by_resident.is_err(), "a resident does not take a request");
    assert_eq!(
        change(&*store, &reference, Taken, aicha(), None, None).await,
        Ok(false)
    );
    let no_helper = change(&*store, &reference, Matched, aicha(), None, None).await;
    assert!(no_helper.unwrap_err().contains("who helps"));
    let marie = Helper {
        kind: HelperKind::Person,
        name: "Marie".into(),
        when: Some("jeudi vers 10 h".into()),
    };
    let told = change(
        &*store,
        &reference,
        Matched,
        aicha(),
        Some("voisine"),
        Some(marie.clone()),
    );
    assert_eq!(told.await, Ok(true), "the resident is told help is found");
    let unknown = change(&*store, "000000", Taken, aicha(), None, None).await;
    assert!(unknown.unwrap_err().contains("no request"));

    let r = store.help_request(&reference).await.unwrap().unwrap();
    assert_eq!(r.status, "matched");
    assert_eq!(r.taken_by.as_deref(), Some("Aïcha"));
    assert_eq!(r.helper.as_ref(), Some(&marie));

    // The resident cancels by SMS: the same rules, recorded as theirs.
    for m in ["menu", "3", "1", "annuler", "oui"] {
        app.sms(ALICE, m).await;
    }
    let r = store.help_request(&reference).await.unwrap().unwrap();
    assert_eq!(r.status, "cancelled");
    let closed = change(&*store, &reference, Done, aicha(), None, None).await;
    assert!(closed.is_err(), "a cancelled request stays cancelled");

    let history = store.request_history(r.id).await.unwrap();
    let lines: Vec<(String, Option<String>, Option<String>)> = history
        .iter()
        .map(|e| {
            (
                e.actor.kind().to_string(),
                e.from_status.clone(),
                e.to_status.clone(),
            )
        })
        .collect();
    let line =
        |a: &str, f: &str, t: &str| (a.to_string(), Some(f.to_string()), Some(t.to_string()));
    assert_eq!(
        lines,
        vec![
            line("mediator", "open", "taken"),
            line("mediator", "taken", "matched"),
            line("resident", "matched", "cancelled"),
        ]
    );
    assert_eq!(history[0].actor, aicha());
    assert_eq!(history[1].helper.as_ref(), Some(&marie));
    assert_eq!(history[1].note.as_deref(), Some("voisine"));
    assert_eq!(history[1].at, 1_000);
}

#[tokio::test]
async fn the_audit_log_refuses_update_and_delete() {
    let app = spawn_app().await;
    let store = app.running.conversations.store.clone();
    let actor = aicha();
    store
        .record(&NewAudit {
            actor: &actor,
            relais: Some("mairie-rumilly"),
            contact_id: Some(1),
            request_reference: Some("482915"),
            action: "view_request",
            mandate_id: None,
            detail: None,
            at: 100,
        })
        .await
        .unwrap();
    // Inside a turn too.
    within(&*store, |tx| {
        Box::pin(async move {
            tx.record(&NewAudit {
                actor: &Actor::System,
                relais: None,
                contact_id: None,
                request_reference: None,
                action: "export",
                mandate_id: None,
                detail: Some("test"),
                at: 200,
            })
            .await
        })
    })
    .await
    .unwrap();
    let entries = store.audit_entries(0, 1_000).await.unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].actor, actor);
    assert_eq!(entries[0].request_reference.as_deref(), Some("482915"));
    assert_eq!(entries[1].action, "export");
    assert_eq!(store.audit_entries(150, 1_000).await.unwrap().len(), 1);

    // Straight at the database, as an intruder with SQL would.
    let url = &app.settings.database_url;
    let err = refused(url, "UPDATE audit_log SET action = 'nothing' WHERE id = 1").await;
    assert!(err.contains("append-only"), "{err}");
    let err = refused(url, "DELETE FROM audit_log").await;
    assert!(err.contains("append-only"), "{err}");
    assert_eq!(
        store.audit_entries(0, 1_000).await.unwrap()[0].action,
        "view_request"
    );
    assert_eq!(app.count("audit_log").await, 2);
}

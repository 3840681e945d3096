//! Erasing a person's data from the console: only an admin of the request's relais, after
//! ticking a box, with the form's CSRF token; the person's data is then gone from every table
//! (searched through the database's catalogue), the request still counted, and the audit log
//! keeps every entry plus the act itself — never the data. Anyone else gets a 403 in plain
//! French. Through the real console, signed in with TOTP, on SQLite or PostgreSQL.

use crate::console::{mediator, unescape};
use crate::helpers::{relais, spawn_app_with, sql_texts};
use crate::privacy::{ALICE, WORDS, audit_rows, find_everywhere, request_with_words};

const ADMIN_ONLY: &str =
    "Seul un administrateur du relais peut effacer les données d'une personne.";

#[tokio::test]
async fn an_admin_erases_a_persons_data_from_a_request_after_confirming() {
    let app = spawn_app_with(|s| {
        s.outbox_worker = false;
        s.relais.push(relais(
            "mairie-annecy",
            "Mairie d'Annecy",
            "+33757000001",
            Some("+33450330000"),
        ));
    })
    .await;
    let db = app.settings.database_url.clone();
    let reference = request_with_words(&app, ALICE).await;
    let page = format!("/mediation/demandes/{reference}");
    let erase = format!("{page}/effacer");
    let aicha = mediator(&app, "aicha@mairie-rumilly.fr", "Aïcha", false).await;
    let cheffe = mediator(&app, "chef@mairie-rumilly.fr", "Cheffe", true).await;

    // A mediator who is not an admin sees no way to erase, and is refused.
    let (_, html) = aicha.get(&page).await;
    assert!(html.contains(WORDS), "{html}");
    assert!(!html.contains(&erase), "{html}");
    let (status, html) = aicha.get(&erase).await;
    assert_eq!(status, 403);
    assert!(html.contains(ADMIN_ONLY), "{html}");
    let (status, html) = aicha.post(&page, &erase, &[("confirm", "1")]).await;
    assert_eq!(status, 403);
    assert!(html.contains(ADMIN_ONLY), "{html}");

    // Nor can an admin of another relais reach the request.
    let other = {
        let store = app.running.conversations.store.clone();
        let created = passerelle::mediation::accounts::create(
            store.as_ref(),
            "mairie-annecy",
            "chef@mairie-annecy.fr",
            "Chef d'Annecy",
            true,
            &app.base,
            crate::console::now(),
        )
        .await
        .unwrap();
        crate::console::set_up_and_sign_in(&app, &created.setup_url, "chef@mairie-annecy.fr").await
    };
    let (status, _) = other.get(&erase).await;
    assert_eq!(status, 404);
    let (status, _) = other.post("/mediation", &erase, &[("confirm", "1")]).await;
    assert_eq!(status, 404);
    assert!(!find_everywhere(&db, &["Jean Dupont"]).await.is_empty());

    // The admin finds the way from the request's page, then a page saying what goes.
    let (_, html) = cheffe.get(&page).await;
    assert!(html.contains(&format!("href=\"{erase}\"")), "{html}");
    let (status, html) = cheffe.get(&erase).await;
    assert_eq!(status, 200);
    assert!(html.contains("<bdi>06 12 34 56 78</bdi>"), "{html}");
    assert!(html.contains("name=\"confirm\""), "{html}");
    assert!(
        html.contains("Vous ne pourrez pas revenir en arrière."),
        "{html}"
    );

    // Not ticked, or without the form's token: nothing is erased.
    let (status, html) = cheffe.post(&erase, &erase, &[]).await;
    assert_eq!(status, 400);
    assert!(html.contains("Cochez la case pour confirmer."), "{html}");
    let forged = cheffe
        .http
        .post(format!("{}{erase}", app.base))
        .form(&[("csrf", "forged"), ("confirm", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert!(unescape(&forged.text().await.unwrap()).contains("Ce formulaire a expiré"));
    assert!(!find_everywhere(&db, &["Jean Dupont"]).await.is_empty());
    let requests = app.count("help_requests").await;
    let messages = app.count("messages").await;
    let audit_before = audit_rows(&db).await;
    assert!(
        audit_before
            .iter()
            .any(|r| r[7].as_deref() == Some("view_request")),
        "views are audited: {audit_before:?}"
    );

    let (status, to) = cheffe.post(&erase, &erase, &[("confirm", "1")]).await;
    assert_eq!(
        (status, to.as_str()),
        (303, format!("{page}?fait=efface").as_str())
    );
    let left = find_everywhere(&db, &["612345678", "06 12 34 56 78", "Jean Dupont"]).await;
    assert!(left.is_empty(), "still held after erasure: {left:?}");
    assert_eq!(app.count("help_requests").await, requests);
    assert_eq!(app.count("messages").await, messages);

    // The audit log: every entry as it was, then the erasure — who, which request, whose.
    let audit = audit_rows(&db).await;
    assert_eq!(audit[..audit_before.len()], audit_before[..]);
    let alice = sql_texts(
        &db,
        &format!(
            "SELECT CAST(contact_id AS TEXT) FROM help_requests WHERE reference = '{reference}'"
        ),
    )
    .await[0][0]
        .clone();
    let erasure = &audit[audit_before.len()];
    assert_eq!(erasure[2].as_deref(), Some("mediator"));
    assert_eq!(erasure[3].as_deref(), Some("Cheffe"));
    assert_eq!(erasure[4].as_deref(), Some("mairie-rumilly"));
    assert_eq!(erasure[5], alice);
    assert_eq!(erasure[6].as_deref(), Some(reference.as_str()));
    assert_eq!(erasure[7].as_deref(), Some("contact.erased"));

    // The request's page says so; there is nothing left to erase.
    let (status, html) = cheffe.get(&to).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Les données de la personne sont effacées."),
        "{html}"
    );
    assert!(
        html.contains("Les données de cette personne sont effacées."),
        "{html}"
    );
    assert!(!html.contains("tel:"), "{html}");
    assert!(!html.contains(&erase), "{html}");
    let (status, _) = cheffe.get(&erase).await;
    assert_eq!(status, 404);
    let (status, _) = cheffe.post(&page, &erase, &[("confirm", "1")]).await;
    assert_eq!(status, 404);
}

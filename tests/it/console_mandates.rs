//! Acting for a resident from the console: without a mandate a mediator sees the request but
//! not the whole conversation; consent given in person (a scope and the resident's agreement
//! required) shows it under "Vous agissez pour …"; a revoked or expired mandate cannot be
//! used; every act and view under a mandate is in the audit log with the mandate's id.

use passerelle::domain::mandate::{Consent, Scope};
use passerelle::store::NewMandate;

use crate::console::{ALICE, app, mediator, now};
use crate::lifecycle::request_by_sms;

#[tokio::test]
async fn a_mandate_given_in_person_shows_the_whole_conversation_until_revoked() {
    let app = app().await;
    let reference = request_by_sms(&app, ALICE).await;
    // Later, the resident writes again: part of their conversation, not of the request.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.sms(ALICE, "Je voudrais changer de jour").await;
    let aicha = mediator(&app, "aicha@mairie-rumilly.fr", "Aïcha", false).await;
    let page = format!("/mediation/demandes/{reference}");
    let (_, html) = aicha.get(&page).await;
    assert!(
        html.contains("Sans accord de la personne, la conversation complète n'est pas affichée.")
    );
    assert!(
        !html.contains("Je voudrais changer de jour"),
        "hidden without a mandate"
    );
    assert!(!html.contains("Vous agissez pour"));

    let accords = format!("{page}/accords");
    let (status, body) = aicha
        .post(&page, &accords, &[("duration", "1d"), ("agreed", "1")])
        .await;
    assert_eq!(status, 400);
    assert!(body.contains("Cochez au moins une permission."), "{body}");
    let (status, body) = aicha
        .post(
            &page,
            &accords,
            &[("scope", "conversation"), ("duration", "1d")],
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        body.contains("La personne doit être présente et d'accord."),
        "{body}"
    );
    let (status, to) = aicha
        .post(
            &page,
            &accords,
            &[
                ("resident_name", "Mme Martin"),
                ("scope", "conversation"),
                ("scope", "help_requests"),
                ("duration", "1m"),
                ("agreed", "1"),
            ],
        )
        .await;
    assert_eq!(
        (status, to.as_str()),
        (303, format!("{page}?fait=accord").as_str())
    );
    let (_, html) = aicha.get(&page).await;
    assert!(html.contains("Vous agissez pour Mme Martin."), "{html}");
    assert!(
        html.contains("Je voudrais changer de jour"),
        "the whole conversation: {html}"
    );
    assert!(html.contains("voir toute sa conversation, faire et suivre ses demandes d'aide"));
    assert!(
        html.contains("en personne à Aïcha") && html.contains("en cours"),
        "{html}"
    );

    let store = app.running.conversations.store.clone();
    let r = store.help_request(&reference).await.unwrap().unwrap();
    let contact = r.contact_id.unwrap();
    let m = store.mandates_of(contact, "mairie-rumilly").await.unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].text_version, passerelle::domain::mandate::TEXT_VERSION);
    let expires_in = m[0].rules.expires_at - m[0].created_at;
    assert_eq!(expires_in, 30 * 24 * 3600);
    let id = m[0].rules.id;

    let audit = store.audit_entries(0, now() + 10).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "mandate_in_person" && e.mandate_id == Some(id))
    );
    assert!(audit.iter().any(|e| e.action == "view_conversation"
        && e.mandate_id == Some(id)
        && e.contact_id == Some(contact)));

    // Revoked: it cannot be used any more.
    let (status, to) = aicha
        .post(&page, &format!("{page}/accords/{id}/retirer"), &[])
        .await;
    assert_eq!(
        (status, to.as_str()),
        (303, format!("{page}?fait=retire").as_str())
    );
    let (_, html) = aicha.get(&page).await;
    assert!(!html.contains("Vous agissez pour"), "{html}");
    assert!(!html.contains("Je voudrais changer de jour"));
    assert!(html.contains("retiré"), "{html}");
    assert!(
        store
            .audit_entries(0, now() + 10)
            .await
            .unwrap()
            .iter()
            .any(|e| e.action == "mandate_revoked")
    );

    // Expired: recorded a year ago for a day, it is not used either.
    let aicha_id = store
        .mediator_by_email("aicha@mairie-rumilly.fr")
        .await
        .unwrap()
        .unwrap()
        .id;
    let then = now() - 365 * 24 * 3600;
    store
        .create_mandate(&NewMandate {
            contact_id: contact,
            relais: "mairie-rumilly",
            mediator_id: aicha_id,
            resident_name: None,
            scopes: &[Scope::Conversation],
            consent: Consent::InPerson,
            text_version: "2026-11-v1",
            state: "active",
            expires_at: then + 24 * 3600,
            now: then,
        })
        .await
        .unwrap();
    let (_, html) = aicha.get(&page).await;
    assert!(
        !html.contains("Vous agissez pour"),
        "an expired mandate is not used"
    );
    assert!(html.contains("terminé"), "{html}");

    // The mandate text to print, with its version.
    let (status, text) = aicha.get("/mediation/accord").await;
    assert_eq!(status, 200);
    assert!(
        text.contains("Je peux retirer mon accord à tout moment.") && text.contains("2026-11-v1")
    );
}

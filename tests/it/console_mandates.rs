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

#[tokio::test]
async fn consent_by_sms_counts_only_a_clear_oui() {
    let app = app().await;
    let reference = request_by_sms(&app, ALICE).await;
    let aicha = mediator(&app, "aicha@mairie-rumilly.fr", "Aïcha", false).await;
    let page = format!("/mediation/demandes/{reference}");
    let ask = format!("{page}/accords/sms");
    let (status, body) = aicha.post(&page, &ask, &[("duration", "1d")]).await;
    assert_eq!(status, 400, "a scope is needed: {body}");
    let (status, to) = aicha
        .post(
            &page,
            &ask,
            &[("scope", "conversation"), ("duration", "6m")],
        )
        .await;
    assert_eq!(
        (status, to.as_str()),
        (303, format!("{page}?fait=accord-sms").as_str())
    );
    let rows = crate::helpers::outbox_rows(&app, None).await;
    let recap = rows
        .iter()
        .find(|r| r.kind == "mandate_recap" && r.recipient == ALICE)
        .expect("a recap SMS to the resident");
    assert!(recap.expires_at.is_some());
    let (_, html) = aicha.get(&page).await;
    assert!(html.contains("en attente de réponse"), "{html}");
    assert!(!html.contains("Vous agissez pour"));

    // "ok" is not a yes: refused, and the conversation is not disturbed.
    let answer = app.sms(ALICE, "ok").await.message().unwrap();
    assert!(answer.contains("Personne n'agira pour vous."), "{answer}");
    let (_, html) = aicha.get(&page).await;
    assert!(
        html.contains("refusé") && !html.contains("Vous agissez pour"),
        "{html}"
    );
    // The next SMS is a conversation again.
    let menu = app.sms(ALICE, "menu").await.message().unwrap();
    assert!(menu.contains("Demander de l'aide"), "{menu}");

    // Asked again: "Oui." is a yes.
    aicha
        .post(
            &page,
            &ask,
            &[("scope", "conversation"), ("duration", "1m")],
        )
        .await;
    let answer = app.sms(ALICE, " Oui. ").await.message().unwrap();
    assert!(answer.contains("Votre accord est enregistré."), "{answer}");
    let (_, html) = aicha.get(&page).await;
    assert!(html.contains("Vous agissez pour 06 12 34 56 78."), "{html}");
    assert!(html.contains("par SMS à Aïcha"), "{html}");
    let audit = app
        .running
        .conversations
        .store
        .audit_entries(0, now() + 10)
        .await
        .unwrap();
    for a in [
        "mandate_sms_asked",
        "mandate_sms_refused",
        "mandate_sms_accepted",
        "view_conversation",
    ] {
        assert!(audit.iter().any(|e| e.action == a), "{a}");
    }
}

//! A mediator acting for a resident in person, through the console's forms: the kiosk's flows
//! under "Vous agissez pour …", a help request that belongs to the resident (their phone gets
//! the code, the queue shows their number, channel `mediator`), the act in the audit log with
//! the mandate; a revoked, expired or out-of-scope mandate gets a 403 and creates nothing.

use std::sync::Arc;

use passerelle::domain::mandate::{Consent, Scope};
use passerelle::store::NewMandate;

use crate::console::{ALICE, Console, app, field, mediator, now};
use crate::helpers::{TestApp, twilio_accepting, twilio_of, worker};
use crate::lifecycle::request_by_sms;

const RELAIS: &str = "mairie-rumilly";

/// One answer posted with the page's CSRF token: (status, page).
async fn say(c: &Console, page: &str, said: &str) -> (u16, String) {
    c.post(page, page, &[("said", said)]).await
}

/// The resident's contact and the signed-in mediator's id.
async fn ids(app: &TestApp, reference: &str) -> (i64, i64) {
    let store = app.running.conversations.store.clone();
    let r = store.help_request(reference).await.unwrap().unwrap();
    let m = store
        .mediator_by_email("aicha@mairie-rumilly.fr")
        .await
        .unwrap()
        .unwrap();
    (r.contact_id.unwrap(), m.id)
}

/// A mandate stored as the console records it (state, scopes, expiry chosen by the test).
async fn mandate(
    app: &TestApp,
    contact: i64,
    mediator: i64,
    scopes: &[Scope],
    expires_at: i64,
) -> i64 {
    app.running
        .conversations
        .store
        .create_mandate(&NewMandate {
            contact_id: contact,
            relais: RELAIS,
            mediator_id: mediator,
            resident_name: Some("Mme Martin"),
            scopes,
            consent: Consent::InPerson,
            text_version: passerelle::domain::mandate::TEXT_VERSION,
            state: "active",
            expires_at,
            now: now(),
        })
        .await
        .unwrap()
}

async fn request_count(app: &TestApp) -> i64 {
    app.running
        .conversations
        .store
        .count("help_requests")
        .await
        .unwrap()
}

#[tokio::test]
async fn a_mediator_makes_a_help_request_for_the_resident_under_their_mandate() {
    let app = app().await;
    let reference = request_by_sms(&app, ALICE).await;
    let aicha = mediator(&app, "aicha@mairie-rumilly.fr", "Aïcha", false).await;
    let request_page = format!("/mediation/demandes/{reference}");
    // Consent given in person, through the console's own form.
    let (status, _) = aicha
        .post(
            &request_page,
            &format!("{request_page}/accords"),
            &[
                ("resident_name", "Mme Martin"),
                ("scope", "help_requests"),
                ("duration", "1m"),
                ("agreed", "1"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (contact, _) = ids(&app, &reference).await;
    let store = app.running.conversations.store.clone();
    let id = store.mandates_of(contact, RELAIS).await.unwrap()[0]
        .rules
        .id;
    let (_, html) = aicha.get(&request_page).await;
    let page = format!("{request_page}/agir/{id}");
    assert!(
        html.contains(&format!("href=\"{page}\"")) && html.contains("Agir pour cette personne"),
        "{html}"
    );

    let (status, html) = aicha.get(&page).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("Vous agissez pour Mme Martin — mandat jusqu'au "),
        "{html}"
    );
    assert!(html.contains("Demander de l'aide"), "the menu: {html}");
    let before = request_count(&app).await;
    // Without the session's token, nothing happens.
    let forged = aicha
        .http
        .post(format!("{}{page}", aicha.base))
        .form(&[("csrf", "faux"), ("said", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 403);

    let mut last = String::new();
    for said in ["1", "1", "1", "1", "Des courses pour la semaine", "1"] {
        let (status, html) = say(&aicha, &page, said).await;
        assert_eq!(status, 200, "after {said}: {html}");
        assert!(html.contains("Vous agissez pour Mme Martin"), "{html}");
        last = html;
    }
    assert!(last.contains("Votre code"), "{last}");
    assert!(
        last.contains("Une personne vous répondra vite.") && !last.contains("pas donné de numéro"),
        "the resident's number is known: {last}"
    );
    assert_eq!(request_count(&app).await, before + 1, "{last}");

    // The request is the resident's: their contact, made by a mediator, in the queue.
    let (all, _) = store
        .help_requests(
            &Default::default(),
            passerelle::store::Page {
                page: 1,
                per_page: 50,
            },
        )
        .await
        .unwrap();
    let made = all
        .iter()
        .find(|r| r.channel == "mediator")
        .expect("a request made in the console");
    assert_eq!(made.contact_id, Some(contact));
    assert_eq!(made.category, "courses");
    assert_eq!(made.details.as_deref(), Some("Des courses pour la semaine"));
    let grouped = format!("{} {}", &made.reference[..3], &made.reference[3..]);
    assert!(last.contains(&grouped), "the code on screen: {last}");
    let (_, queue) = aicha.get("/mediation").await;
    assert!(queue.contains(&grouped), "{queue}");

    // In the API, made by a mediator.
    let (status, json) = app
        .api(&format!("/api/v1/help-requests/{}", made.reference))
        .await;
    assert_eq!(status, 200, "{json}");
    assert_eq!(json["channel"], "mediator", "{json}");

    // The resident gets the code by SMS (through a Twilio stand-in), as at the kiosk.
    let twilio = twilio_accepting().await;
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    w.outbox_step(now() + 1).await.unwrap();
    let sent = crate::helpers::sent_forms(&twilio).await;
    assert!(
        sent.iter()
            .any(|f| f["To"] == ALICE && f["Body"].contains(&grouped)),
        "{sent:?}"
    );
    // The act is in the audit log, with the mediator and the mandate.
    let audit = store.audit_entries(0, now() + 10).await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "create_request")
        .expect("the act audited");
    assert_eq!(entry.mandate_id, Some(id));
    assert_eq!(entry.contact_id, Some(contact));
    assert_eq!(
        entry.request_reference.as_deref(),
        Some(made.reference.as_str())
    );
    assert!(matches!(
        &entry.actor,
        passerelle::domain::lifecycle::Actor::Mediator { name, .. } if name == "Aïcha"
    ));

    // Revoked: the page and the forms are refused, nothing is created.
    aicha
        .post(
            &request_page,
            &format!("{request_page}/accords/{id}/retirer"),
            &[],
        )
        .await;
    let (status, html) = aicha.get(&page).await;
    assert_eq!(status, 403);
    assert!(html.contains("Cet accord a été retiré."), "{html}");
    let (_, any) = aicha.get(&request_page).await;
    let csrf = field(&any, "csrf");
    let r = aicha
        .http
        .post(format!("{}{page}", aicha.base))
        .form(&[("csrf", csrf.as_str()), ("said", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(request_count(&app).await, before + 1);
}

#[tokio::test]
async fn an_expired_or_narrow_mandate_cannot_be_used_to_act() {
    let app = app().await;
    let reference = request_by_sms(&app, ALICE).await;
    let aicha = mediator(&app, "aicha@mairie-rumilly.fr", "Aïcha", false).await;
    let (contact, me) = ids(&app, &reference).await;
    let before = request_count(&app).await;

    let expired = mandate(&app, contact, me, &[Scope::HelpRequests], now() - 10).await;
    let page = format!("/mediation/demandes/{reference}/agir/{expired}");
    let (status, html) = aicha.get(&page).await;
    assert_eq!(status, 403);
    assert!(html.contains("Cet accord est terminé."), "{html}");

    // Seeing the conversation only: no act.
    let seeing = mandate(&app, contact, me, &[Scope::Conversation], now() + 3600).await;
    let (status, html) = aicha
        .get(&format!("/mediation/demandes/{reference}/agir/{seeing}"))
        .await;
    assert_eq!(status, 403);
    assert!(html.contains("ne vous permet pas cela"), "{html}");

    // Sign-ups only: the help flow is refused and goes back to the menu; nothing is made.
    let signups = mandate(&app, contact, me, &[Scope::Signups], now() + 3600).await;
    let page = format!("/mediation/demandes/{reference}/agir/{signups}");
    let (status, _) = aicha.get(&page).await;
    assert_eq!(status, 200);
    let (status, html) = say(&aicha, &page, "1").await;
    assert_eq!(status, 403, "{html}");
    assert!(html.contains("ne vous permet pas cela"), "{html}");
    assert!(
        html.contains("Demander de l'aide"),
        "back at the menu: {html}"
    );
    assert_eq!(request_count(&app).await, before);
    let audit = app
        .running
        .conversations
        .store
        .audit_entries(0, now() + 10)
        .await
        .unwrap();
    assert!(!audit.iter().any(|e| e.action == "create_request"));
}

#[tokio::test]
async fn a_mediator_signs_the_resident_up_for_a_mission_under_their_mandate() {
    let app = app().await;
    let reference = request_by_sms(&app, ALICE).await;
    let aicha = mediator(&app, "aicha@mairie-rumilly.fr", "Aïcha", false).await;
    let (contact, me) = ids(&app, &reference).await;
    let id = mandate(&app, contact, me, &[Scope::Signups], now() + 3600).await;
    let page = format!("/mediation/demandes/{reference}/agir/{id}");
    let store = app.running.conversations.store.clone();
    let page_of = passerelle::store::Page {
        page: 1,
        per_page: 50,
    };
    let (before, _) = store.signups(page_of).await.unwrap();

    // Volunteer, the commune known (Rumilly), the first mission, confirmed.
    let mut last = String::new();
    for said in ["2", "1", "1", "1"] {
        let (status, html) = say(&aicha, &page, said).await;
        assert_eq!(status, 200, "after {said}: {html}");
        assert!(html.contains("Vous agissez pour Mme Martin"), "{html}");
        last = html;
    }
    let (after, _) = store.signups(page_of).await.unwrap();
    assert_eq!(after.len(), before.len() + 1, "{last}");
    let signup = after
        .iter()
        .find(|s| s.channel == "mediator")
        .expect("a sign-up made in the console");
    assert_eq!(signup.contact_id, contact, "the resident's sign-up");
    // The confirmation goes to the resident's phone.
    let rows = crate::helpers::outbox_rows(&app, None).await;
    assert!(
        rows.iter()
            .any(|r| r.recipient == ALICE && r.kind == "signup_confirmation"),
        "{rows:?}"
    );
    let audit = store.audit_entries(0, now() + 10).await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "sign_up")
        .expect("the act audited");
    assert_eq!(entry.mandate_id, Some(id));
    assert_eq!(entry.contact_id, Some(contact));
    assert_eq!(
        entry.detail.as_deref(),
        Some(format!("mission {}", signup.mission_id).as_str())
    );
}

//! Reaching the resident from the console: a landline gets "à rappeler" instead of an SMS, a
//! voice message is played through the server (fetched with the provider's credentials), a
//! kiosk request without a number shows the kiosk's commune, and the phone menu's SUIVI reads
//! the status the team set.

use wiremock::matchers::{basic_auth, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::console::{ALICE, app, browser, mediator, now, text_after};
use crate::helpers::spawn_app_with;
use crate::lifecycle::request_by_sms;

#[tokio::test]
async fn a_landline_is_to_be_called_and_a_recording_is_played_through_the_server() {
    let recordings = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2010-04-01/Accounts/AC123/Recordings/RE1"))
        .and(basic_auth("AC123", crate::helpers::TOKEN))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "audio/x-wav")
                .set_body_bytes(b"RIFF....WAVE".to_vec()),
        )
        .mount(&recordings)
        .await;
    let uri = recordings.uri();
    let app = spawn_app_with(move |s| {
        s.outbox_worker = false;
        s.twilio.account_sid = "AC123".into();
        s.twilio.api_base = uri;
    })
    .await;
    // A landline leaves a voice message: a call-back request with its recording.
    let landline = "+33450998877";
    let url = format!(
        "{}/2010-04-01/Accounts/AC123/Recordings/RE1",
        recordings.uri()
    );
    crate::voice::leave_voice_message(&app, landline, &url).await;
    let aicha = mediator(&app, "aicha@mairie-rumilly.fr", "Aïcha", false).await;
    let (_, queue) = aicha.get("/mediation").await;
    assert!(queue.contains("Rappels demandés"), "{queue}");
    let src = text_after(&queue, "<audio controls preload=\"none\" src=\"");
    let src = src.split('"').next().unwrap().to_string();
    assert!(src.starts_with("/mediation/enregistrements/"), "{src}");
    let r = aicha
        .http
        .get(format!("{}{src}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "audio/x-wav");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"RIFF....WAVE");
    let stranger = browser()
        .get(format!("{}{src}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), 303, "only for the signed-in team");

    // The landline's request: help found is told by a call, not an SMS.
    let reference = request_by_sms(&app, landline).await;
    let page = format!("/mediation/demandes/{reference}");
    let (_, html) = aicha.get(&page).await;
    assert!(html.contains("Ce numéro ne reçoit pas de SMS."), "{html}");
    assert!(
        !html.contains("Écrire un SMS"),
        "no SMS form for a landline"
    );
    aicha
        .post(&page, &format!("{page}/etat"), &[("status", "taken")])
        .await;
    let (_, to) = aicha
        .post(
            &page,
            &format!("{page}/etat"),
            &[
                ("status", "matched"),
                ("helper", "Secours populaire"),
                ("helper_kind", "organisation"),
            ],
        )
        .await;
    assert!(to.ends_with("fait=told-call"), "{to}");
    let (_, html) = aicha.get(&page).await;
    assert!(
        html.contains("À rappeler : cette personne ne reçoit pas de SMS."),
        "{html}"
    );
    let (_, queue) = aicha.get("/mediation").await;
    assert!(queue.contains("à rappeler"), "{queue}");
    let rows = crate::helpers::outbox_rows(&app, None).await;
    assert!(
        !rows
            .iter()
            .any(|r| r.recipient == landline && r.kind == "request_status")
    );
}

#[tokio::test]
async fn a_kiosk_request_without_a_number_shows_the_kiosk_and_the_phone_menu_reads_the_status() {
    use crate::kiosk::{Browser, csrf_of};
    let app = app().await;
    let store = app.running.conversations.store.clone();
    let enrolment = passerelle::http::kiosk::create_enrolment(
        store.as_ref(),
        "mairie-rumilly",
        "74010",
        "Hall",
        now(),
    )
    .await
    .unwrap();
    let mut b = Browser::open(&app).await;
    b.get("/kiosk/enrol").await;
    let r = b
        .http
        .post(format!("{}/kiosk/enrol", app.base))
        .form(&[
            ("csrf", csrf_of(&b.page).as_str()),
            ("code", enrolment.code.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    b.get("/kiosk").await;
    for said in [
        "Français",
        "1",
        "1",
        "1",
        "1",
        "Une ampoule à changer",
        "passer",
        "1",
    ] {
        b.say(said).await;
    }
    assert!(b.shows("Votre demande est envoyée."), "{}", b.page);

    let aicha = mediator(&app, "aicha@mairie-rumilly.fr", "Aïcha", false).await;
    let (_, queue) = aicha.get("/mediation").await;
    assert!(queue.contains("Borne de Annecy"), "{queue}");
    let rows = store
        .request_rows(&passerelle::store::requests::RequestQuery::default(), 10)
        .await
        .unwrap();
    let reference = rows[0].request.reference.clone();
    let page = format!("/mediation/demandes/{reference}");
    let (_, html) = aicha.get(&page).await;
    assert!(
        html.contains("Pas de numéro : demande faite à la borne de Annecy."),
        "{html}"
    );
    assert!(!html.contains("href=\"tel:"), "no number to call");

    // By phone, SUIVI reads what the team did.
    let phoned = request_by_sms(&app, ALICE).await;
    let page = format!("/mediation/demandes/{phoned}");
    aicha
        .post(&page, &format!("{page}/etat"), &[("status", "taken")])
        .await;
    let t = crate::voice::start(&app, ALICE).await;
    let t = crate::voice::press(&app, &t, ALICE, "3").await;
    let t = crate::voice::press(&app, &t, ALICE, "1").await;
    assert!(
        t.said()
            .contains("Une personne de la mairie s'occupe de votre demande."),
        "{}",
        t.said()
    );
}

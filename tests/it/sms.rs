//! The SMS channel end to end: signed Twilio webhooks through whole conversations, read
//! back through the JSON API and the database.

use crate::helpers::{Answer, RELAIS_NUMBER, relais, spawn_app, spawn_app_with};

const ALICE: &str = "+33612345678";
const BOB: &str = "+33698765432";

/// Texts a sequence of messages, returning the last reply.
async fn say_all(app: &crate::helpers::TestApp, from: &str, messages: &[&str]) -> String {
    let mut last = String::new();
    for m in messages {
        last = app.sms(from, m).await.message().unwrap_or_default();
    }
    last
}

fn reference_in(text: &str) -> String {
    let i = text.find("Votre code : ").expect("a code in the reply") + "Votre code : ".len();
    text[i..i + 7].replace(' ', "")
}

#[tokio::test]
async fn a_whole_help_request_by_sms_reaches_the_api_and_the_relais() {
    let app = spawn_app().await;
    let first = app.sms(ALICE, "Bonjour").await.message().unwrap();
    assert!(first.contains("ici Mairie de Rumilly"), "{first}");
    assert!(first.contains("15") && first.contains("112") && first.contains("STOP"));
    assert!(first.contains("1 Demander de l'aide"), "{first}");

    let r = app.sms(ALICE, "1").await.message().unwrap();
    assert!(
        r.contains("De quelle aide avez-vous besoin ?") && r.contains("10 Autre"),
        "{r}"
    );
    let r = app
        .sms(ALICE, "les commissions svp")
        .await
        .message()
        .unwrap();
    assert!(r.contains("Dans quelle commune ?"), "{r}");
    let r = app.sms(ALICE, "74150").await.message().unwrap();
    assert!(r.contains("17 communes ont ce code"), "{r}");
    assert!(r.contains("1 Rumilly (74)") && r.contains("SUITE"), "{r}");
    let r = app.sms(ALICE, "1").await.message().unwrap();
    assert!(r.contains("Pour quand ?"), "{r}");
    let r = app.sms(ALICE, "aujourdhui").await.message().unwrap();
    assert!(r.contains("quelques mots"), "{r}");
    let r = app
        .sms(ALICE, "Porter les bouteilles d'eau & le pain <bio>")
        .await
        .message()
        .unwrap();
    assert!(
        r.contains("Courses\nRumilly\nAujourd'hui\nPorter les bouteilles d'eau & le pain...\n"),
        "{r}"
    );
    let done = app.sms(ALICE, "oui").await.message().unwrap();
    assert!(done.contains("Votre demande est envoyée."), "{done}");
    let reference = reference_in(&done);

    let (status, list) = app.api("/api/v1/help-requests").await;
    assert_eq!(status, 200);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let item = &list["items"][0];
    assert_eq!(item["reference"], reference.as_str());
    assert_eq!(item["relais"], "mairie-rumilly");
    assert_eq!(item["category"], "courses");
    assert_eq!(item["commune_insee"], "74225");
    assert_eq!(item["urgency"], "aujourd_hui");
    assert_eq!(
        item["details"],
        "Porter les bouteilles d'eau & le pain <bio>"
    );
    assert_eq!(item["status"], "open");
    assert_eq!(item["channel"], "sms");
    assert!(item["created_at"].as_str().unwrap().starts_with("20"));
    let (status, one) = app.api(&format!("/api/v1/help-requests/{reference}")).await;
    assert_eq!(status, 200);
    assert_eq!(one["reference"], reference.as_str());

    // The relais's help line is told, through the outbox.
    assert_eq!(app.count("outbox").await, 1);
}

#[tokio::test]
async fn a_mission_sign_up_by_sms_names_the_organisation() {
    let app = spawn_app().await;
    say_all(&app, ALICE, &["bonjour"]).await;
    let r = app.sms(ALICE, "2").await.message().unwrap();
    assert!(r.contains("Dans quelle commune habitez-vous ?"), "{r}");
    let r = app.sms(ALICE, "Rumilly").await.message().unwrap();
    assert!(r.contains("missions près de chez vous"), "{r}");
    assert!(
        r.contains("\n1 ") && r.contains("\n2 ") && r.contains("\n3 "),
        "{r}"
    );
    assert!(r.contains("SUITE"), "{r}");
    let more = app.sms(ALICE, "suite").await.message().unwrap();
    assert!(more.contains("\n4 "), "{more}");
    let details = app.sms(ALICE, "1").await.message().unwrap();
    assert!(
        details.contains("Voulez-vous vous inscrire ?") && details.contains("Avec : "),
        "{details}"
    );
    let org = details
        .lines()
        .find_map(|l| l.strip_prefix("Avec : "))
        .unwrap()
        .to_string();
    let signed = app.sms(ALICE, "oui").await.message().unwrap();
    assert!(signed.contains("vous voilà inscrit"), "{signed}");
    assert!(signed.contains("rappel la veille"), "{signed}");
    assert!(signed.contains(&org), "{signed} should name {org}");

    let (status, signups) = app.api("/api/v1/sign-ups").await;
    assert_eq!(status, 200);
    assert_eq!(signups["items"].as_array().unwrap().len(), 1);
    assert_eq!(signups["items"][0]["status"], "en_attente_validation");
    assert_eq!(signups["items"][0]["channel"], "sms");

    // Signing up again for the same mission is refused kindly.
    say_all(&app, ALICE, &["menu"]).await;
    let r = app.sms(ALICE, "2").await.message().unwrap();
    assert!(
        r.contains("déjà une inscription") && r.contains("1 Chercher une mission"),
        "someone signed up may cancel from here: {r}"
    );
    app.sms(ALICE, "1").await;
    let r = app.sms(ALICE, "oui").await.message().unwrap();
    assert!(
        r.contains("missions près de chez vous"),
        "the commune is remembered: {r}"
    );
    app.sms(ALICE, "1").await;
    let again = app.sms(ALICE, "oui").await.message().unwrap();
    assert!(again.contains("déjà une inscription"), "{again}");
}

#[tokio::test]
async fn following_a_request_works_only_from_the_same_number_and_cancels_by_reply() {
    let app = spawn_app().await;
    let done = say_all(
        &app,
        ALICE,
        &[
            "bonjour",
            "1",
            "5",
            "74150",
            "1",
            "cette semaine",
            "non",
            "oui",
        ],
    )
    .await;
    let reference = reference_in(&done);

    let status = app
        .sms(ALICE, &format!("SUIVI {reference}"))
        .await
        .message()
        .unwrap();
    assert!(
        status.contains("Nous cherchons quelqu'un pour vous aider."),
        "{status}"
    );
    assert!(status.contains("Une visite"), "{status}");

    // Someone else guessing the code learns nothing, and is slowed down.
    let other = app
        .sms(BOB, &format!("SUIVI {reference}"))
        .await
        .message()
        .unwrap();
    assert!(
        other.contains("Nous ne trouvons pas de demande avec ce code pour ce numéro."),
        "{other}"
    );
    let wrong = app.sms(BOB, "SUIVI 999999").await.message().unwrap();
    assert!(
        wrong.contains("Nous ne trouvons pas de demande"),
        "same neutral answer: {wrong}"
    );
    for _ in 0..3 {
        app.sms(BOB, "SUIVI 123456").await;
    }
    let slowed = app
        .sms(BOB, &format!("SUIVI {reference}"))
        .await
        .message()
        .unwrap();
    assert!(slowed.contains("Trop d'essais"), "{slowed}");

    // From the menu, the person's own requests; cancel by reply.
    let list = say_all(&app, ALICE, &["menu", "3"]).await;
    assert!(list.contains("Vos demandes"), "{list}");
    let shown = app.sms(ALICE, "1").await.message().unwrap();
    assert!(shown.contains("1 Annuler la demande"), "{shown}");
    let confirm = app.sms(ALICE, "annuler").await.message().unwrap();
    assert!(
        confirm.contains("Voulez-vous vraiment annuler"),
        "{confirm}"
    );
    let cancelled = app.sms(ALICE, "oui").await.message().unwrap();
    assert!(
        cancelled.contains("Votre demande est annulée."),
        "{cancelled}"
    );
    let (_, one) = app.api(&format!("/api/v1/help-requests/{reference}")).await;
    assert_eq!(one["status"], "cancelled");
}

#[tokio::test]
async fn a_retried_webhook_replays_the_same_reply_and_changes_nothing() {
    let app = spawn_app().await;
    app.sms(ALICE, "bonjour").await;
    let params = [
        ("From", ALICE),
        ("To", RELAIS_NUMBER),
        ("Body", "1"),
        ("MessageSid", "SM0000000000000000000000000000abcd"),
    ];
    let first = app.sms_with(&params).await.message().unwrap();
    let messages = app.count("messages").await;
    let again = app.sms_with(&params).await.message().unwrap();
    assert_eq!(first, again);
    assert_eq!(app.count("messages").await, messages);
    // The session did not move twice: "1" now picks the first category.
    let next = app.sms(ALICE, "1").await.message().unwrap();
    assert!(next.contains("Dans quelle commune ?"), "{next}");
}

#[tokio::test]
async fn stop_is_confirmed_once_then_silence_until_start() {
    let app = spawn_app().await;
    app.sms(ALICE, "bonjour").await;
    let stop = app.sms(ALICE, "STOP").await.message().unwrap();
    assert!(stop.contains("vous ne recevrez plus de SMS"), "{stop}");
    assert_eq!(app.sms(ALICE, "1").await.message(), None);
    assert_eq!(app.sms(ALICE, "Arrêt").await.message(), None);
    assert_eq!(
        app.sms(ALICE, "stop merci").await.message(),
        None,
        "still opted out"
    );
    let back = app.sms(ALICE, "START").await.message().unwrap();
    assert!(back.contains("vous recevez de nouveau nos SMS"), "{back}");
    assert!(back.contains("1 Demander de l'aide"), "{back}");
    let r = app.sms(ALICE, "1").await.message().unwrap();
    assert!(r.contains("De quelle aide avez-vous besoin ?"), "{r}");
}

#[tokio::test]
async fn one_resident_keeps_two_conversations_with_two_relais() {
    let app = spawn_app_with(|s| {
        s.relais = vec![
            relais("mairie-rumilly", "Mairie de Rumilly", RELAIS_NUMBER, None),
            relais(
                "france-services-thones",
                "France Services de Thônes",
                "+33757000001",
                None,
            ),
        ]
    })
    .await;
    let a = app.sms(ALICE, "bonjour").await.message().unwrap();
    assert!(a.contains("Mairie de Rumilly"), "{a}");
    app.sms(ALICE, "1").await;
    let sid = app.next_sid();
    let b = app
        .sms_with(&[
            ("From", ALICE),
            ("To", "+33757000001"),
            ("Body", "bonjour"),
            ("MessageSid", &sid),
        ])
        .await
        .message()
        .unwrap();
    assert!(b.contains("France Services de Thônes"), "{b}");
    assert!(b.contains("1 Demander de l'aide"), "{b}");
    // Back with the first relais, the conversation goes on where it was.
    let a2 = app.sms(ALICE, "jardin").await.message().unwrap();
    assert!(a2.contains("Dans quelle commune ?"), "{a2}");
    assert_eq!(app.count("sessions").await, 2);
}

#[tokio::test]
async fn a_bad_or_missing_signature_gets_403_and_stores_nothing() {
    let app = spawn_app().await;
    let pairs: Vec<(String, String)> = [
        ("From", ALICE),
        ("To", RELAIS_NUMBER),
        ("Body", "1"),
        ("MessageSid", "SM1"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let wrong = app
        .post_signed(
            "/webhooks/twilio/sms",
            &pairs,
            Some("AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
        )
        .await;
    assert_eq!(wrong.status, 403);
    let url = format!("{}/webhooks/twilio/sms", app.base);
    let missing = app.http.post(&url).form(&pairs).send().await.unwrap();
    assert_eq!(missing.status().as_u16(), 403);
    let mut tampered = pairs.clone();
    let sig = passerelle::http::signature::compute(crate::helpers::TOKEN, &url, &pairs);
    tampered[2].1 = "2".into();
    let t = app
        .post_signed("/webhooks/twilio/sms", &tampered, Some(&sig))
        .await;
    assert_eq!(t.status, 403);
    assert_eq!(app.count("messages").await, 0);
    assert_eq!(app.count("contacts").await, 0);
}

#[tokio::test]
async fn bad_input_gets_a_kind_answer_never_a_500() {
    let app = spawn_app().await;
    app.sms(ALICE, "bonjour").await;
    let empty = app.sms(ALICE, "").await.message().unwrap();
    assert!(empty.contains("Votre message est vide"), "{empty}");
    assert!(
        empty.contains("1 Demander de l'aide"),
        "the question comes again: {empty}"
    );
    let long = "a".repeat(1700);
    let r = app.sms(ALICE, &long).await.message().unwrap();
    assert!(r.contains("très long"), "{r}");
    let emoji = app.sms(ALICE, "👍🙂").await.message().unwrap();
    assert!(emoji.contains("Je n'ai pas compris"), "{emoji}");
    let sid = app.next_sid();
    let mms = app
        .sms_with(&[
            ("From", ALICE),
            ("To", RELAIS_NUMBER),
            ("Body", ""),
            ("NumMedia", "1"),
            ("MessageSid", &sid),
        ])
        .await
        .message()
        .unwrap();
    assert!(mms.contains("Nous ne pouvons pas lire les photos"), "{mms}");
    let odd: Answer = app.sms("ORANGE INFO", "Votre forfait").await;
    assert_eq!(odd.status, 200);
    assert_eq!(odd.message(), None);
    let national = app
        .sms("06 11 22 33 44", "bonjour")
        .await
        .message()
        .unwrap();
    assert!(national.contains("Mairie de Rumilly"), "{national}");
}

#[tokio::test]
async fn an_emergency_word_is_answered_at_once_whatever_the_step() {
    let app = spawn_app().await;
    say_all(&app, ALICE, &["bonjour", "1"]).await;
    let r = app
        .sms(ALICE, "je suis tombée au secours")
        .await
        .message()
        .unwrap();
    assert!(
        r.contains("15") && r.contains("112") && r.contains("114"),
        "{r}"
    );
    let next = app.sms(ALICE, "courses").await.message().unwrap();
    assert!(
        next.contains("Dans quelle commune ?"),
        "the flow goes on: {next}"
    );
}

#[tokio::test]
async fn two_messages_at_once_from_one_person_are_both_answered() {
    let app = spawn_app().await;
    app.sms(ALICE, "bonjour").await;
    let (a, b) = tokio::join!(app.sms(ALICE, "1"), app.sms(ALICE, "courses"));
    assert_eq!(a.status, 200);
    assert_eq!(b.status, 200);
    assert!(a.message().is_some() && b.message().is_some());
    assert_eq!(app.count("messages").await, 3);
}

#[tokio::test]
async fn health_answers_and_the_server_refuses_a_public_address_without_a_token() {
    let app = spawn_app().await;
    let h = app
        .http
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(h.status().as_u16(), 200);

    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("serve")
        .current_dir(dir.path())
        .env("PASSERELLE_BIND", "0.0.0.0:0")
        .env_remove("TWILIO_AUTH_TOKEN")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("TWILIO_AUTH_TOKEN"), "{err}");
}

/// A NUL character inside a message (no phone sends one, a forged request may) is dropped:
/// the message is answered and stored on either backend, never refused with a 503 that the
/// provider would retry for ever.
#[tokio::test]
async fn a_nul_character_in_a_message_is_dropped_not_a_failure() {
    let app = spawn_app().await;
    let answer = app.sms("+33612345678", "ai\u{0}de").await;
    let text = answer.message().expect("an answer");
    assert!(text.contains("De quelle aide"), "{text}");
    assert_eq!(app.count("messages").await, 1);
}

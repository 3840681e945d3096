//! The sign-up lifecycle through the conversation service and the worker's steps, with a
//! clock of the test's own (time travel): a sign-up at 23:00 is confirmed at 08:00 and
//! reminded the day before at 10:00; ANNULER withdraws what was not sent and tells the
//! organisation; a full mission says so; the organisation's answer reaches the volunteer.
//! Messages leave through a stand-in Twilio and a mailer that keeps what it is given.

use std::sync::{Arc, Mutex};

use passerelle::conversation::{Channel, Inbound, Said, Who};
use passerelle::domain::PhoneNumber;
use passerelle::engine::Output;
use passerelle::providers::{Email, Mailer, ProviderError};
use passerelle::store::{NewMission, StoredRelais};

use crate::helpers::{
    RELAIS_NUMBER, TestApp, outbox_rows, paris, sent_forms, spawn_app_with, twilio_accepting,
    twilio_of,
};

pub(crate) const ALICE: &str = "+33612345678";
const BOB: &str = "+33698765432";
const ORG_PHONE: &str = "+33611112222";

/// Keeps the e-mails it is asked to send.
#[derive(Default)]
pub(crate) struct Mails(Mutex<Vec<(String, String, String)>>);

#[async_trait::async_trait]
impl Mailer for Mails {
    async fn send(&self, e: &Email<'_>) -> Result<String, ProviderError> {
        let mut m = self.0.lock().unwrap();
        m.push((e.to.into(), e.subject.into(), e.body.into()));
        Ok(format!("mail-{}", m.len()))
    }
}

pub(crate) struct Setup {
    pub app: TestApp,
    pub twilio: wiremock::MockServer,
    pub mails: Arc<Mails>,
}

/// An app with one mission in Rumilly on 3 December 2026 at 09:00, and the default quiet
/// hours (21:00-08:00).
pub(crate) async fn setup(places: i64, email: Option<&str>, phone: Option<&str>) -> Setup {
    let app = spawn_app_with(|s| {
        s.outbox_worker = false;
        s.demo_missions = false;
        s.quiet_hours = Default::default();
    })
    .await;
    app.running
        .conversations
        .store
        .upsert_mission(
            &NewMission {
                source: "local".into(),
                external_id: "m1".into(),
                title: "Distribuer des repas".into(),
                description: "Servir le repas du midi.".into(),
                organization: "Restos du coeur de Rumilly".into(),
                domain: "solidarite-insertion".into(),
                commune_insee: "74225".into(),
                address: "12 rue de la Gare".into(),
                start_at: Some("2026-12-03T09:00".into()),
                end_at: Some("2026-12-03T12:00".into()),
                places_left: places,
                organization_phone: phone.map(str::to_string),
                organization_email: email.map(str::to_string),
            },
            0,
        )
        .await
        .unwrap();
    Setup {
        twilio: twilio_accepting().await,
        mails: Arc::new(Mails::default()),
        app,
    }
}

impl Setup {
    /// One message from a phone, at a time of the test's choosing.
    pub(crate) async fn text(&self, from: &str, body: &str, at: i64) -> String {
        let n = self.app.next_sid();
        let inbound = Inbound {
            provider_id: Some(n),
            ..Inbound::text(
                PhoneNumber::parse(from).unwrap(),
                PhoneNumber::parse(RELAIS_NUMBER).ok(),
                Channel::Sms,
                body,
                at,
            )
        };
        let reply = self.app.running.conversations.handle(&inbound).await;
        reply.unwrap().text.unwrap_or_default()
    }

    /// Signs up for the mission, starting at `at`; returns the last reply.
    pub(crate) async fn sign_up(&self, from: &str, at: i64) -> String {
        let mut last = String::new();
        for (i, m) in ["bonjour", "2", "Rumilly", "1", "oui"].iter().enumerate() {
            last = self.text(from, m, at + 10 * i as i64).await;
        }
        last
    }

    pub(crate) fn worker(&self, id: &str) -> passerelle::worker::Worker {
        passerelle::worker::Worker::unstoppable(
            id,
            self.app.running.conversations.clone(),
            Arc::new(twilio_of(&self.app, &self.twilio)),
            self.mails.clone(),
            passerelle::app::worker_config(&self.app.settings),
        )
    }

    /// Bodies sent by SMS to a number, in order.
    pub(crate) async fn texts_to(&self, to: &str) -> Vec<String> {
        sent_forms(&self.twilio)
            .await
            .into_iter()
            .filter(|f| f["To"] == to)
            .map(|f| f["Body"].clone())
            .collect()
    }

    async fn places_left(&self) -> i64 {
        let (_, page) = self.app.api("/api/v1/missions").await;
        page["items"][0]["places_left"].as_i64().unwrap()
    }

    async fn statuses(&self) -> Vec<String> {
        let (_, page) = self.app.api("/api/v1/sign-ups").await;
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["status"].as_str().unwrap().to_string())
            .collect()
    }
}

#[tokio::test]
async fn a_sign_up_at_23h_is_confirmed_at_8h_and_reminded_the_day_before_at_10h() {
    let s = setup(3, Some("benevolat@restos-rumilly.example"), None).await;
    let signed = s.sign_up(ALICE, paris("2026-12-01T23:00")).await;
    assert!(
        signed.contains("vous voilà inscrit") && signed.contains("rappel la veille"),
        "{signed}"
    );
    let w = s.worker("w1");
    // At night: the organisation's e-mail goes, the volunteer's SMS waits for the morning.
    w.outbox_step(paris("2026-12-01T23:01")).await.unwrap();
    let mails = s.mails.0.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    let (to, subject, body) = &mails[0];
    assert_eq!(to, "benevolat@restos-rumilly.example");
    assert_eq!(subject, "Nouvelle inscription : Distribuer des repas");
    for needed in [
        "Bénévole : 06 12 34 56 78",
        "jeudi 3 décembre à 9 h 00",
        "prévenez Mairie de Rumilly",
        "Téléphone de Mairie de Rumilly : 04 50 01 02 03",
        "Le bénévole recevra votre réponse par SMS.",
    ] {
        assert!(body.contains(needed), "{needed} in:\n{body}");
    }
    assert!(s.texts_to(ALICE).await.is_empty());
    w.outbox_step(paris("2026-12-02T07:59")).await.unwrap();
    assert!(s.texts_to(ALICE).await.is_empty());
    w.outbox_step(paris("2026-12-02T08:00")).await.unwrap();
    let texts = s.texts_to(ALICE).await;
    assert_eq!(texts.len(), 1);
    let confirmation = &texts[0];
    for needed in [
        "Votre inscription est notée : Distribuer des repas.",
        "Quand : jeudi 3 décembre à 9 h 00.",
        "Où : 12 rue de la Gare, Rumilly.",
        "Avec : Restos du coeur de Rumilly.",
        "Pour annuler, répondez ANNULER.",
    ] {
        assert!(
            confirmation.contains(needed),
            "{needed} in:\n{confirmation}"
        );
    }
    let seg = passerelle::domain::text::segments(confirmation);
    assert!(seg.segments <= 2, "{seg:?}");
    // The reminder: not at 09:59, at 10:00, once.
    assert_eq!(
        w.scheduler_step(paris("2026-12-02T09:59")).await.unwrap(),
        0
    );
    assert_eq!(
        w.scheduler_step(paris("2026-12-02T10:00")).await.unwrap(),
        1
    );
    w.outbox_step(paris("2026-12-02T10:00")).await.unwrap();
    assert_eq!(
        w.scheduler_step(paris("2026-12-02T10:01")).await.unwrap(),
        0
    );
    w.outbox_step(paris("2026-12-02T10:05")).await.unwrap();
    let texts = s.texts_to(ALICE).await;
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        texts[1].starts_with("Rappel : demain, Distribuer des repas.")
            && texts[1].contains("Si vous ne pouvez pas venir, répondez ANNULER."),
        "{}",
        texts[1]
    );
}

#[tokio::test]
async fn annuler_at_night_withdraws_the_confirmation_and_the_reminder() {
    let s = setup(3, None, Some(ORG_PHONE)).await;
    s.sign_up(ALICE, paris("2026-12-01T23:00")).await;
    let ask = s.text(ALICE, "ANNULER", paris("2026-12-01T23:30")).await;
    assert!(
        ask.contains("Voulez-vous annuler votre inscription ?")
            && ask.contains("Distribuer des repas, jeudi 3 décembre."),
        "{ask}"
    );
    let done = s.text(ALICE, "oui", paris("2026-12-01T23:31")).await;
    assert!(
        done.contains("votre inscription est annulée")
            && done.contains("Nous prévenons Restos du coeur de Rumilly."),
        "{done}"
    );
    assert_eq!(s.statuses().await, ["annulee"]);
    assert_eq!(s.places_left().await, 3, "the place is given back");
    let w = s.worker("w1");
    for t in [
        "2026-12-01T23:32",
        "2026-12-02T08:00",
        "2026-12-02T10:00",
        "2026-12-02T12:00",
    ] {
        w.scheduler_step(paris(t)).await.unwrap();
        w.outbox_step(paris(t)).await.unwrap();
    }
    assert!(s.texts_to(ALICE).await.is_empty(), "nothing after ANNULER");
    // The organisation heard of both, in the morning.
    let org = s.texts_to(ORG_PHONE).await;
    assert_eq!(org.len(), 2, "{org:?}");
    assert!(org[0].contains("Nouvelle inscription par Mairie de Rumilly : Distribuer des repas"));
    assert!(org[0].contains("Bénévole : 06 12 34 56 78"));
    assert!(org[1].starts_with("Inscription annulée par le bénévole : Distribuer des repas"));
}

#[tokio::test]
async fn a_full_mission_takes_no_more_sign_ups_and_says_so() {
    let s = setup(1, None, None).await;
    let t = paris("2026-12-01T15:00");
    s.sign_up(ALICE, t).await;
    assert_eq!(s.places_left().await, 0);
    // Bob already sees it in a list, then it fills up.
    s.text(BOB, "bonjour", t).await;
    s.text(BOB, "2", t + 1).await;
    let none = s.text(BOB, "Rumilly", t + 2).await;
    assert!(none.contains("pas de mission près de chez vous"), "{none}");
    // Alice cancels from the volunteering menu: the place is Bob's.
    s.text(ALICE, "menu", t + 100).await;
    let manage = s.text(ALICE, "2", t + 101).await;
    assert!(manage.contains("2 Annuler une inscription"), "{manage}");
    s.text(ALICE, "2", t + 102).await;
    s.text(ALICE, "oui", t + 103).await;
    assert_eq!(s.places_left().await, 1);
    let bob = s.sign_up(BOB, t + 200).await;
    assert!(bob.contains("vous voilà inscrit"), "{bob}");
    // A second person on the same, now full, mission is told so.
    let c = "+33677777777";
    for (i, m) in ["bonjour", "2", "Rumilly"].iter().enumerate() {
        s.text(c, m, t + 300 + i as i64).await;
    }
    assert_eq!(s.places_left().await, 0);
}

#[tokio::test]
async fn a_mission_that_fills_while_someone_reads_it_says_so() {
    let s = setup(1, None, None).await;
    let t = paris("2026-12-01T15:00");
    for (i, m) in ["bonjour", "2", "Rumilly", "1"].iter().enumerate() {
        s.text(BOB, m, t + i as i64).await;
    }
    s.sign_up(ALICE, t + 10).await;
    let full = s.text(BOB, "oui", t + 100).await;
    assert!(full.contains("Cette mission est complète"), "{full}");
    assert_eq!(s.statuses().await, ["en_attente_validation"]);
}

#[tokio::test]
async fn the_organisations_answer_reaches_the_volunteer() {
    let s = setup(3, None, Some(ORG_PHONE)).await;
    // The relais as the command line reads it (from the database).
    s.app
        .running
        .conversations
        .store
        .save_relais(
            &StoredRelais {
                id: "mairie-rumilly".into(),
                name: "Mairie de Rumilly".into(),
                numbers: vec![RELAIS_NUMBER.into()],
                communes: vec!["74225".into()],
                help_line: Some("+33450010203".into()),
                opening_hours: String::new(),
                quiet_hours: "none".into(),
            },
            0,
        )
        .await
        .unwrap();
    let now = jiff::Timestamp::now().as_second();
    s.sign_up(ALICE, now - 100).await;
    s.sign_up(BOB, now - 50).await;
    let cli = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args(args)
            .env("DATABASE_URL", &s.app.settings.database_url)
            .output()
            .unwrap()
    };
    let list = cli(&["signups", "list", "--status", "en_attente_validation"]);
    let listed = String::from_utf8_lossy(&list.stdout).to_string();
    assert!(list.status.success(), "{list:?}");
    assert!(
        listed.contains("2 sign-up(s)") && listed.contains("06 12 34 56 78"),
        "{listed}"
    );
    let id_of = |phone: &str| -> String {
        listed
            .lines()
            .find(|l| l.contains(phone))
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    };
    let (alice, bob) = (id_of("06 12 34 56 78"), id_of("06 98 76 54 32"));
    assert!(cli(&["signups", "validate", &alice]).status.success());
    assert!(
        cli(&["signups", "refuse", &bob, "--note", "complet"])
            .status
            .success()
    );
    let again = cli(&["signups", "refuse", &alice]);
    assert!(
        !again.status.success(),
        "a validated sign-up is not refused"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("cannot go from validee to refusee"));
    assert!(!cli(&["signups", "validate", "9999"]).status.success());
    assert_eq!(s.places_left().await, 2, "Bob's place is free again");
    // The answers go at once whatever the hour this test runs at.
    let w = passerelle::worker::Worker::unstoppable(
        "w1",
        s.app.running.conversations.clone(),
        Arc::new(twilio_of(&s.app, &s.twilio)),
        s.mails.clone(),
        passerelle::worker::Config::new(200, passerelle::domain::QuietHours::NONE),
    );
    w.outbox_step(jiff::Timestamp::now().as_second() + 1)
        .await
        .unwrap();
    let to_alice = s.texts_to(ALICE).await;
    assert!(
        to_alice.iter().any(|t| t
            .starts_with("Bonne nouvelle : Restos du coeur de Rumilly accepte votre inscription.")),
        "{to_alice:?}"
    );
    let to_bob = s.texts_to(BOB).await;
    assert!(
        to_bob
            .iter()
            .any(|t| t.contains("ne peut pas vous accueillir pour : Distribuer des repas.")),
        "{to_bob:?}"
    );
}

#[tokio::test]
async fn a_landline_volunteer_is_promised_no_sms_and_gets_none() {
    let s = setup(3, None, None).await;
    let landline = PhoneNumber::parse("+33450998877").unwrap();
    let t = paris("2026-12-01T15:00");
    let mut last = None;
    for (i, said) in ["", "2", "Rumilly", "oui", "1", "1"].iter().enumerate() {
        let inbound = Inbound {
            said: if said.is_empty() {
                Said::Open
            } else {
                Said::Text(said.to_string())
            },
            ..Inbound::text(landline.clone(), None, Channel::Voice, said, t + i as i64)
        };
        last = Some(s.app.running.conversations.handle(&inbound).await.unwrap());
    }
    let said: Vec<String> = last
        .unwrap()
        .outputs
        .iter()
        .filter_map(|o| match o {
            Output::Say(t) => Some(t.msg.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(said, ["mission-signed-no-sms"]);
    // The team is told (the mission has no contact); the landline gets nothing.
    let rows = outbox_rows(&s.app, None).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].kind.as_str(), rows[0].recipient.as_str()),
        ("signup", "+33450010203")
    );
    assert_eq!(s.app.count("jobs").await, 0, "no reminder for a landline");
}

#[tokio::test]
async fn at_the_kiosk_the_number_typed_gets_the_confirmation_in_the_visits_language() {
    let s = setup(3, None, None).await;
    let t = paris("2026-12-01T15:00");
    let mut reply = None;
    for (i, said) in ["", "English", "2", "yes", "1", "yes", "06 98 76 54 32"]
        .iter()
        .enumerate()
    {
        let inbound = Inbound {
            provider_id: None,
            who: Who::Kiosk("visit-1".into()),
            to: None,
            relais: Some("mairie-rumilly".into()),
            channel: Channel::Kiosk,
            said: if said.is_empty() {
                Said::Open
            } else {
                Said::Text(said.to_string())
            },
            media_only: false,
            default_commune: Some("74225".into()),
            kiosk: Some("k1".into()),
            now: t + i as i64,
        };
        reply = Some(s.app.running.conversations.handle(&inbound).await.unwrap());
    }
    let outputs = format!("{:?}", reply.unwrap().outputs);
    assert!(outputs.contains("mission-signed"), "{outputs}");
    let w = s.worker("w1");
    w.outbox_step(t + 60).await.unwrap();
    let to_bob = s.texts_to(BOB).await;
    assert_eq!(to_bob.len(), 1, "{to_bob:?}");
    assert!(
        to_bob[0].starts_with("Your sign-up is noted: Distribuer des repas."),
        "{to_bob:?}"
    );
}

#[tokio::test]
async fn a_volunteer_signs_up_and_cancels_by_phone_with_keys() {
    use crate::voice::{press, say, start};
    let s = setup(3, None, None).await;
    let t = start(&s.app, ALICE).await;
    let t = press(&s.app, &t, ALICE, "2").await;
    let t = say(&s.app, &t, ALICE, "Rumilly").await;
    let t = say(&s.app, &t, ALICE, "oui").await;
    let t = press(&s.app, &t, ALICE, "1").await;
    let t = press(&s.app, &t, ALICE, "1").await;
    assert!(
        t.said().contains("vous voilà inscrit") && t.said().contains("un SMS avec les détails"),
        "{}",
        t.said()
    );
    // Called again: the volunteering menu offers to cancel.
    let t = start(&s.app, ALICE).await;
    let t = press(&s.app, &t, ALICE, "2").await;
    assert!(
        t.said().contains("Annuler une inscription, tapez 2"),
        "{}",
        t.said()
    );
    let t = press(&s.app, &t, ALICE, "2").await;
    assert!(
        t.said().contains("Voulez-vous annuler votre inscription ?"),
        "{}",
        t.said()
    );
    let t = press(&s.app, &t, ALICE, "1").await;
    assert!(
        t.said().contains("votre inscription est annulée"),
        "{}",
        t.said()
    );
    assert_eq!(s.statuses().await, ["annulee"]);
}

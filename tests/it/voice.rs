//! The voice channel as Twilio drives it: signed call webhooks, TwiML parsed and checked
//! (only TwiML verbs and attributes), each `<Gather action>` followed with `Digits` or
//! `SpeechResult`, through whole conversations.

use std::collections::BTreeMap;

use crate::helpers::{RELAIS_NUMBER, TestApp, spawn_app, spawn_app_with};

const CALLER: &str = "+33612345678";

/// One TwiML element.
#[derive(Debug, Clone)]
pub(crate) struct El {
    name: String,
    pub(crate) attrs: BTreeMap<String, String>,
    text: String,
    children: Vec<El>,
}

const VERBS: &[(&str, &[&str])] = &[
    ("Response", &[]),
    ("Say", &["voice", "language", "loop"]),
    (
        "Gather",
        &[
            "action",
            "method",
            "input",
            "language",
            "timeout",
            "speechTimeout",
            "numDigits",
            "finishOnKey",
            "actionOnEmptyResult",
            "hints",
            "bargeIn",
        ],
    ),
    (
        "Record",
        &[
            "action",
            "method",
            "maxLength",
            "timeout",
            "finishOnKey",
            "playBeep",
            "trim",
        ],
    ),
    ("Dial", &["action", "method", "timeout", "callerId"]),
    ("Redirect", &["method"]),
    ("Hangup", &[]),
    ("Pause", &["length"]),
];

fn parse(xml: &str) -> El {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<El> = Vec::new();
    let mut root = None;
    let open = |e: &quick_xml::events::BytesStart| -> El {
        let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
        let allowed = VERBS
            .iter()
            .find(|(v, _)| *v == name)
            .unwrap_or_else(|| panic!("<{name}> is not a TwiML verb we allow"));
        let mut attrs = BTreeMap::new();
        for a in e.attributes() {
            let a = a.unwrap();
            let k = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
            assert!(
                allowed.1.contains(&k.as_str()),
                "<{name} {k}> is not a TwiML attribute"
            );
            attrs.insert(k, a.unescape_value().unwrap().to_string());
        }
        El {
            name,
            attrs,
            text: String::new(),
            children: Vec::new(),
        }
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(open(&e)),
            Event::Empty(e) => {
                let el = open(&e);
                match stack.last_mut() {
                    Some(p) => p.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                match stack.last_mut() {
                    Some(p) => p.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.decode().unwrap());
                }
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8(r.to_vec()).unwrap();
                let c = match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("entity {other:?}"),
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let root = root.expect("a root element");
    assert_eq!(root.name, "Response");
    root
}

/// A call as Twilio would see it.
pub(crate) struct Turn {
    root: El,
}

impl Turn {
    fn all(&self) -> Vec<&El> {
        fn walk<'a>(e: &'a El, out: &mut Vec<&'a El>) {
            out.push(e);
            for c in &e.children {
                walk(c, out);
            }
        }
        let mut v = Vec::new();
        walk(&self.root, &mut v);
        v
    }
    /// Everything said, in order.
    pub(crate) fn said(&self) -> String {
        self.all()
            .iter()
            .filter(|e| e.name == "Say")
            .map(|e| e.text.clone())
            .collect::<Vec<_>>()
            .join(" | ")
    }
    fn first(&self, name: &str) -> Option<&El> {
        self.all().into_iter().find(|e| e.name == name)
    }
    pub(crate) fn gather(&self) -> &El {
        self.first("Gather")
            .unwrap_or_else(|| panic!("no <Gather> in {:?}", self.said()))
    }
}

pub(crate) async fn post(app: &TestApp, path: &str, params: &[(&str, &str)]) -> Turn {
    let mut all: Vec<(String, String)> = [
        ("AccountSid", "AC00000000000000000000000000000001"),
        ("CallSid", "CA00000000000000000000000000000001"),
        ("CallStatus", "in-progress"),
        ("Direction", "inbound"),
        ("To", RELAIS_NUMBER),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in params {
        all.retain(|(x, _)| x != k);
        all.push((k.to_string(), v.to_string()));
    }
    let a = app.post_signed(path, &all, None).await;
    assert_eq!(a.status, 200, "{path}: {}", a.body);
    assert!(a.content_type.starts_with("text/xml"), "{}", a.content_type);
    Turn {
        root: parse(&a.body),
    }
}

pub(crate) async fn start(app: &TestApp, from: &str) -> Turn {
    post(app, "/webhooks/twilio/voice", &[("From", from)]).await
}

/// Follows the current `<Gather>` with keys.
pub(crate) async fn press(app: &TestApp, t: &Turn, from: &str, digits: &str) -> Turn {
    let action = t.gather().attrs["action"].clone();
    post(app, &action, &[("From", from), ("Digits", digits)]).await
}

pub(crate) async fn say(app: &TestApp, t: &Turn, from: &str, speech: &str) -> Turn {
    let action = t.gather().attrs["action"].clone();
    post(
        app,
        &action,
        &[
            ("From", from),
            ("SpeechResult", speech),
            ("Confidence", "0.9"),
        ],
    )
    .await
}

pub(crate) async fn silence(app: &TestApp, t: &Turn, from: &str) -> Turn {
    let action = t.gather().attrs["action"].clone();
    post(app, &action, &[("From", from), ("Digits", "")]).await
}

fn check_gather(g: &El) {
    assert_eq!(g.attrs["input"], "dtmf speech");
    assert_eq!(g.attrs["actionOnEmptyResult"], "true");
    assert!(g.attrs["timeout"].parse::<u32>().unwrap() >= 7);
    assert!(
        g.attrs["language"] == "fr-FR"
            || g.attrs["language"] == "en-GB"
            || g.attrs["language"] == "ar-SA"
    );
}

#[tokio::test]
async fn a_whole_help_request_by_phone() {
    let app = spawn_app().await;
    let t = start(&app, CALLER).await;
    let said = t.said();
    assert!(said.contains("Ce n'est pas une ligne d'urgence"), "{said}");
    assert!(said.contains("15 ou le 112"), "{said}");
    assert!(said.contains("Il y a 4 choix."), "{said}");
    assert!(said.contains("Pour Demander de l'aide, tapez 1."), "{said}");
    assert!(
        said.contains("Pour réécouter, tapez étoile.") && said.contains("tapez 0"),
        "{said}"
    );
    let g = t.gather();
    check_gather(g);
    assert_eq!(g.attrs["numDigits"], "1");
    assert!(g.attrs["hints"].contains("Demander de l'aide"));
    let say_el = t.first("Say").unwrap();
    assert_eq!(say_el.attrs["voice"], "Polly.Lea");
    assert_eq!(say_el.attrs["language"], "fr-FR");

    // 10 categories: pages of 3 with "autres choix" as the 4th.
    let t = press(&app, &t, CALLER, "1").await;
    assert!(
        t.said().contains("Il y a 4 choix.")
            && t.said().contains("Pour les autres choix, tapez 4."),
        "{}",
        t.said()
    );
    let t = press(&app, &t, CALLER, "4").await;
    assert!(t.said().contains("Pour Jardin, tapez 1."), "{}", t.said());
    let t = press(&app, &t, CALLER, "2").await;
    assert!(
        t.said().contains("Tapez le code postal à 5 chiffres"),
        "{}",
        t.said()
    );
    assert_eq!(t.gather().attrs["numDigits"], "5");

    let t = press(&app, &t, CALLER, "74150").await;
    assert!(
        t.said().contains("17 communes ont ce code."),
        "{}",
        t.said()
    );
    let t = press(&app, &t, CALLER, "1").await;
    assert!(
        t.said().contains("Rumilly, 74 150. C'est bien cela ?"),
        "read back in pairs: {}",
        t.said()
    );
    let t = press(&app, &t, CALLER, "1").await;
    assert!(t.said().contains("Pour quand ?"), "{}", t.said());
    let t = press(&app, &t, CALLER, "2").await;
    assert!(t.said().contains("Après le bip"), "{}", t.said());
    let rec = t.first("Record").expect("a recording for the few words");
    assert_eq!(rec.attrs["maxLength"], "120");
    let t = post(
        &app,
        &rec.attrs["action"].clone(),
        &[
            ("From", CALLER),
            ("RecordingUrl", "https://api.twilio.com/rec/RE1"),
            ("RecordingDuration", "7"),
        ],
    )
    .await;
    assert!(
        t.said().contains("Votre demande :") && t.said().contains("Message vocal"),
        "{}",
        t.said()
    );
    let t = press(&app, &t, CALLER, "1").await;
    let said = t.said();
    assert!(said.contains("Votre demande est envoyée."), "{said}");
    let spelled: Vec<&str> = said.match_indices(", ").map(|_| "").collect();
    assert!(
        spelled.len() >= 10,
        "the code is said twice, digit by digit: {said}"
    );
    assert!(said.contains("Je répète"), "{said}");
    assert!(
        said.contains("Que voulez-vous faire ?"),
        "never a dead end: back to the menu: {said}"
    );
    t.gather();

    let (_, list) = app.api("/api/v1/help-requests").await;
    let item = &list["items"][0];
    assert_eq!(item["channel"], "voice");
    assert_eq!(item["category"], "visite");
    assert_eq!(item["commune_insee"], "74225");
    assert_eq!(item["urgency"], "cette_semaine");
    assert_eq!(item["recording_url"], "https://api.twilio.com/rec/RE1");
    // The code is sent by SMS to the caller, the relais is told: 2 messages queued.
    assert_eq!(app.count("outbox").await, 2);
}

#[tokio::test]
async fn a_whole_mission_sign_up_by_phone_with_speech() {
    let app = spawn_app().await;
    let t = start(&app, CALLER).await;
    let t = say(&app, &t, CALLER, "bénévole").await;
    assert!(
        t.said().contains("Dans quelle commune habitez-vous ?"),
        "{}",
        t.said()
    );
    let t = say(&app, &t, CALLER, "Rumilly").await;
    assert!(
        t.said().contains("Rumilly, 74 150. C'est bien cela ?"),
        "{}",
        t.said()
    );
    let t = say(&app, &t, CALLER, "oui").await;
    let said = t.said();
    assert!(said.contains("missions près de chez vous"), "{said}");
    assert!(
        said.contains("Pour les autres choix, tapez 4."),
        "a list that goes on: {said}"
    );
    let t = press(&app, &t, CALLER, "4").await;
    assert!(t.said().contains("tapez 1"), "{}", t.said());
    let t = press(&app, &t, CALLER, "1").await;
    assert!(
        t.said().contains("Voulez-vous vous inscrire ?"),
        "{}",
        t.said()
    );
    let t = press(&app, &t, CALLER, "1").await;
    assert!(t.said().contains("vous voilà inscrit"), "{}", t.said());
    let (_, signups) = app.api("/api/v1/sign-ups").await;
    assert_eq!(signups["items"].as_array().unwrap().len(), 1);
    assert_eq!(signups["items"][0]["channel"], "voice");
}

#[tokio::test]
async fn silence_then_wrong_keys_reach_a_person_on_the_third_miss() {
    let app = spawn_app().await;
    let t = start(&app, CALLER).await;
    let t = silence(&app, &t, CALLER).await;
    assert!(t.said().contains("Je n'ai rien entendu."), "{}", t.said());
    assert!(
        t.said().contains("Il y a 4 choix."),
        "the menu again: {}",
        t.said()
    );
    let t = press(&app, &t, CALLER, "9").await;
    assert!(t.said().contains("Je n'ai pas compris."), "{}", t.said());
    let gathers = t.all().iter().filter(|e| e.name == "Gather").count();
    assert_eq!(gathers, 4, "second miss: the choices one at a time");
    assert!(
        t.first("Redirect").is_some(),
        "after the last one, the call goes on"
    );
    let t = press(&app, &t, CALLER, "7").await;
    let dial = t
        .first("Dial")
        .unwrap_or_else(|| panic!("a person: {}", t.said()));
    assert_eq!(dial.text, "+33450010203");
    assert!(
        t.said().contains("Je vous passe une personne"),
        "{}",
        t.said()
    );
}

#[tokio::test]
async fn out_of_hours_a_message_becomes_a_call_back_request_confirmed_by_sms() {
    let app = spawn_app_with(|s| {
        s.relais[0].opening_hours = passerelle::domain::hours::Schedule::default();
    })
    .await;
    let t = start(&app, CALLER).await;
    let t = press(&app, &t, CALLER, "0").await;
    assert!(t.first("Dial").is_none());
    let rec = t.first("Record").expect("a message can be left");
    assert!(
        t.said()
            .contains("Personne ne peut vous répondre maintenant."),
        "{}",
        t.said()
    );
    assert!(
        t.first("Redirect").is_some(),
        "an empty message does not hang up"
    );
    let t = post(
        &app,
        &rec.attrs["action"].clone(),
        &[
            ("From", CALLER),
            ("RecordingUrl", "https://api.twilio.com/rec/RE9"),
        ],
    )
    .await;
    assert!(
        t.said().contains("votre message est enregistré"),
        "{}",
        t.said()
    );
    assert!(t.first("Hangup").is_some());
    assert_eq!(app.count("callback_requests").await, 1);
    // The relais is told and the caller gets an SMS.
    assert_eq!(app.count("outbox").await, 2);
}

#[tokio::test]
async fn zero_alone_reaches_a_person_but_a_postal_code_starting_with_zero_does_not() {
    let app = spawn_app().await;
    let t = start(&app, CALLER).await;
    let t = press(&app, &t, CALLER, "1").await;
    let t = press(&app, &t, CALLER, "1").await;
    assert_eq!(t.gather().attrs["numDigits"], "5");
    let t2 = press(&app, &t, CALLER, "01400").await;
    assert!(t2.first("Dial").is_none());
    assert!(t2.said().contains("communes ont ce code"), "{}", t2.said());
    let t3 = press(&app, &t, CALLER, "0").await;
    assert!(t3.first("Dial").is_some(), "{}", t3.said());
}

#[tokio::test]
async fn star_repeats_the_question() {
    let app = spawn_app().await;
    let t = start(&app, CALLER).await;
    let t = press(&app, &t, CALLER, "1").await;
    let before = t.said();
    let t = press(&app, &t, CALLER, "*").await;
    assert_eq!(t.said(), before);
}

#[tokio::test]
async fn one_conversation_across_sms_and_phone() {
    let app = spawn_app().await;
    app.sms(CALLER, "bonjour").await;
    app.sms(CALLER, "1").await;
    app.sms(CALLER, "jardin").await;
    // The caller phones: the call goes on at the commune question.
    let t = start(&app, CALLER).await;
    assert!(t.said().contains("Dans quelle commune ?"), "{}", t.said());
    let t = press(&app, &t, CALLER, "73000").await;
    let t = press(&app, &t, CALLER, "1").await;
    assert!(t.said().contains("Chambéry"), "{}", t.said());
    press(&app, &t, CALLER, "1").await;
    // And back by SMS: the next question is the one after.
    let r = app.sms(CALLER, "2").await.message().unwrap();
    assert!(r.contains("quelques mots"), "{r}");
}

#[tokio::test]
async fn following_a_request_by_phone_from_the_same_number() {
    let app = spawn_app().await;
    for m in ["bonjour", "1", "1", "74150", "1", "1", "non", "oui"] {
        app.sms(CALLER, m).await;
    }
    let t = start(&app, CALLER).await;
    let t = press(&app, &t, CALLER, "3").await;
    assert!(t.said().contains("Vos demandes"), "{}", t.said());
    let t = press(&app, &t, CALLER, "1").await;
    assert!(
        t.said()
            .contains("Nous cherchons quelqu'un pour vous aider."),
        "{}",
        t.said()
    );

    // Another number has none: it is asked for a code, and a code that is not its own is refused.
    let other = "+33698765432";
    let t = start(&app, other).await;
    let t = press(&app, &t, other, "3").await;
    assert_eq!(t.gather().attrs["numDigits"], "6", "{}", t.said());
    let (_, list) = app.api("/api/v1/help-requests").await;
    let code = list["items"][0]["reference"].as_str().unwrap().to_string();
    let t = press(&app, &t, other, &code).await;
    assert!(
        t.said().contains("Nous ne trouvons pas de demande"),
        "{}",
        t.said()
    );
}

#[tokio::test]
async fn an_abandoned_call_keeps_what_was_said_for_a_call_back() {
    let app = spawn_app().await;
    let t = start(&app, CALLER).await;
    let t = press(&app, &t, CALLER, "1").await;
    press(&app, &t, CALLER, "1").await;
    let pairs: Vec<(String, String)> = [
        ("CallSid", "CA00000000000000000000000000000001"),
        ("From", CALLER),
        ("To", RELAIS_NUMBER),
        ("CallStatus", "completed"),
        ("CallDuration", "42"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let a = app
        .post_signed("/webhooks/twilio/voice/status", &pairs, None)
        .await;
    assert_eq!(a.status, 204);
    assert_eq!(app.count("calls").await, 1);
    assert_eq!(app.count("callback_requests").await, 1);
}

#[tokio::test]
async fn a_person_who_chose_english_hears_english() {
    let app = spawn_app().await;
    app.sms(CALLER, "English").await;
    let t = start(&app, CALLER).await;
    let s = t.first("Say").unwrap();
    assert_eq!(s.attrs["language"], "en-GB");
    assert_eq!(s.attrs["voice"], "Polly.Amy");
    assert!(t.said().contains("Ask for help: press 1."), "{}", t.said());
    assert_eq!(t.gather().attrs["language"], "en-GB");
}

#[tokio::test]
async fn voice_webhooks_need_a_signature() {
    let app = spawn_app().await;
    for path in [
        "/webhooks/twilio/voice",
        "/webhooks/twilio/voice/step?page=0",
        "/webhooks/twilio/voice/record",
        "/webhooks/twilio/voice/status",
    ] {
        let pairs = vec![
            ("From".to_string(), CALLER.to_string()),
            ("Digits".to_string(), "1".to_string()),
        ];
        let a = app.post_signed(path, &pairs, Some("bad")).await;
        assert_eq!(a.status, 403, "{path}");
    }
    assert_eq!(app.count("messages").await, 0);
}

#[tokio::test]
async fn when_nobody_answers_the_caller_can_leave_a_message() {
    let app = spawn_app().await;
    let t = start(&app, CALLER).await;
    let t = press(&app, &t, CALLER, "0").await;
    let dial = t.first("Dial").expect("put through during opening hours");
    let t = post(
        &app,
        &dial.attrs["action"].clone(),
        &[("From", CALLER), ("DialCallStatus", "no-answer")],
    )
    .await;
    assert!(
        t.said()
            .contains("Personne ne peut vous répondre maintenant."),
        "{}",
        t.said()
    );
    assert!(t.first("Record").is_some());
    let answered = post(
        &app,
        &dial.attrs["action"].clone(),
        &[("From", CALLER), ("DialCallStatus", "completed")],
    )
    .await;
    assert!(answered.first("Hangup").is_some());
}

#[tokio::test]
async fn a_whole_request_said_in_one_sentence_is_read_back_at_once() {
    let app = spawn_app().await;
    let t = start(&app, CALLER).await;
    let t = say(
        &app,
        &t,
        CALLER,
        "bonjour je suis à Sallanches j'aurais besoin qu'on m'emmène chez le médecin demain à 10 heures",
    )
    .await;
    let said = t.said();
    assert!(
        said.contains("Votre demande :")
            && said.contains("M'emmener quelque part")
            && said.contains("Sallanches")
            && said.contains("à 10 h"),
        "the whole request is read back, nothing asked again: {said}"
    );
    let t = press(&app, &t, CALLER, "1").await;
    assert!(
        t.said().contains("Votre demande est envoyée."),
        "{}",
        t.said()
    );
    let (_, list) = app.api("/api/v1/help-requests").await;
    let item = &list["items"][0];
    assert_eq!(item["category"], "transport");
    assert_eq!(item["commune_insee"], "74256");
    assert_eq!(item["channel"], "voice");
    assert!(
        item["wanted_on"]
            .as_str()
            .is_some_and(|d| d.ends_with("T10:00")),
        "the day and time asked for are kept: {item}"
    );
}

/// A caller who reaches nobody leaves a voice message: a call-back request with its recording.
pub(crate) async fn leave_voice_message(app: &TestApp, from: &str, recording_url: &str) {
    let t = start(app, from).await;
    let t = press(app, &t, from, "0").await;
    let dial = t.first("Dial").expect("put through during opening hours");
    let t = post(
        app,
        &dial.attrs["action"].clone(),
        &[("From", from), ("DialCallStatus", "no-answer")],
    )
    .await;
    let rec = t.first("Record").expect("a message can be left");
    post(
        app,
        &rec.attrs["action"].clone(),
        &[("From", from), ("RecordingUrl", recording_url)],
    )
    .await;
    assert_eq!(app.count("callback_requests").await, 1);
}

//! Kiosk visits kept in the database: page loads cost nothing and push nobody out, a restart
//! ends nothing, an enrolled kiosk shows one person at a time, addresses and enrolment codes
//! are bounded, and a mobile number from any country gets its code by SMS.

use reqwest::StatusCode;
use reqwest::cookie::CookieStore;

use crate::helpers::{spawn_app, spawn_app_with, test_settings};
use crate::kiosk::{Browser, csrf_of};

/// A browser with its own cookie jar (so a cookie can be given to it), at `base`.
fn browser_at(base: &str, jar: std::sync::Arc<reqwest::cookie::Jar>) -> Browser {
    Browser {
        http: reqwest::Client::builder()
            .cookie_provider(jar)
            .build()
            .unwrap(),
        base: base.to_string(),
        page: String::new(),
    }
}

/// Starts a help request up to the question about a few words.
async fn begin_request(b: &mut Browser) {
    for said in ["Français", "1", "1", "1", "1"] {
        b.say(said).await;
    }
    assert!(b.shows("quelques mots"), "{}", b.page);
}

#[tokio::test]
async fn twelve_hundred_anonymous_page_loads_do_not_end_a_visit() {
    let app = spawn_app().await;
    let mut resident = Browser::open(&app).await;
    begin_request(&mut resident).await;
    assert_eq!(app.count("kiosk_visits").await, 1);
    let anonymous = reqwest::Client::new();
    for _ in 0..1_200 {
        let r = anonymous
            .get(format!("{}/kiosk", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    assert_eq!(
        app.count("kiosk_visits").await,
        1,
        "a page load stores nothing"
    );
    resident.say("Une ampoule à changer").await;
    assert!(
        resident.shows("numéro de portable"),
        "the visit goes on: {}",
        resident.page
    );
}

#[tokio::test]
async fn a_visit_goes_on_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let settings = test_settings(dir.path());
    let first = passerelle::app::start(settings.clone()).await.unwrap();
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let mut b = browser_at(&format!("http://{}", first.address), jar.clone());
    b.get("/kiosk").await;
    begin_request(&mut b).await;
    first.stop();
    drop(first);
    // The same database, a new process: the visit's cookie still names it.
    let second = passerelle::app::start(settings).await.unwrap();
    let mut b = browser_at(&format!("http://{}", second.address), jar);
    b.get("/kiosk").await;
    assert!(b.shows("quelques mots"), "{}", b.page);
    b.say("Une ampoule à changer").await;
    assert!(b.shows("numéro de portable"), "{}", b.page);
    second.stop();
}

#[tokio::test]
async fn an_enrolled_kiosk_shows_one_person_at_a_time() {
    let app = spawn_app().await;
    let store = app.running.conversations.store.clone();
    let now = jiff::Timestamp::now().as_second();
    let enrolment = passerelle::http::kiosk::create_enrolment(
        store.as_ref(),
        "mairie-rumilly",
        "74225",
        "Hall",
        now,
    )
    .await
    .unwrap();
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let mut first = browser_at(&app.base, jar.clone());
    first.get("/kiosk/enrol").await;
    let status = first
        .post("/kiosk/enrol", &[("code", enrolment.code.as_str())])
        .await;
    assert_eq!(status, StatusCode::OK, "{}", first.page);
    first.get("/kiosk").await;
    begin_request(&mut first).await;
    let first_visit = jar
        .cookies(&format!("{}/kiosk", app.base).parse().unwrap())
        .expect("cookies")
        .to_str()
        .unwrap()
        .to_string();
    // The next person at the same screen: the kiosk's cookie, a fresh visit.
    let device = first_visit
        .split("; ")
        .find(|c| c.starts_with("kiosk_device="))
        .expect("the kiosk's cookie")
        .to_string();
    let next_jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    next_jar.add_cookie_str(
        &format!("{device}; Path=/kiosk"),
        &app.base.parse().unwrap(),
    );
    let mut next = browser_at(&app.base, next_jar);
    next.get("/kiosk").await;
    next.say("Français").await;
    assert!(next.shows("Que voulez-vous faire ?"), "{}", next.page);
    // The first visit's forms are no longer valid: one person at a time.
    let csrf = csrf_of(&first.page);
    let resp = first
        .http
        .post(format!("{}/kiosk/repondre", app.base))
        .form(&[("csrf", csrf.as_str()), ("said", "Une ampoule")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn one_address_holds_a_bounded_number_of_visits_and_others_go_on() {
    let app = spawn_app().await;
    let mut resident = Browser::open(&app).await;
    begin_request(&mut resident).await;
    let mut refused = 0;
    for _ in 0..25 {
        let mut b = Browser::open(&app).await;
        let csrf = csrf_of(&b.page);
        let r = b
            .http
            .post(format!("{}/kiosk/repondre", app.base))
            .form(&[("csrf", csrf.as_str()), ("said", "Français")])
            .send()
            .await
            .unwrap();
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
            b.page = r.text().await.unwrap();
            assert!(b.shows("Trop de personnes"), "{}", b.page);
        }
    }
    assert!(refused >= 5, "{refused} new visits refused");
    // The visit already under way is not pushed out.
    resident.say("Une ampoule à changer").await;
    assert!(resident.shows("numéro de portable"), "{}", resident.page);
}

#[tokio::test]
async fn enrolment_codes_are_limited_per_address_not_for_everyone() {
    let app = spawn_app_with(|s| s.trust_proxy = true).await;
    let store = app.running.conversations.store.clone();
    let now = jiff::Timestamp::now().as_second();
    let enrolment = passerelle::http::kiosk::create_enrolment(
        store.as_ref(),
        "mairie-rumilly",
        "74225",
        "Hall",
        now,
    )
    .await
    .unwrap();
    let try_code = |from: &'static str, code: String| {
        let app_base = app.base.clone();
        async move {
            let http = reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap();
            let page = http
                .get(format!("{app_base}/kiosk/enrol"))
                .header("x-forwarded-for", from)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            http.post(format!("{app_base}/kiosk/enrol"))
                .header("x-forwarded-for", from)
                .form(&[("csrf", csrf_of(&page)), ("code", code)])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    let mut last = StatusCode::OK;
    for _ in 0..7 {
        last = try_code("198.51.100.7", "AAAA-BBBB-CCCC".into()).await;
    }
    assert_eq!(
        last,
        StatusCode::TOO_MANY_REQUESTS,
        "a guesser is slowed down"
    );
    let ok = try_code("203.0.113.9", enrolment.code.clone()).await;
    assert_eq!(ok, StatusCode::OK, "the mairie's own attempt still works");
}

#[tokio::test]
async fn a_swiss_mobile_gets_its_kiosk_code_by_sms() {
    let app = spawn_app_with(|s| s.outbox_worker = false).await;
    let mut b = Browser::open(&app).await;
    begin_request(&mut b).await;
    b.say("passer").await;
    assert!(b.shows("numéro de portable"), "{}", b.page);
    b.say("+41 79 123 45 67").await;
    b.say("1").await;
    assert!(b.shows("class=\"code\""), "{}", b.page);
    let queued = crate::helpers::outbox_rows(&app, None).await;
    assert!(
        queued
            .iter()
            .any(|m| m.recipient == "+41791234567" && m.kind == "to_person"),
        "{queued:?}"
    );
}

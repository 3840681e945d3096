//! The kiosk over HTTP: screens, CSRF, headers, idle sessions, enrolment.
//!
//! A browser's part, done with plain requests: a cookie jar, forms posted with the visit's
//! CSRF token, redirects followed. The real browser runs in `kiosk_browser.rs`.

use std::process::Command;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

const BIN: &str = env!("CARGO_BIN_EXE_passerelle");

/// A browser's cookie jar and the last page it was shown.
pub(crate) struct Browser {
    pub(crate) http: reqwest::Client,
    pub(crate) base: String,
    pub(crate) page: String,
}

pub(crate) fn csrf_of(page: &str) -> String {
    let start = page
        .find("name=\"csrf\" value=\"")
        .map(|i| i + "name=\"csrf\" value=\"".len())
        .expect("a form with a CSRF token");
    let end = page[start..].find('"').unwrap() + start;
    page[start..end].to_string()
}

/// The reference shown after sending (`482 915`).
fn code_of(page: &str) -> String {
    let start = page
        .find("class=\"code\"")
        .expect("a reference on the page");
    let from = page[start..].find("<bdi dir=\"ltr\">").unwrap() + start + 15;
    let end = page[from..].find("</bdi>").unwrap() + from;
    page[from..end].to_string()
}

impl Browser {
    pub(crate) async fn open(app: &TestApp) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let mut b = Self {
            http,
            base: app.base.clone(),
            page: String::new(),
        };
        b.get("/kiosk").await;
        b
    }

    pub(crate) async fn get(&mut self, path: &str) -> StatusCode {
        let resp = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = resp.status();
        self.page = resp.text().await.unwrap();
        status
    }

    /// Posts a form of the current page (with its CSRF token) and follows the redirect.
    pub(crate) async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> StatusCode {
        let csrf = csrf_of(&self.page);
        let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf)];
        form.extend_from_slice(fields);
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await
            .unwrap();
        let status = resp.status();
        self.page = resp.text().await.unwrap();
        status
    }

    /// Answers the current screen, as a button or the keypad would.
    pub(crate) async fn say(&mut self, said: &str) {
        let status = self.post("/kiosk/repondre", &[("said", said)]).await;
        assert_eq!(status, StatusCode::OK, "{}", self.page);
    }

    pub(crate) fn shows(&self, text: &str) -> bool {
        self.page.contains(text)
    }
}

async fn help_request(b: &mut Browser) -> String {
    b.say("Français").await;
    assert!(b.shows("Que voulez-vous faire ?"), "{}", b.page);
    assert!(
        b.shows("112"),
        "the home screen says it is not an emergency service"
    );
    b.say("1").await;
    assert!(b.shows("Étape <bdi dir=\"ltr\">1</bdi> sur <bdi dir=\"ltr\">6</bdi>"));
    b.say("1").await;
    assert!(b.shows("C&#39;est pour Rumilly ?"), "{}", b.page);
    b.say("1").await;
    assert!(b.shows("Pour quand ?"), "{}", b.page);
    b.say("1").await;
    b.say("Une ampoule à changer").await;
    // A number for SMS follow-up may be given, or skipped.
    assert!(b.shows("tapez votre numéro de portable"), "{}", b.page);
    b.say("passer").await;
    assert!(b.shows("Tout est juste ?"), "{}", b.page);
    assert!(b.shows(">Confirmer<") && b.shows(">Modifier<"));
    assert!(b.shows("Une ampoule à changer"));
    b.say("1").await;
    assert!(b.shows("Votre demande est envoyée."), "{}", b.page);
    code_of(&b.page)
}

#[tokio::test]
async fn a_whole_help_request_by_posting_forms() {
    let app = spawn_app().await;
    let mut b = Browser::open(&app).await;
    assert!(
        b.shows("lang=\"ar\" dir=\"rtl\""),
        "Arabic is offered right to left"
    );
    let code = help_request(&mut b).await;
    assert!(
        code.len() == 7 && code.as_bytes()[3] == b' ',
        "the reference is grouped: {code}"
    );
    assert!(b.shows("class=\"ticket\""), "a printable ticket");
    assert!(
        b.shows("04 50 01 02 03"),
        "the ticket gives a number for help"
    );
    assert!(!b.shows("SUIVI"), "no SMS wording on screen");

    let (status, body) = app.api("/api/v1/help-requests").await;
    assert_eq!(status, 200);
    let reference = code.replace(' ', "");
    let found = body["items"]
        .as_array()
        .or_else(|| body.as_array())
        .into_iter()
        .flatten()
        .find(|r| r["reference"] == reference.as_str())
        .cloned()
        .unwrap_or_else(|| panic!("{reference} in {body}"));
    assert_eq!(found["channel"], "kiosk");
    assert_eq!(found["category"], "courses");
    assert_eq!(found["commune_insee"], "74225");
    assert_eq!(found["details"], "Une ampoule à changer");

    // Anyone can see the status of a ticket on the kiosk's keypad, and nothing else; nor is
    // "Annuler" offered only to be refused: cancelling stays with the request's owner.
    let mut other = Browser::open(&app).await;
    other.say("Français").await;
    other.say("3").await;
    assert!(other.shows("chiffres de votre ticket"), "{}", other.page);
    other.say(&reference).await;
    assert!(
        other.shows("Nous cherchons quelqu&#39;un pour vous aider."),
        "{}",
        other.page
    );
    assert!(!other.shows("ampoule"));
    assert!(!other.shows("Annuler"), "{}", other.page);
    assert!(
        other.shows("Pour annuler cette demande, appelez le"),
        "{}",
        other.page
    );
    assert!(other.shows("Revenir au menu"), "one way on: {}", other.page);

    // The visit that made it (without a number) owns it, and may still cancel it.
    b.say("menu").await;
    b.say("3").await;
    b.say("1").await;
    assert!(b.shows("Annuler la demande"), "{}", b.page);
    b.say("1").await;
    b.say("1").await;
    assert!(b.shows("Votre demande est annulée."), "{}", b.page);
}

#[tokio::test]
async fn a_request_without_a_number_says_what_will_really_happen() {
    let app = spawn_app().await;
    let mut b = Browser::open(&app).await;
    help_request(&mut b).await;
    // No "Une personne vous répondra vite" when nobody can call back.
    assert!(
        b.shows("Vous n&#39;avez pas donné de numéro : personne ne peut vous appeler."),
        "{}",
        b.page
    );
    assert!(b.shows("Revenez à la mairie avec votre code"));
    assert!(!b.shows("vous répondra"), "{}", b.page);
    let ticket = &b.page[b.page.find("class=\"ticket\"").expect("a ticket")..];
    assert!(
        ticket.contains("Revenez à la mairie avec ce code"),
        "{ticket}"
    );
    assert!(!ticket.contains("vous répondra"), "{ticket}");

    // With a number, the request can be followed from that phone.
    let mut c = Browser::open(&app).await;
    for said in [
        "Français",
        "1",
        "1",
        "1",
        "1",
        "passer",
        "06 12 34 56 78",
        "1",
    ] {
        c.say(said).await;
    }
    assert!(c.shows("Votre demande est envoyée."), "{}", c.page);
    assert!(c.shows("Une personne vous répondra vite."), "{}", c.page);
    assert!(!c.shows("Revenez à la mairie"), "{}", c.page);
}

#[tokio::test]
async fn terminer_asks_first_and_only_oui_erases() {
    let app = spawn_app().await;
    let mut b = Browser::open(&app).await;
    for said in ["Français", "1", "1", "1", "1", "Mon voisin Paul"] {
        b.say(said).await;
    }
    // "Terminer" is a link to a page that asks (the page's script asks in a dialog instead).
    assert!(b.shows("href=\"/kiosk/effacer\""), "{}", b.page);
    assert_eq!(b.get("/kiosk/effacer").await, StatusCode::OK);
    assert!(b.shows("Tout effacer ?"), "{}", b.page);
    assert!(b.shows("Oui, tout effacer") && b.shows("Non, continuer"));
    assert!(b.shows("action=\"/kiosk/terminer\""));
    // Asking erased nothing: "Non" goes back to the same question.
    assert_eq!(b.get("/kiosk").await, StatusCode::OK);
    assert!(b.shows("tapez votre numéro de portable"), "{}", b.page);
    b.say("passer").await;
    assert!(b.shows("Mon voisin Paul"), "{}", b.page);
    // "Oui" ends the visit.
    b.get("/kiosk/effacer").await;
    let status = b.post("/kiosk/terminer", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(b.shows("Touchez votre langue"), "{}", b.page);
    assert_eq!(app.count("messages").await, 0, "what was typed is erased");
}

#[tokio::test]
async fn retour_and_recommencer_show_only_where_they_do_something() {
    let app = spawn_app().await;
    let mut b = Browser::open(&app).await;
    let back = "value=\"retour\"";
    let restart = "class=\"nav-restart\"";
    // The language choice and the main menu: nothing comes before them.
    assert!(!b.shows(back) && !b.shows(restart), "{}", b.page);
    b.say("Français").await;
    assert!(b.shows("Que voulez-vous faire ?"));
    assert!(!b.shows(back) && !b.shows(restart), "{}", b.page);
    // Help and Terminer are on every screen.
    assert!(b.shows("href=\"/kiosk/aide\"") && b.shows("href=\"/kiosk/effacer\""));
    // A question: both.
    b.say("1").await;
    assert!(b.shows(back) && b.shows(restart), "{}", b.page);
    // Help has its own way back.
    b.get("/kiosk/aide").await;
    assert!(!b.shows(back) && !b.shows(restart), "{}", b.page);
    assert!(b.shows("Revenir à ma question"));
}

#[tokio::test]
async fn forms_without_the_visit_token_are_refused_kindly() {
    let app = spawn_app().await;
    let b = Browser::open(&app).await;
    let before = app.count("messages").await;
    let resp = b
        .http
        .post(format!("{}/kiosk/repondre", app.base))
        .form(&[("csrf", "forged"), ("said", "Français")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let page = resp.text().await.unwrap();
    assert!(
        page.contains("Cette page n&#39;est plus valable."),
        "{page}"
    );
    assert!(page.contains("href=\"/kiosk\""), "a way to start again");
    // No token at all, and no cookie at all.
    let bare = reqwest::Client::new()
        .post(format!("{}/kiosk/repondre", app.base))
        .form(&[("said", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), StatusCode::FORBIDDEN);
    // A form posted from another site cannot even replace the visit's cookie.
    let cross = reqwest::Client::new()
        .post(format!("{}/kiosk/repondre", app.base))
        .header("sec-fetch-site", "cross-site")
        .form(&[("csrf", "x"), ("said", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    assert!(cross.headers().get("set-cookie").is_none());
    assert_eq!(
        app.count("messages").await,
        before,
        "nothing reached the conversation"
    );
}

#[tokio::test]
async fn every_kiosk_page_sends_security_headers_and_no_store() {
    let app = spawn_app().await;
    let http = reqwest::Client::new();
    for path in ["/kiosk", "/kiosk/aide", "/kiosk/enrol", "/kiosk/effacer"] {
        let resp = http
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        let h = resp.headers().clone();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["cache-control"], "no-store", "{path}");
        // The microphone only for "Parler au lieu d'écrire", on the kiosk's own pages.
        assert!(
            h["permissions-policy"]
                .to_str()
                .unwrap()
                .contains("microphone=(self)"),
            "{path}"
        );
        let cookie = h["set-cookie"].to_str().unwrap();
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        let page = resp.text().await.unwrap();
        assert!(!page.contains("<script>"), "{path}: no inline script");
        assert!(!page.contains(" style="), "{path}: no inline style");
        assert!(page.contains("<html lang=\"fr\" dir=\"ltr\""), "{path}");
    }
    let css = http
        .get(format!("{}/kiosk/static/kiosk.css", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(css.headers()["x-content-type-options"], "nosniff");
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let missing = http
        .get(format!("{}/kiosk/static/../Cargo.toml", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

fn session_cookie(h: &HeaderMap) -> Option<String> {
    h.get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kiosk_session="))
        .map(|v| v.split(';').next().unwrap_or("").to_string())
}

#[tokio::test]
async fn an_ended_visit_is_never_shown_again() {
    let app = spawn_app().await;
    // A browser whose cookies we hold ourselves, to replay the old one afterwards.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let get = |cookie: String| {
        let http = http.clone();
        let url = format!("{}/kiosk", app.base);
        async move {
            let resp = http
                .get(url)
                .header("cookie", HeaderValue::from_str(&cookie).unwrap())
                .send()
                .await
                .unwrap();
            let h = resp.headers().clone();
            (h, resp.text().await.unwrap())
        }
    };
    let post = |cookie: String, path: &'static str, form: Vec<(&'static str, String)>| {
        let http = http.clone();
        let url = format!("{}{path}", app.base);
        async move {
            let resp = http
                .post(url)
                .header("cookie", HeaderValue::from_str(&cookie).unwrap())
                .form(&form)
                .send()
                .await
                .unwrap();
            let status = resp.status();
            let h = resp.headers().clone();
            (status, h, resp.text().await.unwrap())
        }
    };
    let (h, page) = get(String::new()).await;
    let cookie = session_cookie(&h).expect("a visit cookie");
    let csrf = csrf_of(&page);
    for said in ["Français", "1", "1", "1", "1", "Mon voisin Paul", "passer"] {
        let (status, h, _) = post(
            cookie.clone(),
            "/kiosk/repondre",
            vec![("csrf", csrf.clone()), ("said", said.to_string())],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(h["location"], "/kiosk");
    }
    let (h, page) = get(cookie.clone()).await;
    assert!(page.contains("Mon voisin Paul"), "{page}");
    assert_eq!(h["cache-control"], "no-store");

    // "Terminer / Effacer mes informations".
    let (status, h, _) = post(
        cookie.clone(),
        "/kiosk/terminer",
        vec![("csrf", csrf.clone())],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cleared = h["set-cookie"].to_str().unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    // What was typed is erased with the visit: no message, no session left of it.
    assert_eq!(app.count("messages").await, 0);
    assert_eq!(app.count("sessions").await, 0);

    // The old cookie shows the first screen of a new visit, never the old one.
    let (h, page) = get(cookie.clone()).await;
    assert!(!page.contains("Mon voisin Paul"));
    assert!(!page.contains("Tout est juste"));
    assert!(page.contains("Touchez votre langue"), "{page}");
    let fresh = session_cookie(&h).expect("a new visit");
    assert_ne!(fresh, cookie);
    // And the old visit's forms are refused.
    let (status, _, page) = post(
        cookie,
        "/kiosk/repondre",
        vec![("csrf", csrf), ("said", "1".into())],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!page.contains("Mon voisin Paul"));
}

#[tokio::test]
async fn an_enrolled_browser_is_the_kiosk_of_its_relais_and_commune() {
    let mut db = String::new();
    let app = spawn_app_with(|s| db = s.database_url.clone()).await;
    let store = app.running.conversations.store.clone();
    let now = jiff::Timestamp::now().as_second();
    // Annecy (74010) is the kiosk's commune.
    let enrolment = passerelle::http::kiosk::create_enrolment(
        store.as_ref(),
        "mairie-rumilly",
        "74010",
        "Hall",
        now,
    )
    .await
    .unwrap();

    let mut b = Browser::open(&app).await;
    assert_eq!(b.get("/kiosk/enrol").await, StatusCode::OK);
    assert!(b.shows("pas encore enregistrée"), "{}", b.page);
    let resp = b
        .http
        .post(format!("{}/kiosk/enrol", app.base))
        .form(&[
            ("csrf", csrf_of(&b.page).as_str()),
            ("code", &enrolment.code.to_lowercase()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        !resp.url().as_str().contains(&enrolment.code),
        "no code in a URL"
    );
    let device = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kiosk_device="))
        .expect("the kiosk's cookie")
        .to_string();
    assert!(device.contains("HttpOnly") && device.contains("SameSite=Strict"));
    b.page = resp.text().await.unwrap();
    assert!(b.shows("Annecy"), "{}", b.page);

    // The code works once only.
    b.get("/kiosk/enrol").await;
    assert!(b.shows("Borne actuelle"), "{}", b.page);
    let again = b
        .post("/kiosk/enrol", &[("code", enrolment.code.as_str())])
        .await;
    assert_eq!(again, StatusCode::BAD_REQUEST);

    // "Near me" is the kiosk's commune, and the request records the kiosk.
    b.get("/kiosk").await;
    b.say("Français").await;
    b.say("1").await;
    b.say("2").await;
    assert!(b.shows("C&#39;est pour Annecy ?"), "{}", b.page);
    b.say("1").await;
    b.say("2").await;
    b.say("passer").await;
    // The number given at the kiosk owns the request: SUIVI works from that phone.
    b.say("06 98 76 54 32").await;
    b.say("1").await;
    let reference = code_of(&b.page).replace(' ', "");
    let rows = crate::helpers::sql_texts(
        &db,
        &format!("SELECT kiosk, commune_insee FROM help_requests WHERE reference = '{reference}'"),
    )
    .await;
    assert_eq!(
        rows,
        [[Some(enrolment.kiosk_id.clone()), Some("74010".to_string())]]
    );
    let (_, api) = app.api(&format!("/api/v1/help-requests/{reference}")).await;
    assert_eq!(
        api["kiosk"],
        enrolment.kiosk_id.as_str(),
        "the API says which kiosk"
    );
    // The code is texted to the number given, and SUIVI from that phone finds the request.
    let follow = app
        .sms("+33698765432", &format!("SUIVI {reference}"))
        .await
        .message()
        .unwrap();
    assert!(follow.contains("Nous cherchons quelqu'un"), "{follow}");

    // An unenrolled browser is the default relais's, and records no kiosk.
    let mut plain = Browser::open(&app).await;
    let reference = help_request(&mut plain).await.replace(' ', "");
    let rows = crate::helpers::sql_texts(
        &db,
        &format!("SELECT kiosk FROM help_requests WHERE reference = '{reference}'"),
    )
    .await;
    assert_eq!(rows, [[None]]);
}

#[tokio::test]
async fn the_arabic_screens_are_right_to_left_with_numbers_kept_left_to_right() {
    let app = spawn_app().await;
    let mut b = Browser::open(&app).await;
    b.say("العربية").await;
    assert!(b.shows("<html lang=\"ar\" dir=\"rtl\""), "{}", b.page);
    b.say("1").await;
    assert!(b.shows("<bdi dir=\"ltr\">1</bdi>"), "{}", b.page);
    // Retour and Recommencer are the same words in every language.
    b.say("retour").await;
    assert!(b.shows("ماذا تريد أن تفعل؟"), "{}", b.page);
    b.say("menu").await;
    assert!(b.shows("ماذا تريد أن تفعل؟"), "{}", b.page);
}

#[test]
fn the_cli_prints_a_one_time_enrolment_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::helpers::test_database_url(dir.path());
    let out = Command::new(BIN)
        .args([
            "kiosk",
            "enrol",
            "--relais",
            "passerelle",
            "--commune",
            "74225",
            "--label",
            "Hall",
        ])
        .current_dir(dir.path())
        .env("DATABASE_URL", &db)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find(|l| l.starts_with("enrolment code: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    let code = line["enrolment code: ".len()..].split(' ').next().unwrap();
    assert_eq!(code.len(), 14, "{code}");
    assert!(line.contains("until"), "{line}");

    let wrong = Command::new(BIN)
        .args([
            "kiosk",
            "enrol",
            "--relais",
            "nowhere",
            "--commune",
            "74225",
        ])
        .current_dir(dir.path())
        .env("DATABASE_URL", &db)
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("unknown relais"));
}

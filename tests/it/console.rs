//! The mediation console through HTTP: the queue and a request's page, status changes that
//! tell the resident through the outbox and that SUIVI then reads, notes, SMS written by hand,
//! the "à rappeler" case, recordings played through the server. Also what the other console
//! tests share: accounts set up with a password and a computed TOTP code, a signed-in client.

use std::sync::Arc;

use passerelle::mediation::accounts;
use wiremock::matchers::{basic_auth, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, spawn_app_with, twilio_accepting, twilio_of, worker};
use crate::lifecycle::request_by_sms;

pub const ALICE: &str = "+33612345678";

pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// The value of the first `name="…" value="…"` in a page.
pub fn field(html: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let i = html
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + key.len();
    html[i..].split('"').next().unwrap().to_string()
}

/// The text between `start` and the next `<`.
pub fn text_after(html: &str, start: &str) -> String {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"))
        + start.len();
    html[i..].split('<').next().unwrap().to_string()
}

/// A page's text with askama's escapes undone (`'` is written `&#39;`).
pub fn unescape(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A browser-like client: cookies kept, redirects not followed (tests look at them).
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A signed-in console user.
pub struct Console {
    pub http: reqwest::Client,
    pub base: String,
    pub secret: String,
}

impl Console {
    pub async fn get(&self, path: &str) -> (u16, String) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), unescape(&r.text().await.unwrap()))
    }

    /// Posts a form with the CSRF token of `page`; returns the status and where it redirects.
    pub async fn post(&self, page: &str, action: &str, form: &[(&str, &str)]) -> (u16, String) {
        let (_, html) = self.get(page).await;
        let csrf = field(&html, "csrf");
        let mut f: Vec<(&str, &str)> = vec![("csrf", &csrf)];
        f.extend_from_slice(form);
        let r = self
            .http
            .post(format!("{}{action}", self.base))
            .form(&f)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string());
        let body = unescape(&r.text().await.unwrap());
        (status, location.unwrap_or(body))
    }
}

/// Sets up an account from its link (password, TOTP from the page) and signs in.
pub async fn set_up_and_sign_in(app: &TestApp, link: &str, email: &str) -> Console {
    let http = browser();
    let page = http.get(link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<svg"), "a QR code drawn as SVG");
    let secret = text_after(&html, "id=\"totp-secret\">");
    let csrf = field(&html, "csrf");
    let code = accounts::code_at(&secret, now()).unwrap();
    let r = http
        .post(link)
        .form(&[
            ("csrf", csrf.as_str()),
            ("password", "un mot de passe assez long"),
            ("again", "un mot de passe assez long"),
            ("code", code.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let console = Console {
        http,
        base: app.base.clone(),
        secret,
    };
    let (status, to, cookies) = console.sign_in_with_cookies(email, 30).await;
    assert_eq!((status, to.as_str()), (303, "/mediation"));
    // The session cookie is HttpOnly, SameSite=Strict, for the console only.
    let session = cookies
        .iter()
        .find(|c| c.starts_with("mediation_session="))
        .expect("a session cookie");
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Strict")
            && session.contains("Path=/mediation"),
        "{session}"
    );
    console
}

impl Console {
    /// Signs in with the code of `now + ahead` seconds (a code is accepted once).
    pub async fn sign_in(&self, email: &str, ahead: i64) -> (u16, String) {
        let (status, to, _) = self.sign_in_with_cookies(email, ahead).await;
        (status, to)
    }

    /// Signs in; also gives the cookies set.
    pub async fn sign_in_with_cookies(
        &self,
        email: &str,
        ahead: i64,
    ) -> (u16, String, Vec<String>) {
        let (_, html) = self.get("/mediation/connexion").await;
        let code = accounts::code_at(&self.secret, now() + ahead).unwrap();
        let csrf = field(&html, "csrf");
        let r = self
            .http
            .post(format!("{}/mediation/connexion", self.base))
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", email),
                ("password", "un mot de passe assez long"),
                ("code", code.as_str()),
            ])
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string());
        let cookies = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|c| c.to_str().unwrap().to_string())
            .collect();
        (
            status,
            location.unwrap_or(unescape(&r.text().await.unwrap())),
            cookies,
        )
    }
}

/// An account created as the command line does, set up and signed in.
pub async fn mediator(app: &TestApp, email: &str, name: &str, admin: bool) -> Console {
    let store = app.running.conversations.store.clone();
    let created = accounts::create(
        store.as_ref(),
        "mairie-rumilly",
        email,
        name,
        admin,
        &app.base,
        now(),
    )
    .await
    .unwrap();
    set_up_and_sign_in(app, &created.setup_url, email).await
}

pub async fn app() -> TestApp {
    spawn_app_with(|s| s.outbox_worker = false).await
}

#[tokio::test]
async fn a_mediator_takes_a_request_finds_help_and_the_resident_is_told() {
    let app = app().await;
    let reference = request_by_sms(&app, ALICE).await;
    let aicha = mediator(&app, "aicha@mairie-rumilly.fr", "Aïcha", false).await;

    let (status, queue) = aicha.get("/mediation").await;
    assert_eq!(status, 200);
    assert!(queue.contains("Nouvelles demandes"), "{queue}");
    let grouped = format!("{} {}", &reference[..3], &reference[3..]);
    assert!(
        queue.contains(&grouped),
        "the request is in the queue: {queue}"
    );
    assert!(queue.contains("06 12 34 56 78"), "who asked");

    let page = format!("/mediation/demandes/{reference}");
    let (status, html) = aicha.get(&page).await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"tel:+33612345678\""), "{html}");
    assert!(html.contains("Prendre en charge"));
    let (status, to) = aicha
        .post(&page, &format!("{page}/etat"), &[("status", "taken")])
        .await;
    assert_eq!(
        (status, to.as_str()),
        (303, format!("{page}?fait=taken").as_str())
    );

    // Help found without saying who: refused, nothing changes.
    let (status, body) = aicha
        .post(&page, &format!("{page}/etat"), &[("status", "matched")])
        .await;
    assert_eq!(status, 409);
    assert!(body.contains("Dites qui aide."), "{body}");
    let (status, to) = aicha
        .post(
            &page,
            &format!("{page}/etat"),
            &[
                ("status", "matched"),
                ("helper", "Marie"),
                ("helper_kind", "person"),
                ("when", "jeudi vers 10 h"),
            ],
        )
        .await;
    assert_eq!(
        (status, to.as_str()),
        (303, format!("{page}?fait=told-sms").as_str())
    );
    let (_, html) = aicha.get(&to).await;
    assert!(html.contains("La personne va recevoir un SMS."), "{html}");
    assert!(
        html.contains("Aïcha : nouvelle devient prise en charge"),
        "{html}"
    );
    assert!(html.contains("Marie (jeudi vers 10 h)"), "{html}");

    // The SMS goes through a Twilio stand-in.
    let twilio = twilio_accepting().await;
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    w.outbox_step(now() + 1).await.unwrap();
    let sent = crate::helpers::sent_forms(&twilio).await;
    let to_alice: Vec<_> = sent.iter().filter(|f| f["To"] == ALICE).collect();
    assert_eq!(to_alice.len(), 1, "{sent:?}");
    // The team was told of the request with what it needs to act.
    let team = sent
        .iter()
        .find(|f| f["To"] == "+33450010203")
        .expect("the team is told");
    let told = &team["Body"];
    assert!(
        told.contains(&format!("Nouvelle demande {grouped}")),
        "{told}"
    );
    assert!(
        told.contains("Commune : Rumilly") && told.contains("Numéro : 06 12 34 56 78"),
        "{told}"
    );
    let body = &to_alice[0]["Body"];
    assert!(
        body.contains("une personne va vous aider")
            && body.contains("Qui : Marie")
            && body.contains("Quand : jeudi vers 10 h"),
        "{body}"
    );

    // SUIVI reads the real status.
    let follow = app
        .sms(ALICE, &format!("SUIVI {reference}"))
        .await
        .message()
        .unwrap();
    assert!(
        follow.contains("Une personne a accepté de vous aider."),
        "{follow}"
    );

    // A note and an SMS written by hand.
    let (status, _) = aicha
        .post(
            &page,
            &format!("{page}/note"),
            &[("note", "Appelée, elle attend jeudi.")],
        )
        .await;
    assert_eq!(status, 303);
    let (status, _) = aicha
        .post(
            &page,
            &format!("{page}/sms"),
            &[("body", "Bonjour, Marie passera jeudi.")],
        )
        .await;
    assert_eq!(status, 303);
    let (_, html) = aicha.get(&page).await;
    assert!(html.contains("Note de Aïcha") && html.contains("Appelée, elle attend jeudi."));
    assert!(html.contains("SMS de Aïcha") && html.contains("Bonjour, Marie passera jeudi."));
    let rows = crate::helpers::outbox_rows(&app, None).await;
    assert!(
        rows.iter()
            .any(|r| r.kind == "mediator_sms" && r.recipient == ALICE)
    );

    // Done: told again; then nothing more can happen.
    let (_, to) = aicha
        .post(&page, &format!("{page}/etat"), &[("status", "done")])
        .await;
    assert!(to.ends_with("fait=told-sms"), "{to}");
    let (_, html) = aicha.get(&page).await;
    assert!(
        !html.contains("Changer l'état"),
        "a closed request has no actions"
    );

    // Every view and act is in the audit log.
    let audit = app
        .running
        .conversations
        .store
        .audit_entries(0, now() + 10)
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "sign_in",
        "view_request",
        "status_taken",
        "status_matched",
        "note",
        "send_sms",
        "status_done",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    assert!(
        audit
            .iter()
            .filter(|e| e.action == "view_request")
            .all(|e| e.request_reference.as_deref() == Some(reference.as_str()))
    );
}

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

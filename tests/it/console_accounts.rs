//! Console accounts through HTTP: the setup link (once, checked), sign-in with the password
//! and a fresh TOTP code, attempts slowed down, sessions and CSRF, sign-out, the team page.

use passerelle::mediation::accounts;

use crate::console::{
    ALICE, Console, app, browser, field, mediator, now, set_up_and_sign_in, text_after, unescape,
};
use crate::lifecycle::request_by_sms;

#[tokio::test]
async fn without_a_session_or_a_token_nothing_happens() {
    let app = app().await;
    let reference = request_by_sms(&app, ALICE).await;
    let stranger = browser();
    let r = stranger
        .get(format!("{}/mediation", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/mediation/connexion");
    let headers = r.headers();
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );

    let aicha = mediator(&app, "aicha@mairie-rumilly.fr", "Aïcha", false).await;
    let page = format!("/mediation/demandes/{reference}");
    // A form without the session's token is refused.
    let r = aicha
        .http
        .post(format!("{}{page}/etat", app.base))
        .form(&[("csrf", "forged"), ("status", "taken")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = app
        .running
        .conversations
        .store
        .help_request(&reference)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.status, "open");

    // Logging out ends the session for good.
    let (status, to) = aicha
        .post("/mediation", "/mediation/deconnexion", &[])
        .await;
    assert_eq!(
        (status, to.as_str()),
        (303, "/mediation/connexion?sortie=1")
    );
    let (status, _) = aicha.get("/mediation").await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn sign_in_needs_the_password_and_a_fresh_code_and_is_slowed_down() {
    let app = app().await;
    let aicha = mediator(&app, "aicha@mairie-rumilly.fr", "Aïcha", false).await;
    let fresh = Console {
        http: browser(),
        base: app.base.clone(),
        secret: aicha.secret.clone(),
    };
    // Signing in used the code of the next step (now + 30 s): a code no newer than that one
    // is refused. The current step's code is used here, so that crossing a 30-second
    // boundary while the test runs cannot make the code a fresh one.
    let (status, body) = fresh.sign_in("aicha@mairie-rumilly.fr", 0).await;
    assert_eq!(status, 401, "a code is accepted once");
    assert!(body.contains("Adresse, mot de passe ou code incorrect."));
    let wrong = Console {
        secret: accounts::new_totp_secret(),
        ..fresh
    };
    let (status, _) = wrong.sign_in("aicha@mairie-rumilly.fr", 0).await;
    assert_eq!(status, 401, "another authenticator's code");
    let (status, _) = wrong.sign_in("nobody@mairie-rumilly.fr", 0).await;
    assert_eq!(status, 401);
    for _ in 0..3 {
        wrong.sign_in("aicha@mairie-rumilly.fr", 0).await;
    }
    let (status, body) = wrong.sign_in("aicha@mairie-rumilly.fr", 0).await;
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("Trop d'essais."));
}

#[tokio::test]
async fn failed_sign_ins_are_counted_across_instances() {
    let app = app().await;
    let url = app.settings.database_url.clone();
    // A second instance on the same database, as behind a load balancer.
    let other = crate::helpers::spawn_app_with(|s| {
        s.database_url = url;
        s.outbox_worker = false;
    })
    .await;
    let aicha = mediator(&app, "aicha@mairie-rumilly.fr", "Aïcha", false).await;
    let wrong_here = Console {
        http: browser(),
        base: app.base.clone(),
        secret: accounts::new_totp_secret(),
    };
    let wrong_there = Console {
        http: browser(),
        base: other.base.clone(),
        secret: wrong_here.secret.clone(),
    };
    // Four wrong codes through each instance: each one alone stays under its own limit.
    for _ in 0..4 {
        let (status, _) = wrong_here.sign_in("aicha@mairie-rumilly.fr", 0).await;
        assert_eq!(status, 401);
        let (status, _) = wrong_there.sign_in("aicha@mairie-rumilly.fr", 0).await;
        assert_eq!(status, 401);
    }
    assert_eq!(other.count("sign_in_failures").await, 8);
    // Then even the right password and a fresh code wait, whichever instance is asked.
    let right_there = Console {
        http: browser(),
        base: other.base.clone(),
        secret: aicha.secret.clone(),
    };
    let (status, body) = right_there.sign_in("aicha@mairie-rumilly.fr", 60).await;
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("Trop d'essais."));
}

#[tokio::test]
async fn a_setup_link_works_once_and_checks_what_is_typed() {
    let app = app().await;
    let store = app.running.conversations.store.clone();
    let created = accounts::create(
        store.as_ref(),
        "mairie-rumilly",
        "marc@mairie-rumilly.fr",
        "Marc",
        false,
        &app.base,
        now(),
    )
    .await
    .unwrap();
    let link = created.setup_url.clone();
    assert!(
        link.starts_with(&format!("{}/mediation/activer/", app.base)),
        "{link}"
    );
    let http = browser();
    let html = http.get(&link).send().await.unwrap().text().await.unwrap();
    let secret = text_after(&html, "id=\"totp-secret\">");
    let again = http.get(&link).send().await.unwrap().text().await.unwrap();
    assert_eq!(
        text_after(&again, "id=\"totp-secret\">"),
        secret,
        "the same secret until set up"
    );
    let csrf = field(&html, "csrf");
    let post = |password: &'static str, code: String| {
        let (http, link, csrf) = (http.clone(), link.clone(), csrf.clone());
        async move {
            let r = http
                .post(&link)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("password", password),
                    ("again", password),
                    ("code", code.as_str()),
                ])
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), unescape(&r.text().await.unwrap()))
        }
    };
    let (status, body) = post("court", accounts::code_at(&secret, now()).unwrap()).await;
    assert_eq!(status, 400);
    assert!(body.contains("12 caractères au moins"), "{body}");
    let (status, body) = post("un mot de passe assez long", "000000".into()).await;
    assert_eq!(status, 400);
    assert!(body.contains("Ce code ne correspond pas."), "{body}");
    let (status, _) = post(
        "un mot de passe assez long",
        accounts::code_at(&secret, now()).unwrap(),
    )
    .await;
    assert_eq!(status, 303);
    let spent = http.get(&link).send().await.unwrap();
    assert_eq!(spent.status(), 404, "spent");
    assert!(
        crate::console::unescape(&spent.text().await.unwrap())
            .contains("Ce lien n'est plus valable.")
    );
    let m = store
        .mediator_by_email("marc@mairie-rumilly.fr")
        .await
        .unwrap()
        .unwrap();
    assert!(m.password_hash.unwrap().starts_with("$argon2id$"));
    // A duplicate address is refused.
    let dup = accounts::create(
        store.as_ref(),
        "mairie-rumilly",
        "MARC@mairie-rumilly.fr",
        "Marc",
        false,
        &app.base,
        now(),
    )
    .await;
    assert!(matches!(dup, Err(accounts::CreateError::Taken)));
}

#[tokio::test]
async fn an_admin_adds_and_disables_mediators_of_their_relais() {
    let app = app().await;
    let admin = mediator(&app, "chef@mairie-rumilly.fr", "Chef", true).await;
    let (status, body) = admin
        .post(
            "/mediation/equipe",
            "/mediation/equipe",
            &[("name", "Marc"), ("email", "marc@mairie-rumilly.fr")],
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let link = text_after(&body, "<code id=\"setup-link\">");
    assert!(link.contains("/mediation/activer/"), "{body}");
    let marc = set_up_and_sign_in(&app, &link, "marc@mairie-rumilly.fr").await;
    let (status, _) = marc.get("/mediation/equipe").await;
    assert_eq!(status, 403, "a mediator does not manage accounts");
    let (status, _) = marc.get("/mediation").await;
    assert_eq!(status, 200);

    let m = app
        .running
        .conversations
        .store
        .mediator_by_email("marc@mairie-rumilly.fr")
        .await
        .unwrap()
        .unwrap();
    let (status, _) = admin
        .post(
            "/mediation/equipe",
            &format!("/mediation/equipe/{}/desactiver", m.id),
            &[],
        )
        .await;
    assert_eq!(status, 303);
    let (status, _) = marc.get("/mediation").await;
    assert_eq!(status, 303, "a disabled account's session ends");
    let (_, team) = admin.get("/mediation/equipe").await;
    assert!(team.contains("désactivé"), "{team}");
}

#[tokio::test]
async fn an_admin_changes_the_relais_settings_and_they_count_at_once() {
    let app = app().await;
    let admin = mediator(&app, "chef@mairie-rumilly.fr", "Chef", true).await;
    let (status, page) = admin.get("/mediation/relais").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Rumilly (74150)"),
        "communes by name and postal code: {page}"
    );
    assert!(page.contains("04 50 01 02 03"), "{page}");
    let (status, body) = admin
        .post(
            "/mediation/relais",
            "/mediation/relais",
            &[
                ("help_line", "06 99 88 77 66"),
                ("hours", "lun-ven 09:00-12:00"),
                ("communes", "74150\nAtlantide"),
            ],
        )
        .await;
    assert_eq!(status, 400);
    assert!(
        body.contains("Plusieurs communes correspondent à 74150")
            && body.contains("Rumilly (74150)"),
        "{body}"
    );
    assert!(
        body.contains("Aucune commune ne s'appelle ainsi : Atlantide."),
        "{body}"
    );
    let (status, to) = admin
        .post(
            "/mediation/relais",
            "/mediation/relais",
            &[
                ("help_line", "06 99 88 77 66"),
                ("hours", "lun-ven 09:00-12:00"),
                ("communes", "Rumilly (74150)\nAnnecy"),
            ],
        )
        .await;
    assert_eq!((status, to.as_str()), (303, "/mediation/relais?fait=1"));
    let (_, page) = admin.get(&to).await;
    assert!(
        page.contains("Les réglages sont enregistrés.") && page.contains("Annecy (74000)"),
        "{page}"
    );

    // No restart: the next request's team SMS goes to the new help line.
    request_by_sms(&app, ALICE).await;
    let rows = crate::helpers::outbox_rows(&app, None).await;
    let team = rows
        .iter()
        .find(|r| r.kind == "help_request")
        .expect("the team is told");
    assert_eq!(team.recipient, "+33699887766");
    let stored = app
        .running
        .conversations
        .store
        .stored_relais()
        .await
        .unwrap();
    assert_eq!(
        stored[0].communes,
        vec!["74225".to_string(), "74010".to_string()]
    );

    let marc_link = accounts::create(
        app.running.conversations.store.as_ref(),
        "mairie-rumilly",
        "marc@mairie-rumilly.fr",
        "Marc",
        false,
        &app.base,
        now(),
    )
    .await
    .unwrap()
    .setup_url;
    let marc = set_up_and_sign_in(&app, &marc_link, "marc@mairie-rumilly.fr").await;
    let (status, _) = marc.get("/mediation/relais").await;
    assert_eq!(status, 403, "only an admin changes the settings");

    // The journal: what was seen and done in the relais, for admins only.
    let (status, journal) = admin.get("/mediation/journal").await;
    assert_eq!(status, 200);
    assert!(
        journal.contains("relais_settings")
            && journal.contains("sign_in")
            && journal.contains("Chef"),
        "{journal}"
    );
    let (status, _) = marc.get("/mediation/journal").await;
    assert_eq!(status, 403);
}

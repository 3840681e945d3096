//! Partner clients: tokens made by `passerelle api-client`, scopes (a read-only client cannot
//! write), relais (a client of one relais sees nothing of another), contact details only
//! with their scope, revocation, call-backs listed.

use std::process::Command;

use futures::future::BoxFuture;
use passerelle::domain::api_client::{new_token, token_hash};
use passerelle::store::{self, NewCallback, StoreError, Tx};
use serde_json::json;

use crate::api::{assert_problem, call};
use crate::helpers::{API_TOKEN, TestApp, relais, spawn_app_with};

const BIN: &str = env!("CARGO_BIN_EXE_passerelle");
const ALICE: &str = "+33612345678";
const BOB: &str = "+33698765432";
const OTHER_NUMBER: &str = "+33757000001";

/// A client made as `passerelle api-client add` makes it; returns its token.
pub(crate) async fn client(
    app: &TestApp,
    name: &str,
    relais: Option<&str>,
    scopes: &str,
) -> String {
    let token = new_token();
    app.running
        .conversations
        .store
        .add_client(name, relais, scopes, &token_hash(&token), 0)
        .await
        .unwrap();
    token
}

/// Two relais: Rumilly (the test number) and Annecy (another number).
pub(crate) async fn two_relais() -> TestApp {
    spawn_app_with(|s| {
        s.relais.push(relais(
            "mairie-annecy",
            "Mairie d'Annecy",
            OTHER_NUMBER,
            Some("+33450000000"),
        ));
    })
    .await
}

/// A help request by SMS to `to`; returns its reference.
pub(crate) async fn request(app: &TestApp, from: &str, to: &str) -> String {
    let mut last = String::new();
    for m in [
        "bonjour",
        "1",
        "5",
        "74150",
        "1",
        "cette semaine",
        "non",
        "oui",
    ] {
        let sid = app.next_sid();
        last = app
            .sms_with(&[
                ("From", from),
                ("To", to),
                ("Body", m),
                ("MessageSid", &sid),
            ])
            .await
            .message()
            .unwrap_or_default();
    }
    let i = last.find("Votre code : ").expect("a code") + "Votre code : ".len();
    last[i..i + 7].replace(' ', "")
}

#[tokio::test]
async fn a_client_sees_only_its_relais_and_only_what_its_scopes_allow() {
    let app = two_relais().await;
    let rumilly = request(&app, ALICE, crate::helpers::RELAIS_NUMBER).await;
    let annecy = request(&app, BOB, OTHER_NUMBER).await;
    let reader = client(
        &app,
        "rumilly-reader",
        Some("mairie-rumilly"),
        "help_requests:read",
    )
    .await;
    let other = client(
        &app,
        "annecy",
        Some("mairie-annecy"),
        "help_requests:read contact_details",
    )
    .await;

    let (status, _, list) = call(&app, &reader, "GET", "/api/v1/help-requests", None).await;
    assert_eq!(status, 200);
    let refs: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap())
        .collect();
    assert_eq!(refs, [rumilly.as_str()]);
    assert!(
        list["items"][0].get("contact_phone").is_none(),
        "no contact scope"
    );
    let (status, _, _) = call(
        &app,
        &reader,
        "GET",
        &format!("/api/v1/help-requests/{annecy}"),
        None,
    )
    .await;
    assert_eq!(
        status, 404,
        "another relais's request does not exist for it"
    );
    let answer = call(
        &app,
        &reader,
        "GET",
        "/api/v1/help-requests?relais=mairie-annecy",
        None,
    )
    .await;
    assert_problem(&answer, 403);

    let (_, _, theirs) = call(&app, &other, "GET", "/api/v1/help-requests", None).await;
    let items = theirs["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["reference"], annecy.as_str());
    assert_eq!(items[0]["contact_phone"], BOB, "with contact_details");

    // Read-only: no writing, and nothing outside its resource.
    let answer = call(
        &app,
        &reader,
        "PUT",
        "/api/v1/missions/local/x",
        Some(json!({"title": "T", "organization_name": "O", "commune_insee": "74225"})),
    )
    .await;
    assert_problem(&answer, 403);
    assert!(
        answer.2["detail"]
            .as_str()
            .unwrap()
            .contains("missions:write")
    );
    assert_problem(
        &call(&app, &reader, "GET", "/api/v1/missions", None).await,
        403,
    );
    assert_problem(
        &call(&app, &reader, "GET", "/api/v1/sign-ups", None).await,
        403,
    );

    // The admin token sees both.
    let (_, _, all) = call(&app, API_TOKEN, "GET", "/api/v1/help-requests", None).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn call_back_requests_are_listed_with_the_number_only_for_contact_details() {
    let app = two_relais().await;
    let store = app.running.conversations.store.clone();
    store::within(
        store.as_ref(),
        |tx: &mut dyn Tx| -> BoxFuture<'_, Result<(), StoreError>> {
            Box::pin(async move {
                let c = tx.contact(ALICE, 100).await?;
                tx.create_callback(&NewCallback {
                    contact_id: c.id,
                    relais: "mairie-rumilly",
                    reason: "asked",
                    channel: "sms",
                    recording_url: None,
                    context: Some("aide: courses"),
                    now: 100,
                })
                .await?;
                Ok(())
            })
        },
    )
    .await
    .unwrap();
    let plain = client(&app, "plain", None, "help_requests:read").await;
    let full = client(&app, "full", None, "help_requests:read,contact_details").await;
    let annecy = client(&app, "annecy", Some("mairie-annecy"), "all").await;
    let (status, _, list) = call(&app, &plain, "GET", "/api/v1/callback-requests", None).await;
    assert_eq!(status, 200, "{list}");
    let item = &list["items"][0];
    assert_eq!(item["reason"], "asked");
    assert_eq!(item["status"], "open");
    assert!(item.get("contact_phone").is_none());
    assert!(item.get("context").is_none());
    let (_, _, list) = call(&app, &full, "GET", "/api/v1/callback-requests", None).await;
    assert_eq!(list["items"][0]["contact_phone"], ALICE);
    let (_, _, list) = call(&app, &annecy, "GET", "/api/v1/callback-requests", None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);

    // Marked done by the team: it comes back to whoever follows changes.
    let (_, _, page) = call(&app, &plain, "GET", "/api/v1/callback-requests", None).await;
    let cursor = page["next_cursor"].as_str().unwrap().to_string();
    crate::helpers::sql_texts(
        &app.settings.database_url,
        "UPDATE callback_requests SET status = 'done'",
    )
    .await;
    let (_, _, after) = call(
        &app,
        &plain,
        "GET",
        &format!("/api/v1/callback-requests?cursor={cursor}"),
        None,
    )
    .await;
    assert_eq!(after["items"][0]["status"], "done", "{after}");
}

#[tokio::test]
async fn the_command_line_adds_lists_and_revokes_a_client_whose_token_works_until_then() {
    let app = spawn_app_with(|_| {}).await;
    let cli = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(args)
            .env("DATABASE_URL", &app.settings.database_url)
            .env_remove("PASSERELLE_API_TOKEN")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, out) = cli(&[
        "api-client",
        "add",
        "--name",
        "jeveuxaider",
        "--scopes",
        "missions:read",
        "signups:read",
    ]);
    assert!(ok, "{out}");
    let token = out
        .lines()
        .find_map(|l| l.split("keep it secret): ").nth(1))
        .expect("the token, once")
        .trim()
        .to_string();
    assert!(token.starts_with("psl_"), "{out}");
    let (ok, out) = cli(&[
        "api-client",
        "add",
        "--name",
        "x",
        "--scopes",
        "people:read",
    ]);
    assert!(!ok && out.contains("people:read"), "{out}");
    let (ok, out) = cli(&[
        "api-client",
        "add",
        "--name",
        "jeveuxaider",
        "--scopes",
        "all",
    ]);
    assert!(!ok && out.contains("exists"), "{out}");

    let (status, _, _) = call(&app, &token, "GET", "/api/v1/missions", None).await;
    assert_eq!(status, 200);
    let (ok, out) = cli(&["api-client", "list"]);
    assert!(
        ok && out.contains("jeveuxaider") && out.contains("missions:read signups:read"),
        "{out}"
    );
    assert!(!out.contains(&token), "the token is never shown again");
    let (ok, out) = cli(&["api-client", "revoke", "jeveuxaider"]);
    assert!(ok, "{out}");
    assert_problem(
        &call(&app, &token, "GET", "/api/v1/missions", None).await,
        401,
    );
}

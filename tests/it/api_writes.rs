//! Partners writing back: a help request moved through the lifecycle (the client its author,
//! the resident told, every view and change audited), the organisation's answer to a
//! sign-up.

use serde_json::json;

use crate::api::{assert_problem, call};
use crate::api_clients::{client, request, two_relais};

const ALICE: &str = "+33612345678";

#[tokio::test]
async fn a_partner_moves_a_request_through_the_lifecycle_and_every_view_is_audited() {
    let app = two_relais().await;
    let reference = request(&app, ALICE, crate::helpers::RELAIS_NUMBER).await;
    let partner = client(
        &app,
        "asso-rumilly",
        Some("mairie-rumilly"),
        "help_requests:read help_requests:write",
    )
    .await;
    let reader = client(&app, "reader", None, "help_requests:read contact_details").await;
    let annecy = client(&app, "annecy", Some("mairie-annecy"), "all").await;
    let path = format!("/api/v1/help-requests/{reference}");

    let (status, _, taken) = call(
        &app,
        &partner,
        "PATCH",
        &path,
        Some(json!({"status": "taken"})),
    )
    .await;
    assert_eq!(status, 200, "{taken}");
    assert_eq!(taken["status"], "taken");
    assert_eq!(taken["taken_by"], "asso-rumilly");
    let answer = call(
        &app,
        &partner,
        "POST",
        &format!("{path}/status"),
        Some(json!({"status": "matched"})),
    )
    .await;
    assert_problem(&answer, 400);
    assert_eq!(answer.2["parameter"], "helper");
    let (status, _, matched) = call(
        &app,
        &partner,
        "POST",
        &format!("{path}/status"),
        Some(json!({"status": "matched", "helper": {"kind": "person", "name": "Marie", "when": "jeudi"}})),
    )
    .await;
    assert_eq!(status, 200, "{matched}");
    assert_eq!(matched["helper"]["name"], "Marie");
    let told = crate::helpers::outbox_rows(&app, None)
        .await
        .into_iter()
        .filter(|r| r.kind == "request_status" && r.recipient == ALICE)
        .count();
    assert_eq!(
        told, 1,
        "the resident hears that help was found, as from the console"
    );
    assert_problem(
        &call(
            &app,
            &partner,
            "PATCH",
            &path,
            Some(json!({"status": "open"})),
        )
        .await,
        409,
    );
    assert_problem(
        &call(
            &app,
            &partner,
            "PATCH",
            &path,
            Some(json!({"status": "impossible"})),
        )
        .await,
        400,
    );
    assert_problem(
        &call(
            &app,
            &reader,
            "PATCH",
            &path,
            Some(json!({"status": "done"})),
        )
        .await,
        403,
    );
    assert_problem(
        &call(
            &app,
            &annecy,
            "PATCH",
            &path,
            Some(json!({"status": "done"})),
        )
        .await,
        404,
    );

    // Who changed it is the client, in the request's history.
    let store = app.running.conversations.store.clone();
    let r = store.help_request(&reference).await.unwrap().unwrap();
    let history = store.request_history(r.id).await.unwrap();
    let changes: Vec<(String, Option<String>)> = history
        .iter()
        .map(|e| (e.actor.kind().to_string(), e.to_status.clone()))
        .collect();
    assert_eq!(
        changes,
        [
            ("api_client".to_string(), Some("taken".to_string())),
            ("api_client".to_string(), Some("matched".to_string()))
        ]
    );
    assert_eq!(history[0].actor.name(), Some("asso-rumilly"));

    // Reads of personal data are audited, one entry per request seen, by client.
    call(&app, &reader, "GET", "/api/v1/help-requests", None).await;
    call(&app, &reader, "GET", &path, None).await;
    call(&app, &annecy, "GET", "/api/v1/help-requests", None).await;
    let entries = store.audit_entries(0, i64::MAX).await.unwrap();
    let of = |name: &str, action: &str| {
        entries
            .iter()
            .filter(|e| e.actor.name() == Some(name) && e.action == action)
            .count()
    };
    assert_eq!(of("asso-rumilly", "status_taken"), 1);
    assert_eq!(of("asso-rumilly", "status_matched"), 1);
    assert_eq!(of("reader", "api_view_request"), 2);
    assert_eq!(of("annecy", "api_view_request"), 0, "it saw nothing");
    let seen = entries
        .iter()
        .find(|e| e.actor.name() == Some("reader"))
        .unwrap();
    assert_eq!(seen.request_reference.as_deref(), Some(reference.as_str()));
    assert_eq!(seen.contact_id, r.contact_id);
    assert_eq!(seen.detail.as_deref(), Some("api, with contact details"));
}

#[tokio::test]
async fn the_organisation_answers_a_sign_up_through_the_api() {
    let s = crate::signups::setup(2, None, Some("+33450999999")).await;
    let at = crate::helpers::paris("2026-12-01T10:00");
    s.sign_up(ALICE, at).await;
    let org = client(
        &s.app,
        "asso",
        Some("mairie-rumilly"),
        "signups:read signups:write",
    )
    .await;
    let (_, _, list) = call(&s.app, &org, "GET", "/api/v1/sign-ups", None).await;
    let id = list["items"][0]["id"].as_i64().unwrap();
    assert_eq!(list["items"][0]["mission_external_id"], "m1");

    let answer = call(
        &s.app,
        &org,
        "POST",
        &format!("/api/v1/sign-ups/{id}/status"),
        Some(json!({"status": "bravo"})),
    )
    .await;
    assert_problem(&answer, 400);
    let (status, _, done) = call(
        &s.app,
        &org,
        "POST",
        &format!("/api/v1/sign-ups/{id}/status"),
        Some(json!({"status": "validee", "note": "À jeudi"})),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["status"], "validee");
    assert_eq!(done["note"], "À jeudi");
    let told = crate::helpers::outbox_rows(&s.app, None)
        .await
        .into_iter()
        .filter(|r| r.kind == "signup_answer" && r.recipient == ALICE)
        .count();
    assert_eq!(told, 1, "the volunteer is told, as from the command line");
    let entries = s
        .app
        .running
        .conversations
        .store
        .audit_entries(0, i64::MAX)
        .await
        .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["api_view_signup", "api_change_signup"],
        "{actions:?}"
    );
    let answer = call(
        &s.app,
        &org,
        "POST",
        &format!("/api/v1/sign-ups/{id}/status"),
        Some(json!({"status": "en_attente_validation"})),
    )
    .await;
    assert_problem(&answer, 409);
    let reader = client(&s.app, "reader", None, "signups:read").await;
    let answer = call(
        &s.app,
        &reader,
        "POST",
        &format!("/api/v1/sign-ups/{id}/status"),
        Some(json!({"status": "refusee"})),
    )
    .await;
    assert_problem(&answer, 403);
    let elsewhere = client(&s.app, "elsewhere", Some("mairie-annecy"), "signups:write").await;
    let answer = call(
        &s.app,
        &elsewhere,
        "POST",
        &format!("/api/v1/sign-ups/{id}/status"),
        Some(json!({"status": "refusee"})),
    )
    .await;
    assert_problem(&answer, 404);
}

/// A NUL character is no text anyone writes, and PostgreSQL cannot store it: refused as a
/// problem wherever it hides (body, path, query), never a server error.
#[tokio::test]
async fn a_nul_character_is_refused_as_a_problem_not_a_server_error() {
    let app = crate::helpers::spawn_app().await;
    let token = crate::helpers::API_TOKEN;
    let mission = json!({
        "title": "Courses\u{0}",
        "organization_name": "Asso",
        "commune_insee": "74225",
    });
    let answer = call(
        &app,
        token,
        "PUT",
        "/api/v1/missions/local/m1",
        Some(mission),
    )
    .await;
    assert_problem(&answer, 400);
    assert!(
        answer.2["detail"].as_str().unwrap().contains("NUL"),
        "{}",
        answer.2
    );
    let answer = call(&app, token, "GET", "/api/v1/help_requests/48%002915", None).await;
    assert_problem(&answer, 400);
    let answer = call(
        &app,
        token,
        "GET",
        "/api/v1/help_requests?status=open%00",
        None,
    )
    .await;
    assert_problem(&answer, 400);
    // The same text without it is stored.
    let mission = json!({
        "title": "Courses",
        "organization_name": "Asso",
        "commune_insee": "74225",
    });
    let (status, _, body) = call(
        &app,
        token,
        "PUT",
        "/api/v1/missions/local/m1",
        Some(mission),
    )
    .await;
    assert_eq!(status, 201, "{body}");
}

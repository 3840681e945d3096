//! The JSON API: tokens, problems (RFC 9457), lists that follow changes with a cursor,
//! filters checked, the OpenAPI document, missions written by their source.

use serde_json::{Value, json};

use crate::helpers::{API_TOKEN, TestApp, spawn_app, spawn_app_with};

/// Calls the API with a token; returns the status, the content type and the JSON body.
pub async fn call(
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, String, Value) {
    let url = format!("{}{path}", app.base);
    let mut req = app
        .http
        .request(method.parse().unwrap(), url)
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let ct = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, resp.json().await.unwrap_or(Value::Null))
}

/// Asserts an answer is a problem of this status.
pub fn assert_problem(answer: &(u16, String, Value), status: u16) {
    let (s, ct, body) = answer;
    assert_eq!(*s, status, "{body}");
    assert_eq!(ct, "application/problem+json", "{body}");
    assert_eq!(body["status"], status, "{body}");
    assert!(
        body["title"].is_string() && body["detail"].is_string(),
        "{body}"
    );
    assert!(body["type"].is_string(), "{body}");
}

#[tokio::test]
async fn the_api_needs_a_known_token_and_says_so_as_a_problem() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/help-requests",
        "/api/v1/missions",
        "/api/v1/sign-ups",
        "/api/v1/callback-requests",
        "/api/v1/help-requests/482915",
    ] {
        let r = app
            .http
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 401, "{path}");
        assert_eq!(r.headers()["www-authenticate"], "Bearer");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        assert_problem(&call(&app, "wrong", "GET", path, None).await, 401);
    }
}

#[tokio::test]
async fn without_a_configured_token_the_admin_token_does_not_exist() {
    let app = spawn_app_with(|s| s.api_token = Default::default()).await;
    let answer = call(&app, API_TOKEN, "GET", "/api/v1/missions", None).await;
    assert_problem(&answer, 401);
    assert!(
        answer.2["detail"]
            .as_str()
            .unwrap()
            .contains("PASSERELLE_API_TOKEN")
    );
}

#[tokio::test]
async fn a_list_is_walked_with_its_cursor_without_missing_or_repeating() {
    let app = spawn_app().await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/missions?limit=10&cursor={c}"),
            None => "/api/v1/missions?limit=10".into(),
        };
        let (status, _, page) = call(&app, API_TOKEN, "GET", &path, None).await;
        assert_eq!(status, 200, "{page}");
        pages += 1;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 10);
        seen.extend(items.iter().map(|m| m["id"].as_i64().unwrap()));
        cursor = page["next_cursor"].as_str().map(str::to_string);
        assert!(cursor.is_some(), "a cursor even on the last page");
        if !page["has_more"].as_bool().unwrap() {
            break;
        }
    }
    let total = app.count("missions").await as usize;
    assert!((25..=40).contains(&total), "{total}");
    assert_eq!(pages, total.div_ceil(10));
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), total, "every mission once");
    assert_eq!(seen.len(), total);

    // Nothing changed since the last cursor: an empty page that keeps the cursor.
    let c = cursor.unwrap();
    let (_, _, after) = call(
        &app,
        API_TOKEN,
        "GET",
        &format!("/api/v1/missions?cursor={c}"),
        None,
    )
    .await;
    assert_eq!(after["items"].as_array().unwrap().len(), 0);
    assert_eq!(after["next_cursor"], c.as_str());

    // A mission changed now comes back after that cursor, and only it.
    let (status, _, _) = call(
        &app,
        API_TOKEN,
        "PUT",
        "/api/v1/missions/demo/late-change",
        Some(json!({"title": "Nouvelle", "organization_name": "Asso", "commune_insee": "74225"})),
    )
    .await;
    assert_eq!(status, 201);
    let (_, _, after) = call(
        &app,
        API_TOKEN,
        "GET",
        &format!("/api/v1/missions?cursor={c}"),
        None,
    )
    .await;
    let items = after["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{after}");
    assert_eq!(items[0]["external_id"], "late-change");

    let (_, _, none) = call(
        &app,
        API_TOKEN,
        "GET",
        "/api/v1/missions?updated_since=2099-01-01T00:00:00Z",
        None,
    )
    .await;
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    let (_, _, all) = call(
        &app,
        API_TOKEN,
        "GET",
        "/api/v1/missions?updated_since=2000-01-01T00:00:00Z&limit=200",
        None,
    )
    .await;
    assert_eq!(all["items"].as_array().unwrap().len(), total + 1);
}

#[tokio::test]
async fn wrong_filters_and_paths_are_problems_not_empty_lists() {
    let app = spawn_app().await;
    for (path, parameter) in [
        ("/api/v1/help-requests?status=bogus", "status"),
        ("/api/v1/help-requests?category=cuisine", "category"),
        ("/api/v1/sign-ups?status=ok", "status"),
        ("/api/v1/sign-ups?mission_id=abc", "mission_id"),
        ("/api/v1/missions?status=maybe", "status"),
        ("/api/v1/callback-requests?status=later", "status"),
        ("/api/v1/missions?limit=0", "limit"),
        ("/api/v1/missions?limit=201", "limit"),
        ("/api/v1/missions?updated_since=yesterday", "updated_since"),
        ("/api/v1/missions?cursor=not-a-cursor", "cursor"),
    ] {
        let answer = call(&app, API_TOKEN, "GET", path, None).await;
        assert_problem(&answer, 400);
        assert_eq!(answer.2["parameter"], parameter, "{path}");
    }
    assert_problem(
        &call(&app, API_TOKEN, "GET", "/api/v1/help-requests/000000", None).await,
        404,
    );
    assert_problem(
        &call(&app, API_TOKEN, "GET", "/api/v1/nowhere", None).await,
        404,
    );
    assert_problem(
        &call(&app, API_TOKEN, "DELETE", "/api/v1/missions", None).await,
        405,
    );
    assert_problem(
        &call(&app, API_TOKEN, "GET", "/api/v1/sign-ups/abc", None).await,
        400,
    );
    // A body that is not JSON, or not the right JSON.
    let r = app
        .http
        .put(format!("{}/api/v1/missions/local/x", app.base))
        .bearer_auth(API_TOKEN)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let answer = call(
        &app,
        API_TOKEN,
        "PUT",
        "/api/v1/missions/local/x",
        Some(json!({"title": 3})),
    )
    .await;
    assert_problem(&answer, 400);
    let too_big = "x".repeat(70 * 1024);
    let r = app
        .http
        .put(format!("{}/api/v1/missions/local/x", app.base))
        .bearer_auth(API_TOKEN)
        .header("content-type", "application/json")
        .body(format!("{{\"title\": \"{too_big}\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn a_mission_is_written_by_its_source_idempotently_and_closed_not_deleted() {
    let app = spawn_app_with(|s| s.demo_missions = false).await;
    let body = json!({
        "title": "Distribution alimentaire",
        "organization_name": "Restos du Cœur",
        "commune_insee": "74225",
        "domain": "solidarite-insertion",
        "start_at": "2026-12-03T08:00:00Z",
        "end_at": "2026-12-03T12:00",
        "places": 3,
        "description": "Servir le repas."
    });
    let path = "/api/v1/missions/jeveuxaider/ab-12";
    let (status, _, created) = call(&app, API_TOKEN, "PUT", path, Some(body.clone())).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["start_at"], "2026-12-03T09:00", "Paris time");
    assert_eq!(created["status"], "open");
    assert_eq!(created["places_left"], 3);
    let (status, _, again) = call(&app, API_TOKEN, "PUT", path, Some(body.clone())).await;
    assert_eq!(status, 200);
    assert_eq!(again["id"], created["id"]);
    assert_eq!(
        again["updated_at"], created["updated_at"],
        "nothing changed"
    );
    assert_eq!(app.count("missions").await, 1);

    let mut closed = body.clone();
    closed["status"] = json!("closed");
    let (status, _, c) = call(&app, API_TOKEN, "PUT", path, Some(closed)).await;
    assert_eq!(status, 200);
    assert_eq!(c["status"], "closed");
    assert!(c["closed_at"].is_string());
    assert_eq!(app.count("missions").await, 1, "closed, never deleted");
    let (_, _, open) = call(&app, API_TOKEN, "GET", "/api/v1/missions?status=open", None).await;
    assert_eq!(open["items"].as_array().unwrap().len(), 0);
    let (_, _, one) = call(&app, API_TOKEN, "GET", path, None).await;
    assert_eq!(one["status"], "closed");

    let mut wrong = body.clone();
    wrong["commune_insee"] = json!("99999");
    let answer = call(&app, API_TOKEN, "PUT", path, Some(wrong)).await;
    assert_problem(&answer, 400);
    assert_eq!(answer.2["parameter"], "commune_insee");
    let answer = call(
        &app,
        API_TOKEN,
        "PUT",
        "/api/v1/missions/Bad%20Source/x",
        Some(body),
    )
    .await;
    assert_problem(&answer, 400);
    assert_eq!(answer.2["parameter"], "source");
}

#[tokio::test]
async fn the_openapi_document_describes_paths_bounds_enums_formats_security_and_errors() {
    let app = spawn_app().await;
    let r = app
        .http
        .get(format!("{}/api/v1/openapi.json", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let doc: Value = r.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for (path, method) in [
        ("/api/v1/help-requests", "get"),
        ("/api/v1/help-requests/{reference}", "get"),
        ("/api/v1/callback-requests", "get"),
        ("/api/v1/missions", "get"),
        ("/api/v1/missions/{source}/{external_id}", "put"),
        ("/api/v1/sign-ups", "get"),
        ("/api/v1/sign-ups/{id}/status", "post"),
    ] {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{path} {method}");
        let problem = &op["responses"]["4XX"]["content"]["application/problem+json"];
        assert!(problem.is_object(), "{path}: errors as problems");
    }
    let params = doc["paths"]["/api/v1/help-requests"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let param = |name: &str| params.iter().find(|p| p["name"] == name).unwrap()["schema"].clone();
    assert_eq!(param("limit")["maximum"], 200);
    assert_eq!(param("limit")["minimum"], 1);
    assert_eq!(param("updated_since")["format"], "date-time");
    let statuses = param("status")["enum"].as_array().unwrap().clone();
    assert!(statuses.contains(&json!("open")), "{statuses:?}");
    let schemas = &doc["components"]["schemas"];
    assert!(
        schemas["HelpRequestOut"]["properties"]["category"]["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("courses"))
    );
    assert_eq!(
        schemas["HelpRequestOut"]["properties"]["created_at"]["format"],
        "date-time"
    );
    assert!(schemas["Problem"]["properties"]["detail"].is_object());
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

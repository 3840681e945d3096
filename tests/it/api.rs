//! The JSON API: bearer token, pagination, OpenAPI document, demo missions.

use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn the_api_needs_the_bearer_token() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/help-requests",
        "/api/v1/missions",
        "/api/v1/sign-ups",
        "/api/v1/help-requests/482915",
    ] {
        let r = app
            .http
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 401, "{path}");
        let r = app
            .http
            .get(format!("{}{path}", app.base))
            .bearer_auth("wrong")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 401, "{path}");
    }
}

#[tokio::test]
async fn without_a_configured_token_the_api_is_closed_to_everyone() {
    let app = spawn_app_with(|s| s.api_token = Default::default()).await;
    let (status, body) = app.api("/api/v1/missions").await;
    assert_eq!(status, 401);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("PASSERELLE_API_TOKEN")
    );
}

#[tokio::test]
async fn demo_missions_are_listed_page_by_page() {
    let app = spawn_app().await;
    let (status, page1) = app.api("/api/v1/missions?per_page=10").await;
    assert_eq!(status, 200);
    let total = page1["total"].as_i64().unwrap();
    assert!((25..=40).contains(&total), "{total}");
    assert_eq!(page1["items"].as_array().unwrap().len(), 10);
    let m = &page1["items"][0];
    for field in [
        "id",
        "source",
        "title",
        "organization",
        "domain",
        "commune_insee",
        "start_at",
        "places_left",
    ] {
        assert!(!m[field].is_null(), "{field}");
    }
    assert_eq!(m["source"], "demo");
    let (_, page2) = app.api("/api/v1/missions?per_page=10&page=2").await;
    assert_ne!(page1["items"][0]["id"], page2["items"][0]["id"]);
    let (status, bad) = app.api("/api/v1/missions?per_page=0").await;
    assert_eq!(status, 400);
    assert!(bad["error"].as_str().unwrap().contains("per_page"));
    let (status, _) = app.api("/api/v1/help-requests/000000").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn demo_missions_can_be_turned_off() {
    let app = spawn_app_with(|s| s.demo_missions = false).await;
    let (_, page) = app.api("/api/v1/missions").await;
    assert_eq!(page["total"], 0);
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = spawn_app().await;
    let r = app
        .http
        .get(format!("{}/api/v1/openapi.json", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let doc: serde_json::Value = r.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/help-requests",
        "/api/v1/help-requests/{reference}",
        "/api/v1/missions",
        "/api/v1/sign-ups",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
    let props = &doc["components"]["schemas"]["HelpRequestOut"]["properties"];
    for f in [
        "reference",
        "relais",
        "category",
        "commune_insee",
        "urgency",
        "details",
        "status",
        "channel",
        "created_at",
    ] {
        assert!(props[f].is_object(), "{f}");
    }
}

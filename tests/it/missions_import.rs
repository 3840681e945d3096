//! Importing missions: a realistic API Engagement feed of 5,000 missions with a few broken
//! rows through `passerelle missions import` (counts reported, re-import changes nothing, a
//! shorter full feed closes the rest without deleting), and a CSV through the API.

use std::process::Command;

use passerelle::domain::Communes;
use passerelle::store::partners::{Filter, Window};
use serde_json::{Value, json};

use crate::api::{assert_problem, call};
use crate::helpers::{API_TOKEN, spawn_app_with};

const BIN: &str = env!("CARGO_BIN_EXE_passerelle");
const DOMAINS: [&str; 5] = [
    "solidarite-insertion",
    "sante",
    "education",
    "environnement",
    "sport",
];

/// `n` missions as API Engagement's search answers them, in communes of the region; rows
/// 100, 2000, 3000, 4000 and 4500 are broken (no title, unknown postal code, a date that is
/// not one, not an object, an unknown domain).
fn feed(n: usize) -> Value {
    let communes = Communes::embedded().unwrap();
    let places: Vec<_> = communes
        .iter()
        .filter(|c| !c.arrondissement && !c.postal_codes.is_empty())
        .take(400)
        .collect();
    let data: Vec<Value> = (0..n)
        .map(|i| {
            let c = places[i % places.len()];
            let mut m = json!({
                "_id": format!("66a{i:021}"),
                "clientId": format!("mission-{i}"),
                "title": format!("Mission de bénévolat n°{i}"),
                "description": format!("<p>Aider l'association <b>{}</b> le samedi.</p>", c.name),
                "organizationName": format!("Association {}", i % 97),
                "domain": DOMAINS[i % DOMAINS.len()],
                "addresses": [{
                    "street": format!("{} rue de la Mairie", i % 40 + 1),
                    "postalCode": c.postal_codes[0],
                    "city": c.name,
                    "departmentCode": c.department,
                    "location": {"lat": c.lat, "lon": c.lon}
                }],
                "startAt": format!("2027-0{}-1{}T08:00:00.000Z", i % 9 + 1, i % 10),
                "endAt": null,
                "places": i % 12 + 1,
                "openToMinors": "no",
                "reducedMobilityAccessible": "yes",
                "applicationUrl": format!("https://example.org/m/{i}"),
                "remote": "no"
            });
            match i {
                100 => {
                    m.as_object_mut().unwrap().remove("title");
                }
                2000 => m["addresses"][0]["postalCode"] = json!("99999"),
                3000 => m["startAt"] = json!("bientôt"),
                4000 => m = json!("not a mission"),
                4500 => m["domain"] = json!("cuisine"),
                _ => {}
            }
            m
        })
        .collect();
    json!({"ok": true, "total": n, "limit": n, "skip": 0, "data": data})
}

fn import(dir: &std::path::Path, db: &str, file: &str, full: bool) -> String {
    let mut args = vec!["missions", "import", file];
    if full {
        args.push("--full");
    }
    let out = Command::new(BIN)
        .args(&args)
        .current_dir(dir)
        .env("DATABASE_URL", db)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[tokio::test]
async fn a_feed_of_5000_missions_imports_once_reports_its_broken_rows_and_closes_what_it_drops() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::helpers::test_database_url(dir.path());
    let full = feed(5000);
    std::fs::write(dir.path().join("feed.json"), full.to_string()).unwrap();
    let out = import(dir.path(), &db, "feed.json", true);
    assert!(
        out.starts_with("5000 row(s): 4995 created, 0 updated, 0 unchanged, 0 closed, 5 refused"),
        "{out}"
    );
    for (place, why) in [
        ("index 100 (mission-100)", "title"),
        ("index 2000 (mission-2000)", "postal_code"),
        ("index 3000 (mission-3000)", "start_at"),
        ("index 4000 (no id)", ""),
        ("index 4500 (mission-4500)", "domain"),
    ] {
        let line = out
            .lines()
            .find(|l| l.contains(place))
            .unwrap_or_else(|| panic!("{place}: {out}"));
        assert!(line.contains(why), "{line}");
    }

    let again = import(dir.path(), &db, "feed.json", true);
    assert!(
        again.starts_with("5000 row(s): 0 created, 0 updated, 4995 unchanged, 0 closed, 5 refused"),
        "re-import changes nothing: {again}"
    );

    let mut shorter = full.clone();
    shorter["data"].as_array_mut().unwrap().truncate(4000);
    std::fs::write(dir.path().join("shorter.json"), shorter.to_string()).unwrap();
    let out = import(dir.path(), &db, "shorter.json", true);
    // Rows 4000..5000 held 998 good missions (4000 and 4500 were broken).
    assert!(
        out.starts_with("4000 row(s): 0 created, 0 updated, 3997 unchanged, 998 closed, 3 refused"),
        "{out}"
    );

    let store = passerelle::store::open(&db).await.unwrap();
    assert_eq!(
        store.count("missions").await.unwrap(),
        4995,
        "closed, never deleted"
    );
    let closed = store
        .list_missions(
            &Filter {
                status: Some("closed".into()),
                ..Filter::default()
            },
            &Window {
                limit: 2000,
                ..Window::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(closed.len(), 998);
    assert!(
        closed
            .iter()
            .all(|m| m.external_id.starts_with("mission-4"))
    );
    let one = store
        .mission_by_key("api_engagement", "mission-7")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        one.description,
        format!("Aider l'association {} le samedi.", {
            let c = Communes::embedded().unwrap();
            c.by_insee(&one.commune_insee).unwrap().name.clone()
        })
    );
    assert_eq!(
        one.start_at.as_deref(),
        Some("2027-08-17T10:00"),
        "Paris summer time"
    );
}

#[tokio::test]
async fn a_csv_feed_is_imported_through_the_api_with_its_bad_lines_named() {
    let app = spawn_app_with(|s| s.demo_missions = false).await;
    let csv = "external_id,title,organization,domain,commune_insee,start_at,places\n\
               j1,Jardin partagé,Les Jardiniers,environnement,74225,2026-12-12T10:00,4\n\
               j2,Repas,Les Restos,solidarite-insertion,99999,2026-12-12T12:00,2\n\
               j3,Lecture,La Bibliothèque,culture-loisirs,74225,,1\n";
    let r = app
        .http
        .post(format!(
            "{}/api/v1/missions/import?source=mairie&full=true",
            app.base
        ))
        .bearer_auth(API_TOKEN)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["received"], 3);
    assert_eq!(report["created"], 2);
    assert_eq!(report["refused"][0]["line"], 3);
    assert_eq!(report["refused"][0]["external_id"], "j2");
    assert!(
        report["refused"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("commune_insee")
    );
    let (_, _, list) = call(
        &app,
        API_TOKEN,
        "GET",
        "/api/v1/missions?source=mairie",
        None,
    )
    .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);

    let token = passerelle::domain::api_client::new_token();
    app.running
        .conversations
        .store
        .add_client(
            "reader",
            None,
            "missions:read",
            &passerelle::domain::api_client::token_hash(&token),
            0,
        )
        .await
        .unwrap();
    let r = call(
        &app,
        &token,
        "POST",
        "/api/v1/missions/import",
        Some(json!([])),
    )
    .await;
    assert_problem(&r, 403);
    let r = call(
        &app,
        API_TOKEN,
        "POST",
        "/api/v1/missions/import?format=xml",
        Some(json!([])),
    )
    .await;
    assert_problem(&r, 400);
}

#[tokio::test]
async fn a_configured_feed_is_pulled_by_the_scheduler_and_not_again_while_its_etag_holds() {
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let partner = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/missions.json"))
        .and(header("if-none-match", "\"v1\""))
        .respond_with(ResponseTemplate::new(304))
        .with_priority(1)
        .mount(&partner)
        .await;
    Mock::given(method("GET"))
        .and(path("/missions.json"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", "\"v1\"")
                .set_body_json(feed(12)),
        )
        .with_priority(2)
        .mount(&partner)
        .await;
    let url = format!("{}/missions.json", partner.uri());
    let app = spawn_app_with(|s| {
        s.demo_missions = false;
        s.outbox_worker = false;
        s.missions_feed = Some(passerelle::config::MissionsFeed {
            url: url.clone(),
            source: "api_engagement".into(),
            every_hours: 6,
        });
    })
    .await;
    let w = crate::helpers::worker(
        &app,
        "w1",
        std::sync::Arc::new(passerelle::providers::log::LogProvider::default()),
    );
    let now = jiff::Timestamp::now().as_second();
    assert_eq!(w.scheduler_step(now).await.unwrap(), 1);
    assert_eq!(app.count("missions").await, 12);
    // Not before its period; then asked with the ETag, and the 304 changes nothing.
    assert_eq!(w.scheduler_step(now + 3600).await.unwrap(), 0);
    assert_eq!(w.scheduler_step(now + 6 * 3600 + 1).await.unwrap(), 1);
    let asked = partner.received_requests().await.unwrap();
    assert_eq!(asked.len(), 2);
    assert!(asked[0].headers.get("if-none-match").is_none());
    assert_eq!(asked[1].headers["if-none-match"], "\"v1\"");
    assert_eq!(app.count("missions").await, 12);
    let waiting = app
        .running
        .conversations
        .store
        .jobs_waiting(10)
        .await
        .unwrap();
    assert_eq!(waiting.len(), 1, "always one next pull");
    assert_eq!(waiting[0].kind, "missions_pull");
    assert_eq!(waiting[0].run_at, now + 12 * 3600 + 1);
}

//! The mediation console in a real browser: runs `kiosk-ui/e2e/console.mjs` (Playwright
//! driving Debian's Chromium, axe-core with the kiosk's tags) against a fresh server. The admin
//! sets up their account and adds a mediator from the console; the mediator sets up (the
//! script computes the TOTP codes), signs in, finds the request a signed SMS webhook made,
//! takes it and says help is found — by keyboard; records the resident's agreement in person
//! and makes a request for her through the kiosk's questions. Then the resident's SMS goes through a
//! stand-in Twilio REST server and SUIVI by SMS answers with the new status. Bounded: the
//! script gets 90 s. Never skipped (see `kiosk_browser.rs` for what it needs).

use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use passerelle::mediation::accounts;

use crate::console::{ALICE, app, now};
use crate::helpers::{sent_forms, twilio_accepting, twilio_of, worker};
use crate::lifecycle::request_by_sms;

const CHROMIUM: &str = "/usr/bin/chromium";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_passes_its_browser_test() {
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("kiosk-ui/e2e");
    assert!(
        e2e.join("node_modules/playwright-core").is_dir(),
        "the browser tests need their npm packages: run `npm ci` in {} (scripts/test-all does it)",
        e2e.display()
    );
    assert!(
        Path::new(CHROMIUM).exists(),
        "the browser tests need Debian's Chromium at {CHROMIUM} (scripts/test-all installs it)"
    );
    let app = app().await;
    let reference = request_by_sms(&app, ALICE).await;
    let store = app.running.conversations.store.clone();
    let admin = accounts::create(
        store.as_ref(),
        "mairie-rumilly",
        "chef@mairie-rumilly.fr",
        "Cheffe",
        true,
        &app.base,
        now(),
    )
    .await
    .unwrap();
    let base = app.base.clone();
    let r = reference.clone();
    let run = tokio::task::spawn_blocking(move || {
        std::process::Command::new("timeout")
            .args(["90", "node", "console.mjs"])
            .current_dir(&e2e)
            .env("CONSOLE_BASE_URL", &base)
            .env("ADMIN_LINK", &admin.setup_url)
            .env("ADMIN_EMAIL", "chef@mairie-rumilly.fr")
            .env("REFERENCE", &r)
            .env("CHROMIUM_PATH", CHROMIUM)
            .stdin(Stdio::null())
            .output()
    });
    let out = tokio::time::timeout(Duration::from_secs(100), run)
        .await
        .expect("the browser test ends within 100 s")
        .expect("the browser test's thread")
        .expect("node runs (is Node.js installed?)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        out.status.success(),
        "the console's browser test failed ({}):\n{stdout}\n{stderr}",
        out.status
    );

    // The resident's SMS goes through the stand-in Twilio.
    let twilio = twilio_accepting().await;
    let w = worker(&app, "w1", Arc::new(twilio_of(&app, &twilio)));
    w.outbox_step(now() + 1).await.unwrap();
    let sent = sent_forms(&twilio).await;
    let to_alice: Vec<_> = sent.iter().filter(|f| f["To"] == ALICE).collect();
    assert_eq!(to_alice.len(), 2, "{sent:?}");
    assert!(
        to_alice.iter().any(|f| f["Body"].contains("Qui : Marie")),
        "{to_alice:?}"
    );
    // The request the mediator made for her in the console: its code, on her phone.
    assert!(
        to_alice
            .iter()
            .any(|f| f["Body"].contains("Votre code de demande")),
        "{to_alice:?}"
    );
    // SUIVI answers with the new status.
    let follow = app
        .sms(ALICE, &format!("SUIVI {reference}"))
        .await
        .message()
        .unwrap();
    assert!(
        follow.contains("Une personne a accepté de vous aider."),
        "{follow}"
    );
}

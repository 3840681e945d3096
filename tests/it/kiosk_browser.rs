//! The kiosk in a real browser: runs `kiosk-ui/e2e/run.mjs` (Playwright driving Debian's
//! Chromium, axe-core audits, screenshots in `kiosk-ui/e2e/artifacts/`) against a fresh server.
//! The browser is enrolled as a kiosk of Rumilly first, as a mairie's kiosk is (an unenrolled
//! browser may only start a few visits a minute). Never skipped: without Chromium or the npm
//! packages it fails and says how to get them (`scripts/test-all` installs both).

use std::path::Path;
use std::process::Stdio;

use crate::helpers::spawn_app;

const CHROMIUM: &str = "/usr/bin/chromium";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kiosk_passes_its_browser_tests() {
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("kiosk-ui/e2e");
    assert!(
        e2e.join("node_modules/playwright-core").is_dir()
            && e2e.join("node_modules/@axe-core/playwright").is_dir(),
        "the kiosk's browser tests need their npm packages: run `npm ci` in {} \
         (scripts/test-all does it)",
        e2e.display()
    );
    assert!(
        Path::new(CHROMIUM).exists(),
        "the kiosk's browser tests need Debian's Chromium at {CHROMIUM}: \
         `apt-get install chromium` (scripts/test-all does it)"
    );
    let app = spawn_app().await;
    let base = app.base.clone();
    let now = jiff::Timestamp::now().as_second();
    let store = app.running.conversations.store.clone();
    let enrolment = passerelle::http::kiosk::create_enrolment(
        store.as_ref(),
        "mairie-rumilly",
        "74225",
        "Borne des tests",
        now,
    )
    .await
    .expect("an enrolment code for the browser");
    // The server keeps running on this runtime while node drives the browser.
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg("--test-reporter=spec")
            .arg("run.mjs")
            .current_dir(&e2e)
            .env("KIOSK_BASE_URL", &base)
            .env("KIOSK_ENROLMENT_CODE", &enrolment.code)
            .env("CHROMIUM_PATH", CHROMIUM)
            .stdin(Stdio::null())
            .output()
    })
    .await
    .expect("the browser tests' thread")
    .expect("node runs (is Node.js installed?)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        out.status.success(),
        "the kiosk's browser tests failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
}

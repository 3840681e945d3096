//! Schemathesis (PyPI, installed by `scripts/test-all` in `target/py`) against the live
//! server and its own `/api/v1/openapi.json`: a bounded number of generated calls per
//! operation, valid and invalid; none may get a 500, and every answer must match the
//! document (status, content type, body schema). Never skipped: without the tool it fails
//! and says how to get it.

use std::path::Path;
use std::process::Stdio;

use futures::future::BoxFuture;
use passerelle::store::{self, SignupOutcome, StoreError, Tx};

use crate::helpers::{API_TOKEN, spawn_app};

/// Generated calls per operation: enough to reach every parameter, under two minutes.
const EXAMPLES: &str = "15";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_server_error_and_every_answer_matches_the_document() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tool = root.join("target/py/bin/schemathesis");
    assert!(
        tool.exists(),
        "the API's conformance test needs Schemathesis at {}: run scripts/test-all, or \
         `python3 -m venv target/py && target/py/bin/pip install -r tests/python/requirements.txt`",
        tool.display()
    );
    let app = spawn_app().await;
    // A request and a sign-up to find, so calls naming one reach more than a 404.
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
        last = app
            .sms("+33612345678", m)
            .await
            .message()
            .unwrap_or_default();
    }
    let i = last.find("Votre code : ").expect("a code") + "Votre code : ".len();
    let reference = last[i..i + 7].replace(' ', "");
    let store = app.running.conversations.store.clone();
    let signup = store::within(
        store.as_ref(),
        |tx: &mut dyn Tx| -> BoxFuture<'_, Result<i64, StoreError>> {
            Box::pin(async move {
                let c = tx.contact("+33698765432", 0).await?;
                match tx.sign_up(1, c.id, "mairie-rumilly", "sms", 0).await? {
                    SignupOutcome::Done(s) => Ok(s.id),
                    _ => Err(StoreError::Corrupt("no sign-up".into())),
                }
            })
        },
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("schemathesis.toml");
    std::fs::write(
        &config,
        format!(
            "[parameters]\n\"path.reference\" = \"{reference}\"\n\"path.id\" = {signup}\n\"path.source\" = \"demo\"\n"
        ),
    )
    .unwrap();
    let schema = format!("{}/api/v1/openapi.json", app.base);
    let report_path = dir.path().join("report");
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(tool)
            .arg("--config-file")
            .arg(&config)
            .args(["run", &schema])
            .args(["--header", &format!("Authorization: Bearer {API_TOKEN}")])
            .args(["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection,ignored_auth"])
            .args(["--max-examples", EXAMPLES])
            .args(["--phases", "examples,coverage,fuzzing"])
            .args(["--seed", "1"])
            .args(["--workers", "1"])
            .args(["--rate-limit", "15/s"])
            .args(["--request-timeout", "10"])
            .arg("--report-dir")
            .arg(&report_path)
            // Its cache goes beside the report, not into the repository.
            .current_dir(report_path.parent().unwrap_or(&report_path))
            .stdin(Stdio::null())
            .output()
    })
    .await
    .expect("the schemathesis thread")
    .expect("schemathesis runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        out.status.success(),
        "Schemathesis found problems ({}):\n{stdout}\n{stderr}",
        out.status
    );
}

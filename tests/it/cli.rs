//! The command line as an operator uses it: `flows check`, `chat`, `requests list` and
//! `requests set`, `mediator add`, `audit export`, `backup`.

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_passerelle");

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn check(flows: &str) -> (bool, String) {
    let out = Command::new(BIN)
        .args(["flows", "check", "--flows", flows])
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn flows_check_passes_on_the_shipped_flows() {
    let (ok, out) = check(&format!("{}/flows", env!("CARGO_MANIFEST_DIR")));
    assert!(ok, "{out}");
    assert!(out.contains("all good"), "{out}");
}

#[test]
fn flows_check_names_unknown_targets_and_duplicate_keys_with_file_and_line() {
    let (ok, out) = check(&fixture("flows-bad-targets"));
    assert!(!ok);
    assert!(
        out.contains("main.toml:11: unknown target node \"nowhere\""),
        "{out}"
    );
    assert!(
        out.contains("main.toml:12: duplicate choice key \"help\""),
        "{out}"
    );
}

#[test]
fn flows_check_names_unreachable_nodes_and_dead_ends() {
    let (ok, out) = check(&fixture("flows-bad-graph"));
    assert!(!ok);
    assert!(
        out.contains("main.toml:15: unreachable node \"orphan\""),
        "{out}"
    );
    assert!(out.contains("main.toml:20: dead end"), "{out}");
    assert!(out.contains("main.toml:26: dead end"), "{out}");
}

#[test]
fn flows_check_proves_every_effect_gets_what_it_reads() {
    let (ok, out) = check(&fixture("flows-bad-contracts"));
    assert!(!ok);
    assert!(
        out.contains(
            "main.toml:30: effect \"create_help_request\" reads \"when\", which is not stored on every way to node \"create\""
        ),
        "a renamed `store` fails at load time: {out}"
    );
    assert!(
        out.contains("main.toml:35: list \"pick\" reads \"missions\""),
        "{out}"
    );
    assert!(
        out.contains("main.toml:35: slot \"commune\" does not suit node \"pick\""),
        "{out}"
    );
}

#[test]
fn flows_check_names_unhandled_and_unknown_outcomes() {
    let (ok, out) = check(&fixture("flows-bad-outcomes"));
    assert!(!ok);
    assert!(
        out.contains(
            "main.toml:12: effect node \"signup\" does not say where outcome \"not_allowed\" goes"
        ),
        "{out}"
    );
    assert!(
        out.contains("main.toml:15: effect \"cancel_signup\" has no outcome \"refused\""),
        "{out}"
    );
}

#[test]
fn flows_check_names_presentation_hints_left_behind_by_a_rename() {
    let (ok, out) = check(&fixture("flows-bad-hints"));
    assert!(!ok);
    assert!(
        out.contains("kiosk.toml:7: unknown node \"main:summary\" in a presentation hint"),
        "{out}"
    );
    assert!(
        out.contains("kiosk.toml:3: no choice \"volunteer\""),
        "{out}"
    );
    // A pictogram that does not exist, in a copy of the shipped flows.
    let flows = tempfile::tempdir().unwrap();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("flows");
    for f in std::fs::read_dir(&shipped).unwrap().flatten() {
        if f.path().is_file() {
            std::fs::copy(f.path(), flows.path().join(f.file_name())).unwrap();
        }
    }
    let hints = flows.path().join("kiosk.toml");
    let text = std::fs::read_to_string(&hints)
        .unwrap()
        .replace("yes = \"yes\"", "yes = \"sunflower\"");
    std::fs::write(&hints, text).unwrap();
    let (ok, out) = check(flows.path().to_str().unwrap());
    assert!(!ok);
    assert!(
        out.contains("kiosk.toml:") && out.contains("no pictogram \"sunflower\""),
        "{out}"
    );
    // A kiosk button label naming a node that no longer exists, in a copy of the texts.
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    for lang in ["fr", "en", "ar"] {
        std::fs::create_dir_all(dir.path().join(lang)).unwrap();
        for f in std::fs::read_dir(src.join(lang)).unwrap().flatten() {
            std::fs::copy(f.path(), dir.path().join(lang).join(f.file_name())).unwrap();
        }
    }
    let kiosk = dir.path().join("fr/kiosk.ftl");
    let mut text = std::fs::read_to_string(&kiosk).unwrap();
    text.push_str("kiosk-yes-help-recap = Confirmer\n");
    std::fs::write(&kiosk, text).unwrap();
    let out = Command::new(BIN)
        .args(["flows", "check", "--locales"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        text.contains("kiosk.ftl:")
            && text.contains(
                "\"kiosk-yes-help-recap\" labels the buttons of a node that does not exist"
            ),
        "{text}"
    );
}

#[test]
fn flows_check_names_missing_messages_and_prompts_over_budget() {
    let (ok, out) = check(&fixture("flows-bad-messages"));
    assert!(!ok);
    for lang in ["fr", "en", "ar"] {
        assert!(
            out.contains(&format!(
                "main.toml:15: message \"no-such-message\" is missing in locales/{lang}"
            )),
            "{out}"
        );
    }
    assert!(
        out.contains("main.toml:20: prompt of node \"long\" takes 2 SMS segments in fr"),
        "{out}"
    );
}

#[test]
fn flows_check_reports_toml_syntax_errors_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.toml"), "home = \"main:menu\"\n").unwrap();
    std::fs::write(
        dir.path().join("main.toml"),
        "[flow]\nid = \"main\"\nstart = \n",
    )
    .unwrap();
    let (ok, out) = check(dir.path().to_str().unwrap());
    assert!(!ok);
    assert!(out.contains("main.toml:3:"), "{out}");
}

fn run_chat(dir: &std::path::Path, input: &str) -> String {
    let mut child = Command::new(BIN)
        .args(["chat", "--from", "06 12 34 56 78"])
        .current_dir(dir)
        .env("DATABASE_URL", "sqlite:chat.db")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn chat_renders_as_sms_and_requests_list_shows_what_it_created() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_chat(dir.path(), "bonjour\n1\n1\n74150\n1\n1\nnon\noui\n");
    assert!(out.contains("1 Demander de l'aide"), "{out}");
    assert!(
        out.contains("[1 SMS, Gsm7]") || out.contains("[2 SMS, Gsm7]"),
        "{out}"
    );
    assert!(out.contains("Votre demande est envoyée."), "{out}");

    let list = Command::new(BIN)
        .args(["requests", "list", "--status", "open"])
        .current_dir(dir.path())
        .env("DATABASE_URL", "sqlite:chat.db")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.contains("1 help request(s)"), "{text}");
    assert!(
        text.contains("courses") && text.contains("Rumilly") && text.contains("aujourd_hui"),
        "{text}"
    );
    assert!(!text.contains("+336"), "no phone number listed: {text}");
    assert!(
        text.contains("+33 6 •• •• •• 78"),
        "who asked, shortened: {text}"
    );

    // The conversation goes on where it was, against the same database.
    let again = run_chat(dir.path(), "3\n");
    assert!(again.contains("Vos demandes"), "{again}");
}

#[test]
fn backup_copies_a_database_that_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    run_chat(dir.path(), "bonjour\n1\n1\n74150\n1\n1\nnon\noui\n");
    let out = Command::new(BIN)
        .args(["backup", "copy.db"])
        .current_dir(dir.path())
        .env("DATABASE_URL", "sqlite:chat.db")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = Command::new(BIN)
        .args(["requests", "list"])
        .current_dir(dir.path())
        .env("DATABASE_URL", "sqlite:copy.db")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&list.stdout).contains("1 help request(s)"));
    let again = Command::new(BIN)
        .args(["backup", "copy.db"])
        .current_dir(dir.path())
        .env("DATABASE_URL", "sqlite:chat.db")
        .output()
        .unwrap();
    assert!(
        !again.status.success(),
        "an existing file is never overwritten"
    );
}

#[test]
fn a_bad_setting_is_one_clear_line() {
    let out = Command::new(BIN)
        .args(["flows", "check"])
        .env("PASSERELLE_BIND", "partout")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim(),
        "passerelle: PASSERELLE_BIND: \"partout\" is not an address like 127.0.0.1:8080"
    );
}

#[test]
fn flows_check_refuses_menus_nested_too_deep_for_the_phone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.toml"),
        "home = \"main:menu\"\n[sms_budget]\nfr = 3\nen = 3\nar = 6\n",
    )
    .unwrap();
    let mut flow =
        String::from("[flow]\nid = \"main\"\nstart = \"menu\"\ntitle = \"doing-menu\"\n");
    for (i, (node, next)) in [("menu", "a"), ("a", "b"), ("b", "c"), ("c", "end")]
        .iter()
        .enumerate()
    {
        flow.push_str(&format!(
            "\n[nodes.{node}]\nkind = \"choice\"\nask = \"menu-ask\"\nchoices = [{{ key = \"k{i}\", label = \"menu-help\", next = \"{next}\" }}]\n"
        ));
    }
    std::fs::write(dir.path().join("main.toml"), flow).unwrap();
    let (ok, out) = check(dir.path().to_str().unwrap());
    assert!(!ok);
    assert!(
        out.contains("main.toml:6: voice: 4 menus nested from node \"menu\""),
        "{out}"
    );
}

#[test]
fn chat_voice_says_what_a_caller_would_hear() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args(["chat", "--voice", "--from", "06 12 34 56 78"])
        .current_dir(dir.path())
        .env("DATABASE_URL", "sqlite:voice.db")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"1\n1\n74150\n1\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("« Il y a 4 choix. »"), "{text}");
    assert!(text.contains("[listening: 1 key(s) or speech]"), "{text}");
    assert!(text.contains("[listening: 5 key(s) or speech]"), "{text}");
    assert!(
        text.contains("Rumilly, 74 150. C'est bien cela ?"),
        "{text}"
    );
}

fn passerelle(dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", "sqlite:chat.db")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn a_mediator_added_by_command_line_changes_a_request_and_the_audit_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let chat = run_chat(dir.path(), "bonjour\n1\n1\n74150\n1\n1\nnon\noui\n");
    let i = chat.find("Votre code : ").unwrap() + "Votre code : ".len();
    let reference = chat[i..i + 7].replace(' ', "");
    let relais = passerelle(dir.path(), &["relais", "list"]).1;
    let relais_id = relais.split_whitespace().next().unwrap().to_string();

    let (ok, out, err) = passerelle(
        dir.path(),
        &[
            "mediator",
            "add",
            "--email",
            "aicha@mairie.fr",
            "--name",
            "Aïcha",
            "--relais",
            &relais_id,
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("setup link (valid 24 hours, once): http://"),
        "{out}"
    );
    assert!(out.contains("/mediation/activer/"), "{out}");
    let (ok, _, err) = passerelle(
        dir.path(),
        &[
            "mediator",
            "add",
            "--email",
            "x@mairie.fr",
            "--name",
            "X",
            "--relais",
            "nowhere",
        ],
    );
    assert!(!ok && err.contains("unknown relais"), "{err}");

    let (ok, out, _) = passerelle(
        dir.path(),
        &[
            "requests",
            "set",
            &reference,
            "done",
            "--by",
            "aicha@mairie.fr",
        ],
    );
    assert!(!ok, "open cannot go straight to done: {out}");
    let (ok, out, err) = passerelle(
        dir.path(),
        &[
            "requests",
            "set",
            &reference,
            "taken",
            "--by",
            "aicha@mairie.fr",
        ],
    );
    assert!(ok, "{out}{err}");
    assert!(out.contains("open → taken"), "{out}");
    let (ok, out, err) = passerelle(
        dir.path(),
        &[
            "requests",
            "set",
            &reference,
            "matched",
            "--by",
            "aicha@mairie.fr",
            "--helper",
            "Marie",
        ],
    );
    assert!(ok, "{out}{err}");
    assert!(out.contains("the resident is told by SMS"), "{out}");
    let (ok, _, err) = passerelle(
        dir.path(),
        &[
            "requests",
            "set",
            &reference,
            "done",
            "--by",
            "nobody@mairie.fr",
        ],
    );
    assert!(!ok && err.contains("no active mediator"), "{err}");

    let list = passerelle(dir.path(), &["requests", "list", "--status", "matched"]).1;
    assert!(list.contains("1 help request(s)"), "{list}");

    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
        .date()
        .to_string();
    let (ok, csv, err) = passerelle(
        dir.path(),
        &["audit", "export", "--from", &today, "--to", &today],
    );
    assert!(ok, "{err}");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("at,actor_kind,actor_id,actor_name"),
        "{csv}"
    );
    assert!(
        lines.iter().any(|l| l.contains("mediator")
            && l.contains("Aïcha")
            && l.contains(&reference)
            && l.contains("status_matched")),
        "{csv}"
    );
    let (ok, _, err) = passerelle(
        dir.path(),
        &["audit", "export", "--from", "hier", "--to", &today],
    );
    assert!(!ok && err.contains("not a date"), "{err}");
}

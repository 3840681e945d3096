//! Several instances on one database, as a department runs them behind a load balancer: two
//! real `passerelle serve` processes share one database (PostgreSQL in the suite's second
//! pass, one SQLite file in the first) and one stand-in Twilio. Residents' messages go to
//! either instance, a retried webhook may reach the other one while the first still works on
//! it, and one instance may be killed (`kill -9`) in the middle of it all.
//!
//! What must hold: no lost step (every conversation ends with its request, each reply is the
//! next question), one stored message and one reply per `MessageSid`, no SMS sent twice, and
//! nothing acknowledged by the killed instance missing.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{
    RELAIS_NUMBER, TOKEN, sent_forms, sql_texts, test_database_url, twilio_accepting,
};

const BIN: &str = env!("CARGO_BIN_EXE_passerelle");

/// A request step by step (flows/tests/help-request-steps.fr.txt) and what each reply asks.
const SCRIPT: [(&str, &str); 6] = [
    ("aide", "De quelle aide"),
    ("courses", "Dans quelle commune"),
    ("Rumilly", "Pour quand"),
    ("2", "en quelques mots"),
    ("non", "Tout est juste"),
    ("oui", "Votre code"),
];

/// One running instance.
struct Instance {
    child: Child,
    base: String,
    http: reqwest::Client,
}

impl Instance {
    fn start(dir: &std::path::Path, database_url: &str, twilio: &str) -> Self {
        let config = dir.join("passerelle.toml");
        std::fs::write(
            &config,
            format!(
                "quiet_hours = \"none\"\n\
                 [sms]\nper_second = 200\n\
                 [[relais]]\nid = \"mairie-rumilly\"\nname = \"Mairie de Rumilly\"\n\
                 numbers = [\"{RELAIS_NUMBER}\"]\ncommunes = [\"74225\"]\n\
                 help_line = \"+33450010203\"\nopening_hours = [\"lun-dim 00:00-23:59\"]\n"
            ),
        )
        .unwrap();
        let mut child = Command::new(BIN)
            .arg("serve")
            .current_dir(dir)
            .env("PASSERELLE_CONFIG", &config)
            .env("PASSERELLE_BIND", "127.0.0.1:0")
            .env("DATABASE_URL", database_url)
            .env("TWILIO_AUTH_TOKEN", TOKEN)
            .env("TWILIO_ACCOUNT_SID", "AC00000000000000000000000000000001")
            .env("TWILIO_API_BASE", twilio)
            .env("TWILIO_FROM", RELAIS_NUMBER)
            .env("PASSERELLE_DEMO_MISSIONS", "false")
            .env("PASSERELLE_RETENTION_DAYS", "0")
            .env("PASSERELLE_LOG", "info")
            .env_remove("PASSERELLE_LOG_FORMAT")
            .env_remove("PASSERELLE_PUBLIC_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent && let Some(i) = line.find("address=") {
                    let addr: String = line[i + 8..]
                        .chars()
                        .take_while(|c| !c.is_whitespace())
                        .collect();
                    let _ = tx.send(addr);
                    sent = true;
                }
                if line.contains("ERROR") {
                    eprintln!("instance: {line}");
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the instance says where it listens");
        Instance {
            child,
            base: format!("http://{addr}"),
            http: reqwest::Client::new(),
        }
    }

    /// A signed SMS webhook; `None` when the connection failed (the instance is gone).
    async fn sms(&self, from: &str, body: &str, sid: &str) -> Option<(u16, String)> {
        let url = format!("{}/webhooks/twilio/sms", self.base);
        let params: Vec<(String, String)> = [
            ("AccountSid", "AC00000000000000000000000000000001"),
            ("From", from),
            ("To", RELAIS_NUMBER),
            ("Body", body),
            ("MessageSid", sid),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let sig = passerelle::http::signature::compute(TOKEN, &url, &params);
        let resp = self
            .http
            .post(&url)
            .header("X-Twilio-Signature", sig)
            .form(&params)
            .timeout(Duration::from_secs(20))
            .send()
            .await
            .ok()?;
        let status = resp.status().as_u16();
        Some((status, resp.text().await.ok()?))
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

fn sid(contact: usize, step: usize, attempt: usize) -> String {
    format!("SM{contact:010}{step:04}{attempt:04}{:014}", 0)
}

fn resident(contact: usize) -> String {
    format!("+3361200{contact:04}")
}

/// Sends one step like Twilio does: to `first`, and when it cannot answer (gone, or 5xx), the
/// same `MessageSid` again to `other` (the fallback URL, or a retry through the balancer).
/// Returns the reply and whether `first` acknowledged it.
async fn deliver(
    first: &Instance,
    other: &Instance,
    from: &str,
    body: &str,
    sid: &str,
) -> (String, bool) {
    if let Some((200, reply)) = first.sms(from, body, sid).await {
        return (reply, true);
    }
    for _ in 0..20 {
        if let Some((200, reply)) = other.sms(from, body, sid).await {
            return (reply, false);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("no instance answered {sid}");
}

/// Waits (a minute at most) until the outbox has nothing left to send but what the worker of
/// process `dead` (killed) holds; returns the SMS rows' counts by status.
async fn outbox_settled(url: &str, dead: Option<u32>) -> Vec<Vec<Option<String>>> {
    let held_by_dead = dead.map_or("FALSE".to_string(), |pid| {
        format!("COALESCE(claimed_by, '') LIKE '%-{pid}-%'")
    });
    let waiting = format!(
        "SELECT CAST(COUNT(*) AS TEXT) FROM outbox WHERE channel = 'sms' \
         AND status IN ('pending', 'claimed', 'sending') AND NOT ({held_by_dead})"
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = sql_texts(url, &waiting).await;
        if left[0][0].as_deref() == Some("0") || Instant::now() > deadline {
            return sql_texts(
                url,
                "SELECT status, CAST(COUNT(*) AS TEXT) FROM outbox WHERE channel = 'sms' GROUP BY status",
            )
            .await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

fn count_of(rows: &[Vec<Option<String>>], status: &str) -> usize {
    rows.iter()
        .find(|r| r[0].as_deref() == Some(status))
        .and_then(|r| r[1].as_deref()?.parse().ok())
        .unwrap_or(0)
}

/// Each SMS the stand-in Twilio was asked to send, keyed by recipient and text: any count
/// above one is a message sent twice.
async fn sends(twilio: &wiremock::MockServer) -> BTreeMap<(String, String), usize> {
    let mut seen = BTreeMap::new();
    for form in sent_forms(twilio).await {
        let key = (
            form.get("To").cloned().unwrap_or_default(),
            form.get("Body").cloned().unwrap_or_default(),
        );
        *seen.entry(key).or_insert(0) += 1;
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_database_lose_no_step_and_send_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let url = test_database_url(dir.path());
    let twilio = twilio_accepting().await;
    let a = Instance::start(dir.path(), &url, &twilio.uri());
    let b = Instance::start(dir.path(), &url, &twilio.uri());
    let instances = [&a, &b];
    const CONTACTS: usize = 24;

    let conversations = (0..CONTACTS).map(|c| {
        async move {
            let from = resident(c);
            let mut code = String::new();
            for (step, (body, asks)) in SCRIPT.iter().enumerate() {
                let here = instances[(c + step) % 2];
                let there = instances[(c + step + 1) % 2];
                let id = sid(c, step, 0);
                let reply = if step % 2 == 0 {
                    // A retried webhook reaches the other instance while the first one is
                    // still at work: one turn, the same reply twice.
                    let (x, y) =
                        tokio::join!(here.sms(&from, body, &id), there.sms(&from, body, &id));
                    let (x, y) = (x.expect("answered"), y.expect("answered"));
                    assert_eq!((x.0, y.0), (200, 200), "{} / {}", x.1, y.1);
                    assert_eq!(x.1, y.1, "one MessageSid, one reply");
                    x.1
                } else {
                    let (status, reply) = here.sms(&from, body, &id).await.expect("answered");
                    assert_eq!(status, 200, "{reply}");
                    reply
                };
                assert!(
                    reply.contains(asks),
                    "contact {c}, step {step} (\"{body}\"): expected \"{asks}\", got {reply}"
                );
                if step == SCRIPT.len() - 1 {
                    let i = reply.find("Votre code : ").expect("a code") + "Votre code : ".len();
                    code = reply[i..].chars().take_while(|c| *c != '.').collect();
                }
            }
            code
        }
    });
    let codes = futures::future::join_all(conversations).await;

    let distinct: std::collections::BTreeSet<&String> = codes.iter().collect();
    assert_eq!(
        distinct.len(),
        CONTACTS,
        "each request its own code: {codes:?}"
    );
    let requests = sql_texts(&url, "SELECT CAST(COUNT(*) AS TEXT) FROM help_requests").await;
    assert_eq!(
        requests[0][0].as_deref(),
        Some(CONTACTS.to_string().as_str())
    );
    let inbound = sql_texts(
        &url,
        "SELECT CAST(COUNT(*) AS TEXT), CAST(COUNT(DISTINCT provider_id) AS TEXT) FROM messages WHERE direction = 'in'",
    )
    .await;
    let six = (CONTACTS * SCRIPT.len()).to_string();
    assert_eq!(
        inbound[0][0].as_deref(),
        Some(six.as_str()),
        "one row per MessageSid"
    );
    assert_eq!(inbound[0][1].as_deref(), Some(six.as_str()));

    // The team is told of each request once, by one of the two workers.
    let outbox = outbox_settled(&url, None).await;
    let left = ["pending", "claimed", "sending"].map(|s| count_of(&outbox, s));
    assert_eq!(left, [0, 0, 0], "{outbox:?}");
    let sent = count_of(&outbox, "sent") + count_of(&outbox, "delivered");
    assert!(sent >= CONTACTS, "a notification per request: {outbox:?}");
    let sends = sends(&twilio).await;
    let twice: Vec<_> = sends.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent twice: {twice:?}");
    assert_eq!(
        sends.values().sum::<usize>(),
        sent,
        "every send is one outbox row"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killing_one_instance_under_load_loses_nothing_it_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let url = test_database_url(dir.path());
    let twilio = twilio_accepting().await;
    let a = Instance::start(dir.path(), &url, &twilio.uri());
    let b = Instance::start(dir.path(), &url, &twilio.uri());
    let a_pid = a.child.id();
    const CONTACTS: usize = 16;

    // Residents write through A first (B when A fails) while A is killed once it has
    // acknowledged about a third of the steps.
    let acknowledged = std::sync::Mutex::new(Vec::<String>::new());
    let run = async {
        let conversations = (0..CONTACTS).map(|c| {
            let (a, b, acknowledged) = (&a, &b, &acknowledged);
            async move {
                let from = resident(c);
                for (step, (body, asks)) in SCRIPT.iter().enumerate() {
                    let id = sid(c, step, 1);
                    let (reply, by_a) = deliver(a, b, &from, body, &id).await;
                    if by_a {
                        acknowledged.lock().unwrap().push(id.clone());
                    }
                    assert!(
                        reply.contains(asks),
                        "contact {c}, step {step}: expected \"{asks}\", got {reply}"
                    );
                }
            }
        });
        futures::future::join_all(conversations).await;
    };
    let killer = async {
        loop {
            if acknowledged.lock().unwrap().len() >= CONTACTS * SCRIPT.len() / 3 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        // SIGKILL: no drain, no goodbye.
        let killed = Command::new("kill")
            .args(["-9", &a_pid.to_string()])
            .status();
        assert!(killed.is_ok_and(|s| s.success()));
    };
    tokio::join!(run, killer);

    let acknowledged = acknowledged.into_inner().unwrap();
    assert!(!acknowledged.is_empty());
    assert!(
        acknowledged.len() < CONTACTS * SCRIPT.len(),
        "A was killed before the end"
    );
    let stored: std::collections::BTreeSet<String> = sql_texts(
        &url,
        "SELECT provider_id FROM messages WHERE direction = 'in' AND provider_id IS NOT NULL",
    )
    .await
    .into_iter()
    .filter_map(|r| r[0].clone())
    .collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|s| !stored.contains(*s))
        .collect();
    assert!(lost.is_empty(), "acknowledged by A, then lost: {lost:?}");
    assert_eq!(
        stored.len(),
        CONTACTS * SCRIPT.len(),
        "every step stored once"
    );
    let requests = sql_texts(&url, "SELECT CAST(COUNT(*) AS TEXT) FROM help_requests").await;
    assert_eq!(
        requests[0][0].as_deref(),
        Some(CONTACTS.to_string().as_str())
    );

    // What A's worker held when it died waits for its lease to lapse; nothing is sent twice,
    // and everything else is sent by B.
    let outbox = outbox_settled(&url, Some(a_pid)).await;
    assert_eq!(count_of(&outbox, "pending"), 0, "{outbox:?}");
    let sends = sends(&twilio).await;
    let twice: Vec<_> = sends.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent twice: {twice:?}");
    let ready = b
        .http
        .get(format!("{}/readyz", b.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status().as_u16(), 200, "the other instance goes on");
}

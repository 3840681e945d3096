//! Commands of the relais team: mediators' accounts (`mediator add` prints a one-time setup
//! link), help requests (`requests list` with the contact and Paris times, `requests set`
//! through the one lifecycle), the audit log as CSV (`audit export`).

use std::process::ExitCode;

use clap::Subcommand;

use crate::conversation::Conversations;
use crate::domain::RefCode;
use crate::domain::lifecycle::{Actor, Helper, HelperKind, LifecycleError, RequestStatus};
use crate::domain::phone::redact;
use crate::mediation::{accounts, requests};
use crate::store::requests::RequestQuery;
use crate::store::{Store, within};

#[derive(Subcommand)]
pub enum MediatorCommand {
    /// Creates a mediator's account and prints its one-time setup link (valid 24 h).
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// The relais they work for.
        #[arg(long)]
        relais: String,
        /// `admin` also manages the relais's accounts.
        #[arg(long, default_value = "mediator")]
        role: String,
    },
}

#[derive(Subcommand)]
pub enum RequestsCommand {
    /// Prints help requests, newest first, with who asked (number shortened) and Paris times.
    List {
        #[arg(long)]
        relais: Option<String>,
        #[arg(long)]
        status: Option<String>,
    },
    /// Changes a request's status as a mediator (the resident is told when they should be).
    Set {
        /// The 6-digit code.
        reference: String,
        /// open, taken, matched, done, cancelled, impossible.
        status: String,
        /// The e-mail of the mediator acting.
        #[arg(long)]
        by: String,
        /// The reason (needed for cancelled and impossible).
        #[arg(long)]
        note: Option<String>,
        /// Who helps (needed for matched).
        #[arg(long)]
        helper: Option<String>,
        /// The helper is an organisation, not a person.
        #[arg(long)]
        organisation: bool,
        /// When the helper comes, in words ("jeudi vers 10 h").
        #[arg(long)]
        when: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Writes the audit log between two dates (Europe/Paris, `YYYY-MM-DD`) as CSV.
    Export {
        #[arg(long)]
        from: String,
        /// Included.
        #[arg(long)]
        to: String,
    },
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// `mediator add`.
pub async fn mediator(
    store: &dyn Store,
    base_url: &str,
    known_relais: &[String],
    command: MediatorCommand,
) -> anyhow::Result<ExitCode> {
    let MediatorCommand::Add {
        email,
        name,
        relais,
        role,
    } = command;
    if !known_relais.contains(&relais) {
        anyhow::bail!("--relais {relais}: unknown relais (see `passerelle relais list`)");
    }
    let admin = match role.as_str() {
        "admin" => true,
        "mediator" => false,
        other => anyhow::bail!("--role {other}: mediator or admin"),
    };
    let created = accounts::create(store, &relais, &email, &name, admin, base_url, now()).await?;
    println!(
        "account {} created for {name} ({role}, relais {relais})",
        created.id
    );
    println!("setup link (valid 24 hours, once): {}", created.setup_url);
    Ok(ExitCode::SUCCESS)
}

/// `requests list` and `requests set`.
pub async fn requests(conv: Conversations, command: RequestsCommand) -> anyhow::Result<ExitCode> {
    match command {
        RequestsCommand::List { relais, status } => {
            if let Some(s) = &status
                && RequestStatus::parse(s).is_none()
            {
                anyhow::bail!("--status {s}: open, taken, matched, done, cancelled or impossible");
            }
            let q = RequestQuery {
                relais,
                status,
                ..RequestQuery::default()
            };
            let rows = conv.store.request_rows(&q, 200).await?;
            println!("{} help request(s)", rows.len());
            for row in rows {
                let r = &row.request;
                let commune = conv
                    .core
                    .communes
                    .by_insee(&r.commune_insee)
                    .map(|c| c.name.as_str())
                    .unwrap_or("?");
                let who = match row.contact_key.as_deref() {
                    Some(k) if k.starts_with('+') => redact(k),
                    Some(_) => format!("borne ({commune})"),
                    None => "-".into(),
                };
                println!(
                    "{}  {:<10} {:<15} {:<28} {:<14} {:<10} {:<16} {}  {}",
                    RefCode::new(r.reference.parse().unwrap_or(0))
                        .map(|c| c.grouped())
                        .unwrap_or(r.reference.clone()),
                    r.relais,
                    r.category,
                    commune,
                    r.urgency,
                    r.status,
                    who,
                    super::paris(r.created_at),
                    crate::domain::text::shorten(r.details.as_deref().unwrap_or(""), 50)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        RequestsCommand::Set {
            reference,
            status,
            by,
            note,
            helper,
            organisation,
            when,
        } => {
            let to = RequestStatus::parse(&status).ok_or_else(|| {
                anyhow::anyhow!("{status}: open, taken, matched, done, cancelled or impossible")
            })?;
            let m = conv
                .store
                .mediator_by_email(&by.trim().to_lowercase())
                .await?
                .filter(|m| m.disabled_at.is_none())
                .ok_or_else(|| anyhow::anyhow!("--by {by}: no active mediator with this e-mail"))?;
            let actor = Actor::Mediator {
                id: m.id,
                name: m.name.clone(),
            };
            let helper = helper.map(|name| Helper {
                kind: if organisation {
                    HelperKind::Organisation
                } else {
                    HelperKind::Person
                },
                name,
                when,
            });
            let reference: String = reference.chars().filter(char::is_ascii_digit).collect();
            match conv.store.help_request(&reference).await? {
                Some(r) if r.relais == m.relais => {}
                _ => anyhow::bail!(
                    "{reference}: no request of relais {} with this code",
                    m.relais
                ),
            }
            let core = conv.core.clone();
            let r2 = reference.clone();
            let out = within(conv.store.as_ref(), move |tx| {
                Box::pin(async move {
                    match requests::change_status(
                        &core,
                        tx,
                        &r2,
                        to,
                        &actor,
                        note.as_deref(),
                        helper.as_ref(),
                        now(),
                    )
                    .await
                    {
                        Ok(c) => Ok(Ok(c)),
                        Err(LifecycleError::Store(e)) => Err(e),
                        Err(e) => Ok(Err(e)),
                    }
                })
            })
            .await?;
            match out {
                Ok(c) => {
                    let told = match c.told {
                        requests::Told::Sms => "; the resident is told by SMS",
                        requests::Told::ToCall => "; call the resident: they cannot receive an SMS",
                        requests::Told::Nothing => "",
                    };
                    println!("{reference}: {} → {}{told}", c.change.from, c.change.to);
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("{reference}: {e}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}

/// The Unix time of midnight (Europe/Paris) of a `YYYY-MM-DD` date, plus `days`.
fn midnight(date: &str, days: i64) -> anyhow::Result<i64> {
    let d: jiff::civil::Date = date
        .parse()
        .map_err(|e| anyhow::anyhow!("{date}: not a date (YYYY-MM-DD): {e}"))?;
    let d = d.checked_add(jiff::Span::new().days(days))?;
    let tz = jiff::tz::TimeZone::get("Europe/Paris")?;
    Ok(d.to_zoned(tz)?.timestamp().as_second())
}

/// `audit export`: CSV on standard output.
pub async fn audit(store: &dyn Store, command: AuditCommand) -> anyhow::Result<ExitCode> {
    let AuditCommand::Export { from, to } = command;
    let (from, to) = (midnight(&from, 0)?, midnight(&to, 1)?);
    let entries = store.audit_entries(from, to).await?;
    let mut out = csv::Writer::from_writer(std::io::stdout());
    out.write_record([
        "at",
        "actor_kind",
        "actor_id",
        "actor_name",
        "relais",
        "contact_id",
        "request",
        "action",
        "mandate_id",
        "detail",
    ])?;
    for e in entries {
        let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        out.write_record([
            super::paris(e.at),
            e.actor.kind().to_string(),
            opt(e.actor.id()),
            e.actor.name().unwrap_or_default().to_string(),
            e.relais.unwrap_or_default(),
            opt(e.contact_id),
            e.request_reference.unwrap_or_default(),
            e.action,
            opt(e.mandate_id),
            e.detail.unwrap_or_default(),
        ])?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

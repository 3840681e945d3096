//! `passerelle relais set|list`: the relais served by this instance, stored in the database
//! (they replace the settings file's relais of the same id): numbers, communes, help line,
//! hours, quiet hours, and how long the relais keeps what residents said
//! (`--conversation-days`, `--request-days`; without them, the instance's defaults).

use std::process::ExitCode;

use clap::Subcommand;

use crate::config::Settings;
use crate::domain::retention::{OwnPeriods, parse_days};
use crate::domain::{Communes, PhoneNumber, QuietHours};
use crate::store::StoredRelais;

#[derive(Subcommand)]
pub enum RelaisCommand {
    /// Creates or updates a relais.
    Set {
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        /// A number residents text or call (repeat for several).
        #[arg(long = "number")]
        numbers: Vec<String>,
        /// An INSEE code of a commune served (repeat for several).
        #[arg(long = "commune")]
        communes: Vec<String>,
        /// The team's phone: told of new requests, given to residents.
        #[arg(long)]
        help_line: Option<String>,
        /// When the help line answers, e.g. "lun-ven 09:00-12:00" (repeat for several ranges).
        #[arg(long = "hours")]
        hours: Vec<String>,
        /// When SMS that are not urgent wait, e.g. "21:00-08:00" or "none" (default: the
        /// instance's `quiet_hours`).
        #[arg(long)]
        quiet_hours: Option<String>,
        /// Days conversations (messages, sessions, call-backs' words) are kept (default: the
        /// instance's `conversation_days`, 90). INFO tells residents.
        #[arg(long, value_parser = parse_days)]
        conversation_days: Option<u32>,
        /// Days a closed request's free text is kept (default: the instance's
        /// `request_days`, 365). INFO tells residents.
        #[arg(long, value_parser = parse_days)]
        request_days: Option<u32>,
    },
    /// Lists the relais.
    List,
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

pub async fn run(settings: &Settings, command: RelaisCommand) -> anyhow::Result<ExitCode> {
    let store = crate::app::open_store(settings).await?;
    match command {
        RelaisCommand::Set {
            id,
            name,
            numbers,
            communes,
            help_line,
            hours,
            quiet_hours,
            conversation_days,
            request_days,
        } => {
            if let Some(q) = &quiet_hours {
                QuietHours::parse(q).map_err(|e| anyhow::anyhow!("--quiet-hours {e}"))?;
            }
            let parse = |n: &str| PhoneNumber::parse(n).map_err(|e| anyhow::anyhow!("{n}: {e}"));
            let numbers = numbers
                .iter()
                .map(|n| parse(n).map(|p| p.as_str().to_string()))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let help_line = help_line
                .as_deref()
                .map(parse)
                .transpose()?
                .map(|p| p.as_str().to_string());
            crate::domain::hours::Schedule::parse(&hours)
                .map_err(|e| anyhow::anyhow!("--hours {e}"))?;
            let known = Communes::embedded()?;
            for c in &communes {
                if known.by_insee(c).is_none() {
                    anyhow::bail!("--commune {c}: not an INSEE code of the region");
                }
            }
            let now = now();
            store
                .save_relais(
                    &StoredRelais {
                        id: id.clone(),
                        name,
                        numbers,
                        communes,
                        help_line,
                        opening_hours: hours.join("; "),
                        quiet_hours: quiet_hours.unwrap_or_default(),
                    },
                    now,
                )
                .await?;
            let own = OwnPeriods {
                conversation_days,
                request_days,
            };
            store.save_relais_retention(&id, own, now).await?;
            println!("relais {id} saved; restart the service to use it");
        }
        RelaisCommand::List => {
            let set = crate::app::relais(settings, store.as_ref()).await?;
            for r in set.all() {
                let numbers: Vec<&str> = r.numbers.iter().map(|n| n.as_str()).collect();
                let kept = r.retention.over(settings.retention());
                println!(
                    "{}  {}  numbers: {}  communes: {}  kept: conversations {} days, closed requests {} days",
                    r.id,
                    r.name,
                    numbers.join(" "),
                    r.communes.join(" "),
                    kept.conversation_days,
                    kept.request_days,
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

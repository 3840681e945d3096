//! `passerelle outbox list|pause|resume|retry|cancel|jobs`: reading what is queued, sent or
//! stuck, pausing every sending without a restart, and settling a message by hand.

use std::process::ExitCode;

use clap::Subcommand;

use crate::domain::phone::redact;
use crate::store::Store;
use crate::store::outbox::{OutboxFilter, channel, status};

#[derive(Subcommand)]
pub enum OutboxCommand {
    /// Counts per status, then the latest messages (numbers partly hidden).
    List {
        /// pending, claimed, sending, sent, delivered, failed, unknown, cancelled, expired
        #[arg(long)]
        status: Option<String>,
        /// signup_confirmation, signup_reminder, help_request, reply…
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, default_value_t = 30)]
        limit: i64,
    },
    /// Stops every worker from sending (messages keep queuing); effective within seconds.
    Pause,
    /// Lets the workers send again.
    Resume,
    /// Sends again a message that failed or whose fate is unknown (check the provider's
    /// console first: an unknown one may have gone).
    Retry { id: i64 },
    /// Withdraws a message not sent yet.
    Cancel { id: i64 },
    /// Scheduled jobs not done yet (reminders…).
    Jobs,
}

/// Runs one command.
pub async fn run(store: &dyn Store, command: OutboxCommand) -> anyhow::Result<ExitCode> {
    let now = jiff::Timestamp::now().as_second();
    match command {
        OutboxCommand::List {
            status: st,
            kind,
            limit,
        } => {
            if let Some(s) = &st
                && !status::ALL.contains(&s.as_str())
            {
                anyhow::bail!("--status {s}: one of {}", status::ALL.join(", "));
            }
            let paused = store.outbox_paused().await?;
            let counts = store.outbox_counts().await?;
            let summary: Vec<String> = counts.iter().map(|(s, n)| format!("{s} {n}")).collect();
            println!(
                "outbox{}: {}",
                if paused { " (PAUSED)" } else { "" },
                if summary.is_empty() {
                    "empty".to_string()
                } else {
                    summary.join(", ")
                }
            );
            let rows = store
                .outbox_list(&OutboxFilter { status: st, kind }, limit)
                .await?;
            for r in rows {
                let to = if r.channel == channel::SMS {
                    redact(&r.recipient)
                } else {
                    r.recipient.clone()
                };
                let when = match r.status.as_str() {
                    status::PENDING => format!("not before {}", super::paris(r.not_before)),
                    _ => super::paris(r.sent_at.unwrap_or(r.updated_at)),
                };
                println!(
                    "{:>6}  {:<9} {:<5} {:<20} {:<18} {}{}  attempts {}{}",
                    r.id,
                    r.status,
                    r.channel,
                    r.kind,
                    to,
                    when,
                    if r.urgent { "  urgent" } else { "" },
                    r.attempts,
                    r.last_error
                        .map(|e| format!("  ({})", crate::domain::text::shorten(&e, 60)))
                        .unwrap_or_default()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        OutboxCommand::Pause => {
            store.set_outbox_paused(true, now).await?;
            println!("outbox paused: nothing is sent until `passerelle outbox resume`");
            Ok(ExitCode::SUCCESS)
        }
        OutboxCommand::Resume => {
            store.set_outbox_paused(false, now).await?;
            println!("outbox resumed");
            Ok(ExitCode::SUCCESS)
        }
        OutboxCommand::Retry { id } => done(
            store.outbox_retry(id, now).await?,
            id,
            "queued again",
            "only a failed or unknown message can be sent again",
        ),
        OutboxCommand::Cancel { id } => done(
            store.outbox_cancel(id, now).await?,
            id,
            "cancelled",
            "only a message not sent yet can be cancelled",
        ),
        OutboxCommand::Jobs => {
            let jobs = store.jobs_waiting(200).await?;
            println!("{} job(s) waiting", jobs.len());
            for j in jobs {
                println!(
                    "{:>6}  {:<8} {:<16} {:<24} {}  attempts {}{}",
                    j.id,
                    j.status,
                    j.kind,
                    j.key,
                    super::paris(j.run_at),
                    j.attempts,
                    j.last_error.map(|e| format!("  ({e})")).unwrap_or_default()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn done(ok: bool, id: i64, yes: &str, no: &str) -> anyhow::Result<ExitCode> {
    if ok {
        println!("message {id} {yes}");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("message {id}: {no}");
        Ok(ExitCode::FAILURE)
    }
}

//! `passerelle webhooks list|enable|disable`: partners' event subscriptions for operators —
//! whose, where to, which events, and why one was disabled.

use std::process::ExitCode;

use clap::Subcommand;

use crate::store::Store;
use crate::store::webhooks::SubscriptionChange;

#[derive(Subcommand)]
pub enum WebhooksCommand {
    /// Lists every subscription with its state (and why it was disabled).
    List,
    /// Enables a subscription again (its failures are forgotten).
    Enable { id: i64 },
    /// Pauses a subscription.
    Disable { id: i64 },
}

pub async fn run(store: &dyn Store, command: WebhooksCommand) -> anyhow::Result<ExitCode> {
    let now = jiff::Timestamp::now().as_second();
    let (id, active) = match command {
        WebhooksCommand::List => {
            let list = store.subscriptions(None).await?;
            println!("{} subscription(s)", list.len());
            for s in list {
                println!(
                    "{:>4}  {:<20} {:<9} {}  [{}]",
                    s.id,
                    s.client_name,
                    s.status,
                    s.url,
                    s.events.join(" ")
                );
                if let Some(reason) = &s.disabled_reason {
                    let when = s.disabled_at.map(super::paris).unwrap_or_default();
                    println!("      disabled {when}: {reason}");
                } else if s.failures > 0 {
                    println!(
                        "      {} failure(s) in a row; the last: {}",
                        s.failures,
                        s.last_error.as_deref().unwrap_or("?")
                    );
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        WebhooksCommand::Enable { id } => (id, true),
        WebhooksCommand::Disable { id } => (id, false),
    };
    let change = SubscriptionChange {
        active: Some(active),
        ..SubscriptionChange::default()
    };
    match store.change_subscription(id, &change, now).await? {
        Some(s) => {
            println!("subscription {id}: {}", s.status);
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!("no subscription {id} (see `passerelle webhooks list`)");
            Ok(ExitCode::FAILURE)
        }
    }
}

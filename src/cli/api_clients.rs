//! `passerelle api-client add|list|revoke`: partner clients of the JSON API. A new client's
//! token is printed once; only its SHA-256 is kept.

use std::process::ExitCode;

use clap::Subcommand;

use crate::domain::api_client::{Scopes, new_token, token_hash};
use crate::store::{Store, StoreError};

#[derive(Subcommand)]
pub enum ApiClientCommand {
    /// Adds a client and prints its token (shown once: keep it).
    Add {
        /// A name for the partner (unique), e.g. "jeveuxaider".
        #[arg(long)]
        name: String,
        /// The only relais whose data it sees (default: every relais).
        #[arg(long)]
        relais: Option<String>,
        /// Scopes, separated by spaces or commas: help_requests:read, help_requests:write,
        /// missions:read, missions:write, signups:read, signups:write, webhooks:read,
        /// webhooks:write, contact_details (phone numbers), or all.
        #[arg(long, num_args = 1.., required = true)]
        scopes: Vec<String>,
    },
    /// Lists clients (never their tokens).
    List,
    /// Revokes a client: its token stops working at once.
    Revoke { name: String },
}

/// Runs one command; `relais_known` checks a relais id.
pub async fn run(
    store: &dyn Store,
    relais_known: impl Fn(&str) -> bool,
    command: ApiClientCommand,
) -> anyhow::Result<ExitCode> {
    let now = jiff::Timestamp::now().as_second();
    match command {
        ApiClientCommand::Add {
            name,
            relais,
            scopes,
        } => {
            let scopes =
                Scopes::parse(&scopes.join(" ")).map_err(|e| anyhow::anyhow!("--scopes: {e}"))?;
            if let Some(r) = &relais
                && !relais_known(r)
            {
                anyhow::bail!("--relais {r}: unknown relais (see `passerelle relais list`)");
            }
            let name = name.trim().to_string();
            if name.is_empty() || name == "admin" {
                anyhow::bail!("--name: give a name other than \"admin\"");
            }
            let token = new_token();
            match store
                .add_client(
                    &name,
                    relais.as_deref(),
                    &scopes.to_string(),
                    &token_hash(&token),
                    now,
                )
                .await
            {
                Err(StoreError::Duplicate(_) | StoreError::Constraint(_)) => {
                    anyhow::bail!("a client named {name} exists (revoke it or choose another name)")
                }
                other => other?,
            };
            println!("client {name} added");
            println!("  relais: {}", relais.as_deref().unwrap_or("every relais"));
            println!("  scopes: {scopes}");
            println!("token (shown once, keep it secret): {token}");
            Ok(ExitCode::SUCCESS)
        }
        ApiClientCommand::List => {
            let list = store.clients().await?;
            println!("{} client(s)", list.len());
            for c in list {
                let state = match c.revoked_at {
                    Some(at) => format!("revoked {}", super::paris(at)),
                    None => "active".into(),
                };
                println!(
                    "{:<20} {:<18} {:<24} added {}  {}",
                    c.name,
                    c.relais.as_deref().unwrap_or("every relais"),
                    state,
                    super::paris(c.created_at),
                    c.scopes
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ApiClientCommand::Revoke { name } => {
            if store.revoke_client(&name, now).await? {
                println!("client {name} revoked: its token no longer works");
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("no active client named {name} (see `passerelle api-client list`)");
                Ok(ExitCode::FAILURE)
            }
        }
    }
}

//! `passerelle contact export|erase PHONE`: one person's data on request — everything held
//! about them as JSON, or erased everywhere (counts and audit entries stay, with the erasure
//! itself in the audit log, written in the erasure's transaction).

use std::process::ExitCode;

use clap::Subcommand;

use crate::domain::PhoneNumber;
use crate::domain::lifecycle::Actor;
use crate::store::Store;
use crate::store::audit::NewAudit;

#[derive(Subcommand)]
pub enum ContactCommand {
    /// Prints everything held about a phone number, as JSON.
    Export { phone: String },
    /// Erases a phone number's personal data everywhere (asks for --yes).
    Erase {
        phone: String,
        /// Really erase: without it, nothing changes.
        #[arg(long)]
        yes: bool,
    },
}

pub async fn run(store: &dyn Store, command: ContactCommand) -> anyhow::Result<ExitCode> {
    let (raw, erase) = match &command {
        ContactCommand::Export { phone } => (phone, None),
        ContactCommand::Erase { phone, yes } => (phone, Some(*yes)),
    };
    let Ok(phone) = PhoneNumber::parse(raw) else {
        eprintln!("\"{raw}\" is not a phone number (for example 06 12 34 56 78 or +33612345678)");
        return Ok(ExitCode::from(2));
    };
    let now = jiff::Timestamp::now().as_second();
    match erase {
        None => match store.export_contact(phone.as_str()).await? {
            Some(json) => {
                println!("{}", serde_json::to_string_pretty(&json)?);
                Ok(ExitCode::SUCCESS)
            }
            None => not_known(),
        },
        Some(false) => {
            eprintln!(
                "This erases the messages, requests' words, recordings and sessions of this \
                 number for good. Run again with --yes to do it."
            );
            Ok(ExitCode::from(1))
        }
        Some(true) => {
            let written = crate::conversation::national(&phone);
            let audit = NewAudit {
                actor: &Actor::System,
                relais: None,
                contact_id: None,
                request_reference: None,
                action: "contact.erased",
                mandate_id: None,
                detail: Some("passerelle contact erase"),
                at: now,
            };
            let Some(erased) = store
                .erase_contact(phone.as_str(), &written, &audit)
                .await?
            else {
                return not_known();
            };
            println!("erased:");
            for (table, rows) in erased.tables {
                println!("  {table:<18} {rows} row(s)");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn not_known() -> anyhow::Result<ExitCode> {
    eprintln!("No contact with this number.");
    Ok(ExitCode::from(1))
}

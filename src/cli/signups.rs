//! `passerelle signups list|validate|refuse|review|done|cancel`: the relais gives the
//! organisation's answer (the partner API will call the same `volunteering::change_status`).
//! The volunteer is told by SMS; a refusal or a cancellation gives the place back.

use std::process::ExitCode;

use clap::Subcommand;

use crate::conversation::{Conversations, national};
use crate::domain::PhoneNumber;
use crate::domain::signup::{Actor, SignupStatus};
use crate::store::signups::SignupFilter;
use crate::volunteering::{self, Changed};

#[derive(Subcommand)]
pub enum SignupsCommand {
    /// Prints sign-ups, newest first, with the volunteer's number.
    List {
        #[arg(long)]
        relais: Option<String>,
        /// en_attente_validation, en_cours_traitement, validee, refusee, annulee, effectuee
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        mission: Option<i64>,
    },
    /// The organisation accepts the volunteer (who is told by SMS).
    Validate {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    /// The organisation cannot take the volunteer (who is told by SMS; the place is freed).
    Refuse {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    /// The organisation is looking at it.
    Review {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    /// The mission took place with the volunteer.
    Done {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
    /// Cancels for the organisation (the volunteer is told; the place is freed).
    Cancel {
        id: i64,
        #[arg(long)]
        note: Option<String>,
    },
}

/// Runs one command.
pub async fn run(
    conversations: Conversations,
    command: SignupsCommand,
) -> anyhow::Result<ExitCode> {
    let (id, to, note) = match command {
        SignupsCommand::List {
            relais,
            status,
            mission,
        } => {
            if let Some(s) = &status
                && SignupStatus::parse(s).is_none()
            {
                anyhow::bail!(
                    "--status {s}: not a sign-up status (en_attente_validation, en_cours_traitement, validee, refusee, annulee, effectuee)"
                );
            }
            return list(&conversations, relais, status, mission).await;
        }
        SignupsCommand::Validate { id, note } => (id, SignupStatus::Validated, note),
        SignupsCommand::Refuse { id, note } => (id, SignupStatus::Refused, note),
        SignupsCommand::Review { id, note } => (id, SignupStatus::InReview, note),
        SignupsCommand::Done { id, note } => (id, SignupStatus::Done, note),
        SignupsCommand::Cancel { id, note } => (id, SignupStatus::Cancelled, note),
    };
    match volunteering::change_retrying(&conversations, id, to, Actor::Organisation, note).await? {
        Changed::Done(s) => {
            println!("sign-up {id}: {} ({})", s.status, s.mission.title);
            Ok(ExitCode::SUCCESS)
        }
        Changed::NotAllowed(e) => {
            eprintln!("sign-up {id}: {e}");
            Ok(ExitCode::FAILURE)
        }
        Changed::NotFound => {
            eprintln!("sign-up {id}: no such sign-up (see `passerelle signups list`)");
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn list(
    conversations: &Conversations,
    relais: Option<String>,
    status: Option<String>,
    mission_id: Option<i64>,
) -> anyhow::Result<ExitCode> {
    let filter = SignupFilter {
        relais,
        status,
        mission_id,
    };
    let list = conversations.store.signup_list(&filter, 500).await?;
    println!("{} sign-up(s)", list.len());
    for s in list {
        let phone = PhoneNumber::parse(&s.volunteer)
            .map(|p| national(&p))
            .unwrap_or_else(|_| "-".into());
        let when = s.mission.start_at.clone().unwrap_or_else(|| "-".into());
        println!(
            "{:>5}  {:<21} {:<16} {:<14} {:<5} {}  ({})  signed {}",
            s.id,
            s.status,
            when.replace('T', " "),
            phone,
            s.channel,
            crate::domain::text::shorten(&s.mission.title, 45),
            crate::domain::text::shorten(&s.mission.organization, 30),
            super::paris(s.created_at),
        );
    }
    Ok(ExitCode::SUCCESS)
}

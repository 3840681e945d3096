//! The `passerelle` command: parses the command line, loads settings, starts the asked job.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use passerelle::config::Settings;
use passerelle::domain::Communes;

#[derive(Parser)]
#[command(
    name = "passerelle",
    version,
    about = "SMS, phone and kiosk gateway to local solidarity platforms"
)]
struct Cli {
    /// Settings file (default: passerelle.toml if present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the service (webhooks, API) with the embedded defaults.
    Serve,
    /// Checks flows and texts.
    Flows {
        #[command(subcommand)]
        command: FlowsCommand,
    },
    /// Talks to the flows in the terminal, rendered as SMS, against the same database.
    Chat {
        /// The phone number you pretend to text from.
        #[arg(long)]
        from: String,
        /// The relais number you text (default: the first relais).
        #[arg(long)]
        to: Option<String>,
        /// Walk the flows as the phone menu says them: type keys (1, 74150, *, 0), words as if
        /// spoken, or an empty line for silence.
        #[arg(long)]
        voice: bool,
    },
    /// Help requests: list them, change their status.
    Requests {
        #[command(subcommand)]
        command: passerelle::cli::mediation::RequestsCommand,
    },
    /// Mediators' accounts for the console.
    Mediator {
        #[command(subcommand)]
        command: passerelle::cli::mediation::MediatorCommand,
    },
    /// The audit log (who saw or did what for whom).
    Audit {
        #[command(subcommand)]
        command: passerelle::cli::mediation::AuditCommand,
    },
    /// Relais (mairies, offices) served by this instance.
    Relais {
        #[command(subcommand)]
        command: passerelle::cli::relais::RelaisCommand,
    },
    /// Kiosks: touch screens at the mairie.
    Kiosk {
        #[command(subcommand)]
        command: KioskCommand,
    },
    /// Sign-ups to missions: list them, give the organisation's answer.
    Signups {
        #[command(subcommand)]
        command: passerelle::cli::signups::SignupsCommand,
    },
    /// What Passerelle sends on its own: read it, pause it, settle a message.
    Outbox {
        #[command(subcommand)]
        command: passerelle::cli::outbox::OutboxCommand,
    },
    /// One person's data: export it as JSON, or erase it.
    Contact {
        #[command(subcommand)]
        command: passerelle::cli::contact::ContactCommand,
    },
    /// Partners' event subscriptions: list (with why one was disabled), enable, disable.
    Webhooks {
        #[command(subcommand)]
        command: passerelle::cli::webhooks::WebhooksCommand,
    },
    /// Missions from partners' feeds.
    Missions {
        #[command(subcommand)]
        command: passerelle::cli::missions::MissionsCommand,
    },
    /// Partner clients of the JSON API: add (prints the token once), list, revoke.
    ApiClient {
        #[command(subcommand)]
        command: passerelle::cli::api_clients::ApiClientCommand,
    },
    /// Writes a consistent copy of the database (safe while the service runs).
    Backup {
        /// The new file (must not exist).
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum FlowsCommand {
    /// Exits non-zero with file:line messages when something is wrong.
    Check {
        #[arg(long)]
        flows: Option<PathBuf>,
        #[arg(long)]
        locales: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum KioskCommand {
    /// Prints a one-time code to type once on /kiosk/enrol in the kiosk's browser.
    Enrol {
        /// The relais the kiosk belongs to.
        #[arg(long)]
        relais: String,
        /// INSEE code of the kiosk's commune ("near me" defaults there).
        #[arg(long)]
        commune: String,
        /// A name for the operators ("hall de la mairie").
        #[arg(long, default_value = "")]
        label: String,
    },
}

fn init_logs(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PASSERELLE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    // Colours only on a terminal: journald, Docker and log files get plain text.
    let fmt = tracing_subscriber::fmt()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        fmt.json().init();
    } else {
        fmt.init();
    }
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::from_env(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("passerelle: {e}");
            return ExitCode::from(2);
        }
    };
    match run(cli.command, settings).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("passerelle: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, mut settings: Settings) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve => {
            init_logs(settings.log_json);
            settings.check_serve()?;
            let running = passerelle::app::start(settings).await?;
            tracing::info!(address = %running.address, "Passerelle is listening");
            running.wait().await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Flows {
            command: FlowsCommand::Check { flows, locales },
        } => {
            if flows.is_some() {
                settings.flows_dir = flows;
            }
            if locales.is_some() {
                settings.locales_dir = locales;
            }
            let communes = Communes::embedded()?;
            match passerelle::app::load_content(&settings, &communes) {
                Ok((f, l)) => {
                    println!(
                        "flows check: {} flows, {} nodes, {} languages: all good",
                        f.flows.len(),
                        f.nodes().count(),
                        l.languages().len()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(errors) => {
                    for e in &errors {
                        println!("{e}");
                    }
                    eprintln!("flows check: {} problem(s)", errors.len());
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Chat {
            from,
            to,
            voice: false,
        } => passerelle::cli::chat::text(settings, &from, to.as_deref()).await,
        Command::Chat {
            from,
            to,
            voice: true,
        } => passerelle::cli::chat::voice(settings, &from, to.as_deref()).await,
        Command::Requests { command } => {
            let conversations = passerelle::app::conversations(&settings).await?;
            passerelle::cli::mediation::requests(conversations, command).await
        }
        Command::Mediator { command } => {
            let store = passerelle::app::open_store(&settings).await?;
            let set = passerelle::app::relais(&settings, store.as_ref()).await?;
            let ids: Vec<String> = set.all().into_iter().map(|r| r.id).collect();
            let base = settings
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", settings.bind));
            passerelle::cli::mediation::mediator(store.as_ref(), &base, &ids, command).await
        }
        Command::Audit { command } => {
            let store = passerelle::app::open_store(&settings).await?;
            passerelle::cli::mediation::audit(store.as_ref(), command).await
        }
        Command::Relais { command } => passerelle::cli::relais::run(&settings, command).await,
        Command::Kiosk {
            command:
                KioskCommand::Enrol {
                    relais,
                    commune,
                    label,
                },
        } => {
            let store = passerelle::app::open_store(&settings).await?;
            let set = passerelle::app::relais(&settings, store.as_ref()).await?;
            if set.by_id(&relais).is_none() {
                anyhow::bail!("--relais {relais}: unknown relais (see `passerelle relais list`)");
            }
            if Communes::embedded()?.by_insee(&commune).is_none() {
                anyhow::bail!("--commune {commune}: not an INSEE code of the region");
            }
            let e = passerelle::http::kiosk::create_enrolment(
                store.as_ref(),
                &relais,
                &commune,
                &label,
                now(),
            )
            .await?;
            let until = jiff::Timestamp::from_second(e.expires_at)
                .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_default();
            println!(
                "kiosk {} for relais {relais}, commune {commune}",
                e.kiosk_id
            );
            println!("enrolment code: {} (valid once, until {until})", e.code);
            println!("type it on /kiosk/enrol in the kiosk's browser");
            Ok(ExitCode::SUCCESS)
        }
        Command::Signups { command } => {
            let conversations = passerelle::app::conversations(&settings).await?;
            passerelle::cli::signups::run(conversations, command).await
        }
        Command::Outbox { command } => {
            let store = passerelle::app::open_store(&settings).await?;
            passerelle::cli::outbox::run(store.as_ref(), command).await
        }
        Command::Contact { command } => {
            let store = passerelle::app::open_store(&settings).await?;
            passerelle::cli::contact::run(store.as_ref(), command).await
        }
        Command::Webhooks { command } => {
            let store = passerelle::app::open_store(&settings).await?;
            passerelle::cli::webhooks::run(store.as_ref(), command).await
        }
        Command::Missions { command } => {
            let store = passerelle::app::open_store(&settings).await?;
            passerelle::cli::missions::run(store.as_ref(), command).await
        }
        Command::ApiClient { command } => {
            let store = passerelle::app::open_store(&settings).await?;
            let set = passerelle::app::relais(&settings, store.as_ref()).await?;
            passerelle::cli::api_clients::run(store.as_ref(), |r| set.by_id(r).is_some(), command)
                .await
        }
        Command::Backup { file } => {
            if file.exists() {
                anyhow::bail!("{} already exists; choose a new file name", file.display());
            }
            let store = passerelle::app::open_store(&settings).await?;
            store.backup(&file).await?;
            println!("backup written to {}", file.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

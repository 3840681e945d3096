//! Assembles a running Passerelle from settings: flows and texts (embedded or from folders,
//! checked), communes, relais (settings file, then those set by the CLI), the store, demo
//! missions, the SMS provider and the outbox worker.

use std::sync::Arc;

use crate::channels::sms::SmsStyle;
use crate::config::Settings;
use crate::conversation::{Conversations, Core};
use crate::domain::{Communes, PhoneNumber, Relais, RelaisSet};
use crate::engine::{self, Flows};
use crate::i18n::Locales;
use crate::providers::SmsProvider;
use crate::providers::log::LogProvider;
use crate::providers::twilio::TwilioProvider;
use crate::store::Store;
use crate::store::sqlite::SqliteStore;

/// Flows and locales, loaded and checked; errors as `file:line: message` lines.
pub fn load_content(
    settings: &Settings,
    communes: &Communes,
) -> Result<(Flows, Locales), Vec<String>> {
    let flows = match &settings.flows_dir {
        Some(dir) => engine::load_dir(dir),
        None => engine::load_embedded(),
    }
    .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let locales = match &settings.locales_dir {
        Some(dir) => Locales::from_dir(dir),
        None => Locales::embedded(),
    }
    .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let problems = crate::flowcheck::check(&flows, &locales, communes);
    if !problems.is_empty() {
        return Err(problems.iter().map(ToString::to_string).collect());
    }
    Ok((flows, locales))
}

/// Opens the store named by the settings.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Arc<dyn Store>> {
    let store = SqliteStore::open(&settings.database_url)
        .await
        .map_err(|e| anyhow::anyhow!("database {}: {e}", settings.database_url))?;
    Ok(Arc::new(store))
}

/// Relais from the settings file, then those set with `passerelle relais set`.
pub async fn relais(settings: &Settings, store: &dyn Store) -> anyhow::Result<RelaisSet> {
    let mut list: Vec<Relais> = settings.relais.clone();
    for r in store.stored_relais().await? {
        if list.iter().any(|x| x.id == r.id) {
            continue;
        }
        list.push(Relais {
            id: r.id,
            name: r.name,
            numbers: r
                .numbers
                .iter()
                .filter_map(|n| PhoneNumber::parse(n).ok())
                .collect(),
            communes: r.communes,
            help_line: r
                .help_line
                .as_deref()
                .and_then(|h| PhoneNumber::parse(h).ok()),
            opening_hours: crate::domain::hours::Schedule::parse(
                &r.opening_hours
                    .split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>(),
            )
            .unwrap_or_default(),
        });
    }
    if list.is_empty() {
        list = settings.relais_list();
    }
    Ok(RelaisSet::new(list))
}

/// The provider named by the settings: Twilio when an account is set, else log-only.
pub fn provider(settings: &Settings) -> anyhow::Result<Arc<dyn SmsProvider>> {
    match settings.twilio.auth_token.get() {
        Some(token) if !settings.twilio.account_sid.is_empty() => {
            let callback = settings
                .public_url
                .as_ref()
                .map(|u| format!("{u}/webhooks/twilio/status"));
            let p = TwilioProvider::new(
                &settings.twilio.api_base,
                &settings.twilio.account_sid,
                token,
                callback,
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(Arc::new(p))
        }
        _ => Ok(Arc::new(LogProvider::default())),
    }
}

/// Everything a command needs to hold conversations.
pub async fn conversations(settings: &Settings) -> anyhow::Result<Conversations> {
    let communes = Communes::embedded()?;
    let (flows, locales) =
        load_content(settings, &communes).map_err(|e| anyhow::anyhow!("{}", e.join("\n")))?;
    let store = open_store(settings).await?;
    let relais = relais(settings, store.as_ref()).await?;
    let core = Core {
        flows,
        locales,
        communes,
        relais,
        sms_style: SmsStyle {
            transliterate: settings.sms_transliterate,
        },
    };
    Ok(Conversations {
        core: Arc::new(core),
        store,
    })
}

/// How long turns in flight may take to finish once the service is told to stop.
pub const DRAIN_SECS: u64 = 10;
/// Longest a request may take: below Twilio's 15 s, so a slow turn is answered (503) rather
/// than cut by the provider.
pub const REQUEST_TIMEOUT_SECS: u64 = 12;

/// A started service.
pub struct Running {
    pub address: std::net::SocketAddr,
    pub conversations: Conversations,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    worker: tokio::task::JoinHandle<()>,
    shutdown: tokio::sync::watch::Sender<bool>,
}

impl Running {
    /// Serves until SIGTERM or SIGINT (Ctrl-C), then drains: stops accepting connections,
    /// lets requests in flight finish (at most [`DRAIN_SECS`]), lets the outbox worker finish
    /// the message it is sending, and returns.
    pub async fn wait(mut self) -> anyhow::Result<()> {
        tokio::select! {
            result = &mut self.server => return Ok(result??),
            () = stop_signal() => {}
        }
        tracing::info!("stopping: no new connections, finishing what is in flight");
        let _ = self.shutdown.send(true);
        let drain = std::time::Duration::from_secs(DRAIN_SECS);
        match tokio::time::timeout(drain, &mut self.server).await {
            Ok(result) => result??,
            Err(_) => {
                tracing::warn!(
                    secs = DRAIN_SECS,
                    "requests still in flight after the drain time; stopping anyway"
                );
                self.server.abort();
            }
        }
        if tokio::time::timeout(drain, &mut self.worker).await.is_err() {
            tracing::warn!("the outbox worker did not stop in time");
            self.worker.abort();
        }
        tracing::info!("stopped");
        Ok(())
    }

    /// Stops the server and the worker at once (tests).
    pub fn stop(&self) {
        let _ = self.shutdown.send(true);
        self.server.abort();
        self.worker.abort();
    }
}

/// SIGTERM (systemd, Docker, Kubernetes) or SIGINT (Ctrl-C).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; Ctrl-C only");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Loads everything, binds the address (port 0 picks a free one) and serves.
pub async fn start(settings: Settings) -> anyhow::Result<Running> {
    let conversations = conversations(&settings).await?;
    if settings.demo_missions {
        let now = jiff::Timestamp::now().as_second();
        let n = crate::demo::load_if_empty(
            conversations.store.as_ref(),
            &conversations.core.communes,
            now,
        )
        .await?;
        if n > 0 {
            tracing::info!(missions = n, "demo missions loaded into the empty database");
        }
    }
    if settings.twilio.auth_token.get().is_none() {
        tracing::warn!(
            "TWILIO_AUTH_TOKEN is not set: webhook signatures are not checked (loopback only)"
        );
    }
    // The numbering plan data is read once, here, rather than during a resident's turn.
    tokio::task::spawn_blocking(|| {
        crate::domain::PhoneNumber::parse("+33612345678").map(|p| p.can_receive_sms())
    });
    let provider = provider(&settings)?;
    let listener = tokio::net::TcpListener::bind(settings.bind)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.bind))?;
    let address = listener.local_addr()?;
    let (shutdown, stopping) = tokio::sync::watch::channel(false);
    let state = crate::http::AppState {
        conversations: conversations.clone(),
        settings: Arc::new(settings),
        limits: crate::http::limits::Limits::new(),
    };
    let worker = if state.settings.outbox_worker {
        tokio::spawn(crate::worker::run(
            conversations.store.clone(),
            provider,
            conversations.core.relais.clone(),
            stopping.clone(),
        ))
    } else {
        tokio::spawn(async {})
    };
    let router = crate::http::router(state);
    let mut stop = stopping;
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = stop.wait_for(|s| *s).await;
        })
        .await
    });
    Ok(Running {
        address,
        conversations,
        server,
        worker,
        shutdown,
    })
}

//! Assembles a running Passerelle from settings: flows and texts (embedded or from folders,
//! checked), communes, relais (settings file, then those set by the CLI), the store, demo
//! missions, the SMS provider and mailer, and the worker (outbox and scheduled jobs).

use std::sync::Arc;

use crate::channels::sms::SmsStyle;
use crate::config::{Settings, SmsProviderChoice};
use crate::conversation::{Conversations, Core};
use crate::domain::{Communes, PhoneNumber, Relais, RelaisSet};
use crate::engine::{self, Flows};
use crate::i18n::Locales;
use crate::providers::android::AndroidProvider;
use crate::providers::email::SmtpMailer;
use crate::providers::log::{LogMailer, LogProvider};
use crate::providers::twilio::TwilioProvider;
use crate::providers::{Mailer, SmsProvider};
use crate::store::Store;

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
    crate::store::open(&settings.database_url)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "database {}: {e}",
                crate::store::redact_url(&settings.database_url)
            )
        })
}

/// Relais from the settings file, then those set with `passerelle relais set` or the console
/// (a stored relais replaces the file's relais of the same id).
pub async fn relais(settings: &Settings, store: &dyn Store) -> anyhow::Result<RelaisSet> {
    let mut list: Vec<Relais> = settings.relais.clone();
    let periods = store.relais_retention().await?;
    for r in store.stored_relais().await? {
        let own = periods
            .iter()
            .find(|(id, _)| *id == r.id)
            .map(|(_, p)| *p)
            .unwrap_or_default();
        let stored = Relais {
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
            quiet_hours: match r.quiet_hours.trim() {
                "" => None,
                q => crate::domain::QuietHours::parse(q).ok(),
            },
            retention: own,
        };
        // What the team changed (`relais set`, the console's settings) wins over the file,
        // in the same place (the first relais answers numbers nobody claims).
        // A period the team did not set stays the file's.
        match list.iter_mut().find(|x| x.id == stored.id) {
            Some(x) => {
                let retention = x.retention.or(stored.retention);
                *x = Relais {
                    retention,
                    ..stored
                };
            }
            None => list.push(stored),
        }
    }
    if list.is_empty() {
        list = settings.relais_list();
    }
    Ok(RelaisSet::new(list))
}

/// The SMS provider named by the settings (`PASSERELLE_SMS_PROVIDER`; by default Twilio
/// when an account is set, else log-only).
pub fn provider(settings: &Settings) -> anyhow::Result<Arc<dyn SmsProvider>> {
    let oops = |e: crate::providers::ProviderError| anyhow::anyhow!("{e}");
    match settings.sms_provider() {
        SmsProviderChoice::Twilio => {
            let callback = settings
                .public_url
                .as_ref()
                .map(|u| format!("{u}/webhooks/twilio/status"));
            if callback.is_none() {
                tracing::warn!(
                    "PASSERELLE_PUBLIC_URL is not set: Twilio cannot report deliveries, and a message whose sending timed out stays unknown"
                );
            }
            let p = TwilioProvider::new(
                &settings.twilio.api_base,
                &settings.twilio.account_sid,
                settings.twilio.auth_token.get().unwrap_or_default(),
                callback,
            )
            .map_err(oops)?
            .with_messaging_service(settings.twilio.messaging_service_sid.clone());
            Ok(Arc::new(p))
        }
        SmsProviderChoice::Android => {
            let url = settings
                .android
                .url
                .as_deref()
                .ok_or_else(|| anyhow::anyhow!("ANDROID_GATEWAY_URL is not set"))?;
            let p = AndroidProvider::new(
                url,
                &settings.android.user,
                settings.android.password.get().unwrap_or_default(),
            )
            .map_err(oops)?;
            Ok(Arc::new(p))
        }
        SmsProviderChoice::Log => Ok(Arc::new(LogProvider::default())),
    }
}

/// The mailer named by the settings: SMTP when `PASSERELLE_SMTP_URL` is set, else log-only.
pub fn mailer(settings: &Settings) -> anyhow::Result<Arc<dyn Mailer>> {
    match settings.mail.smtp_url.get() {
        Some(url) => Ok(Arc::new(
            SmtpMailer::new(url, &settings.mail.from)
                .map_err(|e| anyhow::anyhow!("PASSERELLE_SMTP_URL: {e}"))?,
        )),
        None => Ok(Arc::new(LogMailer::default())),
    }
}

/// A worker configured by the settings.
pub fn worker_config(settings: &Settings) -> crate::worker::Config {
    crate::worker::Config::new(settings.sms_per_second, settings.quiet_hours)
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
        retention: settings.retention(),
    };
    Ok(Conversations {
        core: Arc::new(core),
        store,
    })
}

/// Reads the relais settings again every `every`, so that what an admin changed through
/// another instance (or `passerelle relais set`) reaches this one without a restart.
async fn refresh_relais(
    settings: Settings,
    conversations: Conversations,
    every: std::time::Duration,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stopping.wait_for(|s| *s) => return,
        }
        match relais(&settings, conversations.store.as_ref()).await {
            Ok(fresh) => conversations.core.relais.replace_all(fresh.all()),
            Err(e) => tracing::warn!(error = %e, "relais settings could not be read again"),
        }
    }
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
    if settings.retention_days > 0 {
        // Retention runs now, then once a day (the scheduler keeps it going).
        let now = jiff::Timestamp::now().as_second();
        let job = crate::worker::retention::job(now, now);
        crate::store::within(
            conversations.store.as_ref(),
            move |tx: &mut dyn crate::store::Tx| -> futures::future::BoxFuture<'_, crate::store::Result<()>> {
                Box::pin(async move { tx.schedule(&job).await })
            },
        )
        .await?;
    }
    if let Some(feed) = &settings.missions_feed {
        // Pulled once now, then every few hours (the scheduler keeps it going).
        let now = jiff::Timestamp::now().as_second();
        let job = crate::missions::pull::PullState::of(feed).job(now, now);
        crate::store::within(
            conversations.store.as_ref(),
            move |tx: &mut dyn crate::store::Tx| -> futures::future::BoxFuture<'_, crate::store::Result<()>> {
                Box::pin(async move { tx.schedule(&job).await })
            },
        )
        .await?;
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
    let mailer = mailer(&settings)?;
    let listener = tokio::net::TcpListener::bind(settings.bind)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.bind))?;
    let address = listener.local_addr()?;
    let (shutdown, stopping) = tokio::sync::watch::channel(false);
    let wake = Arc::new(tokio::sync::Notify::new());
    let worker = if settings.outbox_worker {
        let w = crate::worker::Worker::new(
            &crate::worker::worker_id(),
            conversations.clone(),
            provider,
            mailer,
            worker_config(&settings),
            stopping.clone(),
        );
        tokio::spawn(crate::worker::run(w, wake.clone(), stopping.clone()))
    } else {
        tokio::spawn(async {})
    };
    if settings.relais_refresh_secs > 0 {
        tokio::spawn(refresh_relais(
            settings.clone(),
            conversations.clone(),
            std::time::Duration::from_secs(settings.relais_refresh_secs),
            stopping.clone(),
        ));
    }
    let state = crate::http::AppState {
        conversations: conversations.clone(),
        settings: Arc::new(settings),
        limits: crate::http::limits::Limits::new(),
        outbox_wake: wake,
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

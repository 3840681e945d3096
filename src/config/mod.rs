//! Settings: embedded defaults, then `passerelle.toml` (or the file named by
//! `PASSERELLE_CONFIG`), then the environment. Each bad value gets a one-line error naming
//! the setting. Secrets are redacted in `Debug`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::retention::Periods;
use crate::domain::{PhoneNumber, QuietHours, Relais};

mod outbound;
mod partners;
mod retention;

pub use self::outbound::{AndroidGateway, Mail, SmsProviderChoice};
use self::outbound::{FileAndroid, FileMail, FileSms, parse_quiet};
pub use self::partners::MissionsFeed;

/// The settings file read when present and `PASSERELLE_CONFIG` is not set.
pub const DEFAULT_FILE: &str = "passerelle.toml";

/// A setting with a bad value.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{setting}: {message}")]
pub struct ConfigError {
    pub setting: String,
    pub message: String,
}

fn bad(setting: &str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        setting: setting.to_string(),
        message: message.into(),
    }
}

/// A secret: shown as `***` in logs and debug output.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "(unset)" } else { "***" })
    }
}

impl Secret {
    pub fn get(&self) -> Option<&str> {
        (!self.0.is_empty()).then_some(self.0.as_str())
    }
}

/// Twilio-compatible provider settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Twilio {
    pub account_sid: String,
    pub auth_token: Secret,
    pub from: Option<PhoneNumber>,
    pub api_base: String,
    /// Send through a Messaging Service (`MG…`) instead of each relais's number.
    pub messaging_service_sid: Option<String>,
}

/// Everything Passerelle can be told.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database_url: String,
    pub public_url: Option<String>,
    pub api_token: Secret,
    pub twilio: Twilio,
    pub flows_dir: Option<PathBuf>,
    pub locales_dir: Option<PathBuf>,
    pub demo_missions: bool,
    /// The retention job: 0 turns it off (tests, or an instance whose data another tool
    /// removes); any other value runs it. The periods are `conversation_days` and
    /// `request_days` (it once was the single period: only its old default, 365, is accepted).
    pub retention_days: u32,
    /// Days a relais keeps conversations (messages, sessions, call-backs' words) unless it
    /// sets its own: 90.
    pub conversation_days: u32,
    /// Days a relais keeps a closed request's free text unless it sets its own: 365.
    pub request_days: u32,
    pub sms_transliterate: bool,
    /// `None`: Twilio when an account is set, else log-only.
    pub sms_provider: Option<SmsProviderChoice>,
    pub android: AndroidGateway,
    pub mail: Mail,
    /// SMS handed to the provider per second, per sender (1 for a long code).
    pub sms_per_second: u32,
    /// When SMS that are not urgent wait (relais may set their own).
    pub quiet_hours: QuietHours,
    /// Send queued notifications from this instance (turn off where another instance does).
    pub outbox_worker: bool,
    /// How often relais settings are read again from the database, so that a change made in
    /// the console through another instance reaches this one (seconds; 0: never).
    pub relais_refresh_secs: u64,
    /// Behind a reverse proxy: take the client's address from `X-Forwarded-For` (its last
    /// hop, added by the proxy) for per-address limits.
    pub trust_proxy: bool,
    /// Logs as JSON lines instead of text.
    pub log_json: bool,
    /// Text-to-speech voice per language code (`fr`, `en`, `ar`).
    pub voices: std::collections::BTreeMap<String, String>,
    pub relais: Vec<Relais>,
    /// A partner's missions feed pulled periodically.
    pub missions_feed: Option<MissionsFeed>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    database_url: Option<String>,
    public_url: Option<String>,
    api_token: Option<String>,
    flows_dir: Option<PathBuf>,
    locales_dir: Option<PathBuf>,
    demo_missions: Option<bool>,
    retention_days: Option<u32>,
    conversation_days: Option<u32>,
    request_days: Option<u32>,
    outbox_worker: Option<bool>,
    quiet_hours: Option<String>,
    trust_proxy: Option<bool>,
    sms: Option<FileSms>,
    android_gateway: Option<FileAndroid>,
    mail: Option<FileMail>,
    voice: Option<std::collections::BTreeMap<String, String>>,
    twilio: Option<FileTwilio>,
    missions_feed: Option<partners::FileMissionsFeed>,
    #[serde(default)]
    relais: Vec<FileRelais>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileTwilio {
    account_sid: Option<String>,
    auth_token: Option<String>,
    from: Option<String>,
    api_base: Option<String>,
    messaging_service_sid: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRelais {
    id: String,
    name: String,
    #[serde(default)]
    numbers: Vec<String>,
    #[serde(default)]
    communes: Vec<String>,
    help_line: Option<String>,
    #[serde(default)]
    opening_hours: Vec<String>,
    quiet_hours: Option<String>,
    conversation_days: Option<u32>,
    request_days: Option<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite:passerelle.db".into(),
            public_url: None,
            api_token: Secret::default(),
            twilio: Twilio {
                account_sid: String::new(),
                auth_token: Secret::default(),
                from: None,
                api_base: "https://api.twilio.com".into(),
                messaging_service_sid: None,
            },
            flows_dir: None,
            locales_dir: None,
            demo_missions: true,
            retention_days: 365,
            relais_refresh_secs: 30,
            conversation_days: Periods::default().conversation_days,
            request_days: Periods::default().request_days,
            sms_transliterate: false,
            sms_provider: None,
            android: AndroidGateway {
                url: None,
                user: "sms".into(),
                password: Secret::default(),
                signing_key: Secret::default(),
            },
            mail: Mail {
                smtp_url: Secret::default(),
                from: "passerelle@localhost".into(),
            },
            sms_per_second: 1,
            quiet_hours: QuietHours::default(),
            outbox_worker: true,
            trust_proxy: false,
            log_json: false,
            voices: [
                ("fr", "Polly.Lea"),
                ("en", "Polly.Amy"),
                ("ar", "Polly.Zeina"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
            relais: Vec::new(),
            missions_feed: None,
        }
    }
}

fn parse_bool(setting: &str, v: &str) -> Result<bool, ConfigError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(bad(setting, format!("\"{v}\" is not true or false"))),
    }
}

fn parse_bind(setting: &str, v: &str) -> Result<SocketAddr, ConfigError> {
    v.trim().parse().map_err(|_| {
        bad(
            setting,
            format!("\"{v}\" is not an address like 127.0.0.1:8080"),
        )
    })
}

fn parse_phone(setting: &str, v: &str) -> Result<PhoneNumber, ConfigError> {
    PhoneNumber::parse(v).map_err(|_| {
        bad(
            setting,
            format!("\"{v}\" is not a phone number like +33757000000"),
        )
    })
}

pub(super) fn parse_url(setting: &str, v: &str) -> Result<String, ConfigError> {
    let v = v.trim().trim_end_matches('/');
    if v.starts_with("http://") || v.starts_with("https://") {
        Ok(v.to_string())
    } else {
        Err(bad(
            setting,
            format!("\"{v}\" is not a URL starting with http:// or https://"),
        ))
    }
}

fn parse_database_url(setting: &str, v: &str) -> Result<String, ConfigError> {
    if v.starts_with("sqlite:") || v.starts_with("postgres://") || v.starts_with("postgresql://") {
        Ok(v.to_string())
    } else {
        Err(bad(
            setting,
            format!(
                "\"{v}\" must start with sqlite: or postgres:// (for example sqlite:passerelle.db \
                 or postgres://passerelle@localhost/passerelle)"
            ),
        ))
    }
}

impl Settings {
    /// Defaults, then the file (if any), then the environment given.
    pub fn load(
        file: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let mut s = Settings::default();
        let explicit = env("PASSERELLE_CONFIG")
            .map(PathBuf::from)
            .or(file.map(Path::to_path_buf));
        let path = explicit
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_FILE));
        if path.exists() {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| bad(&path.display().to_string(), format!("cannot read: {e}")))?;
            s.apply_file(&path, &text)?;
        } else if let Some(p) = explicit {
            return Err(bad(&p.display().to_string(), "file not found"));
        }
        s.apply_env(env)?;
        Ok(s)
    }

    /// Reads the real process environment.
    pub fn from_env(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::load(file, &|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    }

    fn apply_file(&mut self, path: &Path, text: &str) -> Result<(), ConfigError> {
        let f: FileSettings = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start].lines().count().max(1))
                .unwrap_or(1);
            bad(
                &format!("{}:{line}", path.display()),
                e.message().to_string(),
            )
        })?;
        if let Some(v) = f.bind {
            self.bind = parse_bind("bind", &v)?;
        }
        if let Some(v) = f.database_url {
            self.database_url = parse_database_url("database_url", &v)?;
        }
        if let Some(v) = f.public_url.filter(|v| !v.is_empty()) {
            self.public_url = Some(parse_url("public_url", &v)?);
        }
        if let Some(v) = f.api_token {
            self.api_token = Secret(v);
        }
        if f.flows_dir.is_some() {
            self.flows_dir = f.flows_dir;
        }
        if f.locales_dir.is_some() {
            self.locales_dir = f.locales_dir;
        }
        if let Some(v) = f.demo_missions {
            self.demo_missions = v;
        }
        self.apply_retention_file(f.retention_days, f.conversation_days, f.request_days)?;
        if let Some(v) = f.outbox_worker {
            self.outbox_worker = v;
        }
        self.apply_outbound_file(f.sms, f.quiet_hours, f.android_gateway, f.mail)?;
        self.apply_partners_file(f.missions_feed)?;
        if let Some(v) = f.trust_proxy {
            self.trust_proxy = v;
        }
        if let Some(voices) = f.voice {
            for (lang, voice) in voices {
                if !self.voices.contains_key(&lang) {
                    return Err(bad(
                        &format!("voice.{lang}"),
                        "only fr, en and ar have voices",
                    ));
                }
                self.voices.insert(lang, voice);
            }
        }
        if let Some(t) = f.twilio {
            if let Some(v) = t.account_sid {
                self.twilio.account_sid = v;
            }
            if let Some(v) = t.auth_token {
                self.twilio.auth_token = Secret(v);
            }
            if let Some(v) = t.from.filter(|v| !v.is_empty()) {
                self.twilio.from = Some(parse_phone("twilio.from", &v)?);
            }
            if let Some(v) = t.api_base {
                self.twilio.api_base = parse_url("twilio.api_base", &v)?;
            }
            if let Some(v) = t.messaging_service_sid.filter(|v| !v.is_empty()) {
                self.twilio.messaging_service_sid = Some(v);
            }
        }
        for (i, r) in f.relais.into_iter().enumerate() {
            let at = |field: &str| format!("relais[{i}].{field}");
            if r.id.trim().is_empty()
                || !r
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(bad(
                    &at("id"),
                    format!("\"{}\" must be letters, digits, - or _", r.id),
                ));
            }
            let numbers = r
                .numbers
                .iter()
                .map(|n| parse_phone(&at("numbers"), n))
                .collect::<Result<Vec<_>, _>>()?;
            for c in &r.communes {
                if c.len() != 5 {
                    return Err(bad(
                        &at("communes"),
                        format!("\"{c}\" is not an INSEE code like 74225"),
                    ));
                }
            }
            let help_line = r
                .help_line
                .filter(|h| !h.is_empty())
                .map(|h| parse_phone(&at("help_line"), &h))
                .transpose()?;
            self.relais.push(Relais {
                id: r.id,
                name: r.name,
                numbers,
                communes: r.communes,
                help_line,
                opening_hours: crate::domain::hours::Schedule::parse(&r.opening_hours)
                    .map_err(|e| bad(&at("opening_hours"), e.to_string()))?,
                quiet_hours: r
                    .quiet_hours
                    .map(|q| parse_quiet(&at("quiet_hours"), &q))
                    .transpose()?,
                retention: retention::own(&at, r.conversation_days, r.request_days)?,
            });
        }
        Ok(())
    }

    fn apply_env(&mut self, env: &dyn Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(v) = env("PASSERELLE_BIND") {
            self.bind = parse_bind("PASSERELLE_BIND", &v)?;
        }
        if let Some(v) = env("DATABASE_URL") {
            self.database_url = parse_database_url("DATABASE_URL", &v)?;
        }
        if let Some(v) = env("PASSERELLE_PUBLIC_URL") {
            self.public_url = Some(parse_url("PASSERELLE_PUBLIC_URL", &v)?);
        }
        if let Some(v) = env("PASSERELLE_API_TOKEN") {
            self.api_token = Secret(v);
        }
        if let Some(v) = env("TWILIO_ACCOUNT_SID") {
            self.twilio.account_sid = v;
        }
        if let Some(v) = env("TWILIO_AUTH_TOKEN") {
            self.twilio.auth_token = Secret(v);
        }
        if let Some(v) = env("TWILIO_FROM") {
            self.twilio.from = Some(parse_phone("TWILIO_FROM", &v)?);
        }
        if let Some(v) = env("TWILIO_API_BASE") {
            self.twilio.api_base = parse_url("TWILIO_API_BASE", &v)?;
        }
        if let Some(v) = env("TWILIO_MESSAGING_SERVICE_SID") {
            self.twilio.messaging_service_sid = Some(v);
        }
        self.apply_outbound_env(env)?;
        self.apply_partners_env(env)?;
        if let Some(v) = env("PASSERELLE_FLOWS_DIR") {
            self.flows_dir = Some(PathBuf::from(v));
        }
        if let Some(v) = env("PASSERELLE_LOCALES_DIR") {
            self.locales_dir = Some(PathBuf::from(v));
        }
        self.apply_retention_env(env)?;
        if let Some(v) = env("PASSERELLE_DEMO_MISSIONS") {
            self.demo_missions = parse_bool("PASSERELLE_DEMO_MISSIONS", &v)?;
        }
        for lang in ["fr", "en", "ar"] {
            if let Some(v) = env(&format!("PASSERELLE_VOICE_{}", lang.to_uppercase())) {
                self.voices.insert(lang.to_string(), v);
            }
        }
        if let Some(v) = env("PASSERELLE_OUTBOX_WORKER") {
            self.outbox_worker = parse_bool("PASSERELLE_OUTBOX_WORKER", &v)?;
        }
        if let Some(v) = env("PASSERELLE_RELAIS_REFRESH_SECS") {
            self.relais_refresh_secs = v.trim().parse().map_err(|_| {
                bad(
                    "PASSERELLE_RELAIS_REFRESH_SECS",
                    format!("\"{v}\" is not a number of seconds like 30 (0: never)"),
                )
            })?;
        }
        if let Some(v) = env("PASSERELLE_TRUST_PROXY") {
            self.trust_proxy = parse_bool("PASSERELLE_TRUST_PROXY", &v)?;
        }
        if let Some(v) = env("PASSERELLE_LOG_FORMAT") {
            self.log_json = match v.as_str() {
                "json" => true,
                "text" => false,
                _ => {
                    return Err(bad(
                        "PASSERELLE_LOG_FORMAT",
                        format!("\"{v}\" is not text or json"),
                    ));
                }
            };
        }
        if let Some(v) = env("PASSERELLE_SMS_TRANSLITERATE") {
            self.sms_transliterate = parse_bool("PASSERELLE_SMS_TRANSLITERATE", &v)?;
        }
        Ok(())
    }

    /// Refuses settings that would be unsafe to serve with, or that name a provider without
    /// what it needs.
    pub fn check_serve(&self) -> Result<(), ConfigError> {
        let public = !self.bind.ip().is_loopback();
        if self.check_provider(public)? {
            // The phone's webhooks are checked with their own key; Twilio's webhooks,
            // without a token, are refused.
            return Ok(());
        }
        if public && self.twilio.auth_token.get().is_none() {
            return Err(bad(
                "TWILIO_AUTH_TOKEN",
                format!(
                    "must be set to listen on {} (a non-loopback address): without it webhooks cannot be checked",
                    self.bind
                ),
            ));
        }
        Ok(())
    }

    /// The relais list with the provider's number given to the first relais if it has none.
    pub fn relais_list(&self) -> Vec<Relais> {
        let mut list = self.relais.clone();
        if list.is_empty() {
            let mut r = crate::domain::RelaisSet::fallback();
            r.numbers.extend(self.twilio.from.clone());
            list.push(r);
        }
        list
    }
}

#[cfg(test)]
mod tests;

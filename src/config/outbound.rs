//! Settings of what Passerelle sends on its own: which way SMS leave (Twilio, an Android
//! phone, the log), the Android gateway, e-mail, pace and quiet hours.

use serde::Deserialize;

use super::{ConfigError, Secret, Settings, bad, parse_url};
use crate::domain::QuietHours;

/// Which way SMS leave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmsProviderChoice {
    /// Twilio or anything speaking its REST API.
    Twilio,
    /// The "SMS Gateway for Android" app on a phone with a SIM card.
    Android,
    /// Nothing leaves: the log says what would have been sent.
    Log,
}

/// The Android phone used as SMS gateway (capcom6 "SMS Gateway for Android").
#[derive(Clone, Debug, PartialEq)]
pub struct AndroidGateway {
    /// Its API base: `http://192.168.1.20:8080` (local server on the phone) or the cloud
    /// server's `https://api.sms-gate.app/3rdparty/v1`.
    pub url: Option<String>,
    pub user: String,
    pub password: Secret,
    /// The key its webhooks are signed with (`X-Signature`).
    pub signing_key: Secret,
}

/// E-mail to organisations (SMTP through lettre); log-only without a URL.
#[derive(Clone, Debug, PartialEq)]
pub struct Mail {
    /// `smtps://user:password@smtp.example.fr` or `smtp://host:587?tls=required`.
    pub smtp_url: Secret,
    /// The sender address.
    pub from: String,
}

pub(super) fn parse_provider(setting: &str, v: &str) -> Result<SmsProviderChoice, ConfigError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "twilio" => Ok(SmsProviderChoice::Twilio),
        "android" => Ok(SmsProviderChoice::Android),
        "log" => Ok(SmsProviderChoice::Log),
        _ => Err(bad(
            setting,
            format!("\"{v}\" is not twilio, android or log"),
        )),
    }
}

pub(super) fn parse_quiet(setting: &str, v: &str) -> Result<QuietHours, ConfigError> {
    QuietHours::parse(v).map_err(|e| bad(setting, e.to_string()))
}

pub(super) fn parse_rate(setting: &str, v: u32) -> Result<u32, ConfigError> {
    if (1..=1000).contains(&v) {
        Ok(v)
    } else {
        Err(bad(setting, format!("{v} is not between 1 and 1000")))
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct FileSms {
    pub(super) transliterate: Option<bool>,
    pub(super) provider: Option<String>,
    pub(super) per_second: Option<u32>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct FileAndroid {
    pub(super) url: Option<String>,
    pub(super) user: Option<String>,
    pub(super) password: Option<String>,
    pub(super) signing_key: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct FileMail {
    pub(super) smtp_url: Option<String>,
    pub(super) from: Option<String>,
}

impl Settings {
    pub(super) fn apply_outbound_file(
        &mut self,
        sms: Option<FileSms>,
        quiet_hours: Option<String>,
        android: Option<FileAndroid>,
        mail: Option<FileMail>,
    ) -> Result<(), ConfigError> {
        if let Some(sms) = sms {
            if let Some(v) = sms.transliterate {
                self.sms_transliterate = v;
            }
            if let Some(v) = sms.provider.filter(|v| !v.is_empty()) {
                self.sms_provider = Some(parse_provider("sms.provider", &v)?);
            }
            if let Some(v) = sms.per_second {
                self.sms_per_second = parse_rate("sms.per_second", v)?;
            }
        }
        if let Some(v) = quiet_hours {
            self.quiet_hours = parse_quiet("quiet_hours", &v)?;
        }
        if let Some(a) = android {
            if let Some(v) = a.url.filter(|v| !v.is_empty()) {
                self.android.url = Some(parse_url("android_gateway.url", &v)?);
            }
            if let Some(v) = a.user {
                self.android.user = v;
            }
            if let Some(v) = a.password {
                self.android.password = Secret(v);
            }
            if let Some(v) = a.signing_key {
                self.android.signing_key = Secret(v);
            }
        }
        if let Some(m) = mail {
            if let Some(v) = m.smtp_url {
                self.mail.smtp_url = Secret(v);
            }
            if let Some(v) = m.from.filter(|v| !v.is_empty()) {
                self.mail.from = v;
            }
        }
        Ok(())
    }

    pub(super) fn apply_outbound_env(
        &mut self,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        if let Some(v) = env("PASSERELLE_SMS_PROVIDER") {
            self.sms_provider = Some(parse_provider("PASSERELLE_SMS_PROVIDER", &v)?);
        }
        if let Some(v) = env("PASSERELLE_SMS_PER_SECOND") {
            let n = v.trim().parse::<u32>().map_err(|_| {
                bad(
                    "PASSERELLE_SMS_PER_SECOND",
                    format!("\"{v}\" is not a whole number"),
                )
            })?;
            self.sms_per_second = parse_rate("PASSERELLE_SMS_PER_SECOND", n)?;
        }
        if let Some(v) = env("PASSERELLE_QUIET_HOURS") {
            self.quiet_hours = parse_quiet("PASSERELLE_QUIET_HOURS", &v)?;
        }
        if let Some(v) = env("ANDROID_GATEWAY_URL") {
            self.android.url = Some(parse_url("ANDROID_GATEWAY_URL", &v)?);
        }
        if let Some(v) = env("ANDROID_GATEWAY_USER") {
            self.android.user = v;
        }
        if let Some(v) = env("ANDROID_GATEWAY_PASSWORD") {
            self.android.password = Secret(v);
        }
        if let Some(v) = env("ANDROID_GATEWAY_SIGNING_KEY") {
            self.android.signing_key = Secret(v);
        }
        if let Some(v) = env("PASSERELLE_SMTP_URL") {
            self.mail.smtp_url = Secret(v);
        }
        if let Some(v) = env("PASSERELLE_MAIL_FROM") {
            self.mail.from = v;
        }
        Ok(())
    }

    /// The provider SMS leave through: the one chosen, else Twilio when an account is set,
    /// else log-only.
    pub fn sms_provider(&self) -> SmsProviderChoice {
        self.sms_provider.unwrap_or(
            if self.twilio.account_sid.is_empty() || self.twilio.auth_token.get().is_none() {
                SmsProviderChoice::Log
            } else {
                SmsProviderChoice::Twilio
            },
        )
    }

    /// Checks the chosen provider has what it needs; true when it is the Android gateway,
    /// whose webhooks are checked with their own key (Twilio's, without a token, are refused).
    pub(super) fn check_provider(&self, public: bool) -> Result<bool, ConfigError> {
        match self.sms_provider() {
            SmsProviderChoice::Twilio
                if self.twilio.account_sid.is_empty() || self.twilio.auth_token.get().is_none() =>
            {
                return Err(bad(
                    "PASSERELLE_SMS_PROVIDER",
                    "twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
                ));
            }
            SmsProviderChoice::Android => {
                if self.android.url.is_none() {
                    return Err(bad(
                        "ANDROID_GATEWAY_URL",
                        "must be set with PASSERELLE_SMS_PROVIDER=android (the phone's API address)",
                    ));
                }
                if public && self.android.signing_key.get().is_none() {
                    return Err(bad(
                        "ANDROID_GATEWAY_SIGNING_KEY",
                        format!(
                            "must be set to listen on {} (a non-loopback address): without it the phone's webhooks cannot be checked",
                            self.bind
                        ),
                    ));
                }
                return Ok(true);
            }
            _ => {}
        }
        Ok(false)
    }
}

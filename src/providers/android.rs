//! The "SMS Gateway for Android" app (capcom6/android-sms-gateway): an old phone with a cheap
//! SIM card sends the relais's SMS. Its API (on the phone, or through its cloud server) takes
//! `POST {base}/messages` with HTTP Basic auth and answers `202`; older app versions only know
//! `POST {base}/message` with `{message, phoneNumbers}`, tried when the first answers 404.
//!
//! Each message carries our reference as its id, so sending it again is harmless (the app
//! answers `409`, which means it already has it): a timeout can be retried, and the app's
//! `sms:sent` / `sms:delivered` / `sms:failed` webhooks name the message by that id.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{ProviderError, Sms, SmsProvider, http_client, request_error, retry_after};
use crate::domain::phone::redact_in_text;

/// Longest wait for the phone's answer; within the time a stopping service gives its worker
/// (a lost answer is simply tried again: the message carries our id).
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Sends through the phone.
#[derive(Debug)]
pub struct AndroidProvider {
    http: reqwest::Client,
    base: String,
    user: String,
    password: String,
    /// The phone answered 404 to `/messages`: it runs an older version.
    legacy: AtomicBool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TextMessage<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Request<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text_message: Option<TextMessage<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    phone_numbers: [&'a str; 1],
    with_delivery_report: bool,
}

#[derive(Deserialize)]
struct Accepted {
    id: Option<String>,
}

#[derive(Deserialize)]
struct Failure {
    message: Option<String>,
}

impl AndroidProvider {
    pub fn new(base: &str, user: &str, password: &str) -> Result<Self, ProviderError> {
        let http = http_client(TIMEOUT)?;
        Ok(Self {
            http,
            base: base.trim_end_matches('/').to_string(),
            user: user.to_string(),
            password: password.to_string(),
            legacy: AtomicBool::new(false),
        })
    }

    /// Waits at most this long for the phone's answer (10 s by default).
    pub fn with_timeout(mut self, timeout: Duration) -> Result<Self, ProviderError> {
        self.http = http_client(timeout)?;
        Ok(self)
    }

    async fn post(&self, sms: &Sms<'_>, legacy: bool) -> Result<reqwest::Response, ProviderError> {
        let (path, body) = if legacy {
            (
                "message",
                Request {
                    id: sms.reference,
                    text_message: None,
                    message: Some(sms.body),
                    phone_numbers: [sms.to],
                    with_delivery_report: true,
                },
            )
        } else {
            (
                "messages",
                Request {
                    id: sms.reference,
                    text_message: Some(TextMessage { text: sms.body }),
                    message: None,
                    phone_numbers: [sms.to],
                    with_delivery_report: true,
                },
            )
        };
        self.http
            .post(format!("{}/{path}", self.base))
            .basic_auth(&self.user, Some(&self.password))
            .json(&body)
            .send()
            .await
            // The message id makes a second try harmless: a lost answer is worth retrying.
            .map_err(|e| match request_error(&e) {
                ProviderError::Unknown(m) => ProviderError::Retryable(m),
                other => other,
            })
    }
}

#[async_trait]
impl SmsProvider for AndroidProvider {
    async fn send(&self, sms: &Sms<'_>) -> Result<String, ProviderError> {
        let mut legacy = self.legacy.load(Ordering::Relaxed);
        let mut resp = self.post(sms, legacy).await?;
        if !legacy && matches!(resp.status().as_u16(), 404 | 405) {
            legacy = true;
            self.legacy.store(true, Ordering::Relaxed);
            tracing::info!("the Android gateway is an older version: using POST /message");
            resp = self.post(sms, legacy).await?;
        }
        let status = resp.status();
        let wait = retry_after(resp.headers());
        if status.is_success() {
            let accepted: Option<Accepted> = resp.json().await.ok();
            return Ok(accepted
                .and_then(|a| a.id)
                .unwrap_or_else(|| sms.reference.to_string()));
        }
        if status.as_u16() == 409 {
            // It already has a message with this id: an earlier try got through.
            return Ok(sms.reference.to_string());
        }
        let message = redact_in_text(
            &resp
                .json::<Failure>()
                .await
                .ok()
                .and_then(|f| f.message)
                .unwrap_or_else(|| status.to_string()),
        );
        match status.as_u16() {
            429 => Err(ProviderError::Throttled {
                retry_after_secs: wait,
                message,
            }),
            // 503: the phone's queue is full or it is offline.
            s if s >= 500 => Err(ProviderError::Retryable(format!("{status}: {message}"))),
            // Wrong user or password: nothing will get through until an operator fixes it,
            // but the messages must not be lost either.
            401 | 403 => Err(ProviderError::Retryable(format!(
                "{status}: check ANDROID_GATEWAY_USER and ANDROID_GATEWAY_PASSWORD"
            ))),
            _ => Err(ProviderError::Final {
                code: i64::from(status.as_u16()),
                message,
            }),
        }
    }

    fn sender(&self, _from: Option<&str>) -> String {
        // One phone, one SIM: every message shares its pace.
        "android".into()
    }
}

//! A Twilio-compatible REST client (`POST …/Accounts/{sid}/Messages.json`, HTTP Basic), with
//! a timeout. Sends from the relais's number, or through a Messaging Service when one is set.
//! 429 asks to slow down; a 5xx without a message id is retried; a timeout may have sent the
//! message and is left to the status callback, which carries our reference in its URL.

use std::time::Duration;

use async_trait::async_trait;
use serde::Deserialize;

use super::{ProviderError, Sms, SmsProvider, http_client, request_error, retry_after};
use crate::domain::phone::redact_in_text;

/// Longest wait for Twilio's answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Talks to Twilio or anything speaking its API.
#[derive(Debug, Clone)]
pub struct TwilioProvider {
    http: reqwest::Client,
    base: String,
    account_sid: String,
    auth_token: String,
    status_callback: Option<String>,
    messaging_service_sid: Option<String>,
}

#[derive(Deserialize)]
struct Created {
    sid: String,
}

#[derive(Deserialize)]
struct Failure {
    code: Option<i64>,
    message: Option<String>,
}

impl TwilioProvider {
    /// `status_callback` is the full URL of `/webhooks/twilio/status`; each message adds its
    /// reference to it.
    pub fn new(
        base: &str,
        account_sid: &str,
        auth_token: &str,
        status_callback: Option<String>,
    ) -> Result<Self, ProviderError> {
        let http = http_client(TIMEOUT)?;
        Ok(Self {
            http,
            base: base.trim_end_matches('/').to_string(),
            account_sid: account_sid.to_string(),
            auth_token: auth_token.to_string(),
            status_callback,
            messaging_service_sid: None,
        })
    }

    /// Waits at most this long for Twilio's answer (10 s by default).
    pub fn with_timeout(mut self, timeout: Duration) -> Result<Self, ProviderError> {
        self.http = http_client(timeout)?;
        Ok(self)
    }

    /// Sends every message through this Messaging Service (`MG…`) instead of a `From` number.
    pub fn with_messaging_service(mut self, sid: Option<String>) -> Self {
        self.messaging_service_sid = sid.filter(|s| !s.is_empty());
        self
    }
}

#[async_trait]
impl SmsProvider for TwilioProvider {
    async fn send(&self, sms: &Sms<'_>) -> Result<String, ProviderError> {
        let url = format!(
            "{}/2010-04-01/Accounts/{}/Messages.json",
            self.base, self.account_sid
        );
        let callback = self
            .status_callback
            .as_ref()
            .map(|cb| format!("{cb}?ref={}", sms.reference));
        let mut form: Vec<(&str, &str)> = vec![("To", sms.to), ("Body", sms.body)];
        match (&self.messaging_service_sid, sms.from) {
            (Some(service), _) => form.push(("MessagingServiceSid", service)),
            (None, Some(from)) => form.push(("From", from)),
            (None, None) => {}
        }
        if let Some(cb) = &callback {
            form.push(("StatusCallback", cb));
        }
        let resp = self
            .http
            .post(&url)
            .basic_auth(&self.account_sid, Some(&self.auth_token))
            .form(&form)
            .send()
            .await
            .map_err(|e| request_error(&e))?;
        let status = resp.status();
        let wait = retry_after(resp.headers());
        if status.is_success() {
            // Created, but an unreadable answer leaves us without its id: the status callback
            // will name it.
            let created: Created = resp
                .json()
                .await
                .map_err(|e| ProviderError::Unknown(format!("unreadable answer: {e}")))?;
            return Ok(created.sid);
        }
        let failure: Option<Failure> = resp.json().await.ok();
        let code = failure.as_ref().and_then(|f| f.code).unwrap_or(0);
        // Twilio's messages may quote the number: never keep it in clear.
        let message = redact_in_text(
            &failure
                .and_then(|f| f.message)
                .unwrap_or_else(|| status.to_string()),
        );
        if status.as_u16() == 429 || code == 20429 {
            Err(ProviderError::Throttled {
                retry_after_secs: wait,
                message,
            })
        } else if status.is_server_error() {
            Err(ProviderError::Retryable(format!("{status}: {message}")))
        } else {
            Err(ProviderError::Final { code, message })
        }
    }

    fn sender(&self, from: Option<&str>) -> String {
        match &self.messaging_service_sid {
            Some(service) => service.clone(),
            None => from.unwrap_or("default").to_string(),
        }
    }
}

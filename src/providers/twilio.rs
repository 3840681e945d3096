//! A Twilio-compatible REST client (`POST …/Accounts/{sid}/Messages.json`, HTTP Basic), with
//! a timeout, mapping 429 and 5xx to retryable errors and Twilio's error codes to final ones.

use std::time::Duration;

use async_trait::async_trait;
use serde::Deserialize;

use super::{ProviderError, SmsProvider};
use crate::domain::phone::redact_in_text;

/// Talks to Twilio or anything speaking its API.
#[derive(Debug, Clone)]
pub struct TwilioProvider {
    http: reqwest::Client,
    base: String,
    account_sid: String,
    auth_token: String,
    status_callback: Option<String>,
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
    pub fn new(
        base: &str,
        account_sid: &str,
        auth_token: &str,
        status_callback: Option<String>,
    ) -> Result<Self, ProviderError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| ProviderError::Retryable(e.to_string()))?;
        Ok(Self {
            http,
            base: base.trim_end_matches('/').to_string(),
            account_sid: account_sid.to_string(),
            auth_token: auth_token.to_string(),
            status_callback,
        })
    }
}

#[async_trait]
impl SmsProvider for TwilioProvider {
    async fn send(
        &self,
        from: Option<&str>,
        to: &str,
        body: &str,
    ) -> Result<String, ProviderError> {
        let url = format!(
            "{}/2010-04-01/Accounts/{}/Messages.json",
            self.base, self.account_sid
        );
        let mut form: Vec<(&str, &str)> = vec![("To", to), ("Body", body)];
        if let Some(from) = from {
            form.push(("From", from));
        }
        if let Some(cb) = &self.status_callback {
            form.push(("StatusCallback", cb));
        }
        let resp = self
            .http
            .post(&url)
            .basic_auth(&self.account_sid, Some(&self.auth_token))
            .form(&form)
            .send()
            .await
            .map_err(|e| ProviderError::Retryable(format!("request failed: {e}")))?;
        let status = resp.status();
        if status.is_success() {
            let created: Created = resp
                .json()
                .await
                .map_err(|e| ProviderError::Retryable(format!("unreadable answer: {e}")))?;
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
        if status.as_u16() == 429 || status.is_server_error() || code == 20429 {
            Err(ProviderError::Retryable(format!("{status}: {message}")))
        } else {
            Err(ProviderError::Final { code, message })
        }
    }
}

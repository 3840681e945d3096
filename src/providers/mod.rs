//! Outbound messages behind one trait per channel: SMS through a Twilio-compatible REST API,
//! the "SMS Gateway for Android" app or the log; e-mail through SMTP or the log.
//!
//! Providers only send and classify what went wrong; retries, pacing, quiet hours and
//! reconciliation are the outbox worker's.

pub mod android;
pub mod email;
pub mod log;
pub mod twilio;

use async_trait::async_trait;

/// Why a message was not sent (or may not have been).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProviderError {
    /// Certainly not sent; worth trying again later (5xx without a message, a connection
    /// refused, a phone offline).
    #[error("temporary failure: {0}")]
    Retryable(String),
    /// The provider asks to slow down (HTTP 429): wait `retry_after_secs` if it said so.
    #[error("too many requests: {message}")]
    Throttled {
        retry_after_secs: Option<u64>,
        message: String,
    },
    /// The request left but no answer came (a timeout): the message may have gone. Never
    /// sent again blindly; a status report or an operator settles it.
    #[error("no answer, the message may have gone: {0}")]
    Unknown(String),
    /// Will never work (invalid number, recipient opted out…).
    #[error("refused ({code}): {message}")]
    Final { code: i64, message: String },
}

/// One SMS to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sms<'a> {
    /// The relais's number, when it has one.
    pub from: Option<&'a str>,
    pub to: &'a str,
    pub body: &'a str,
    /// Our own name for the message (see `store::OutboxItem::reference`): providers that can
    /// carry it (the Android gateway's message id, Twilio's status callback URL) do, so their
    /// reports find the message even when their answer to the send was lost.
    pub reference: &'a str,
}

/// Sends SMS.
#[async_trait]
pub trait SmsProvider: Send + Sync {
    /// Sends one message; returns the provider's id for it.
    async fn send(&self, sms: &Sms<'_>) -> Result<String, ProviderError>;

    /// Who is paced: messages with the same sender share one rate (a long code, a messaging
    /// service, a phone).
    fn sender(&self, from: Option<&str>) -> String {
        from.unwrap_or("default").to_string()
    }
}

/// One e-mail to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Email<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub reference: &'a str,
}

/// Sends e-mail.
#[async_trait]
pub trait Mailer: Send + Sync {
    /// Sends one e-mail; returns an id for it.
    async fn send(&self, email: &Email<'_>) -> Result<String, ProviderError>;
}

/// An HTTP client for a provider's API, waiting at most `timeout` for an answer.
pub fn http_client(timeout: std::time::Duration) -> Result<reqwest::Client, ProviderError> {
    reqwest::Client::builder()
        .timeout(timeout)
        .build()
        .map_err(|e| ProviderError::Retryable(e.to_string()))
}

/// `Retry-After` in seconds (the HTTP-date form is rare with SMS APIs and read as absent).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<u64> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Classifies a request that did not get an answer: refused before anything left (nothing
/// sent) or lost after (maybe sent).
pub fn request_error(e: &reqwest::Error) -> ProviderError {
    if e.is_connect() || e.is_builder() {
        ProviderError::Retryable(format!("could not connect: {e}"))
    } else {
        ProviderError::Unknown(format!("no answer: {e}"))
    }
}

//! Outbound SMS providers behind one trait: a Twilio-compatible REST client and a log-only
//! provider (the default) that records what would be sent without the number or the text.

pub mod log;
pub mod twilio;

use async_trait::async_trait;

/// Why a message was not sent.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProviderError {
    /// Worth trying again later (429, 5xx, timeout).
    #[error("temporary failure: {0}")]
    Retryable(String),
    /// Will never work (invalid number, recipient opted out…).
    #[error("refused ({code}): {message}")]
    Final { code: i64, message: String },
}

/// Sends SMS.
#[async_trait]
pub trait SmsProvider: Send + Sync {
    /// Sends one message; returns the provider's id for it.
    async fn send(&self, from: Option<&str>, to: &str, body: &str)
    -> Result<String, ProviderError>;
}

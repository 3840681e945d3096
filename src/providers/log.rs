//! The log-only providers: nothing leaves the machine; the log says a message would have
//! gone, to whom (redacted) and at what cost in segments. Never the text.

use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;

use super::{Email, Mailer, ProviderError, Sms, SmsProvider};
use crate::domain::phone::redact;
use crate::domain::text::segments;

/// Logs instead of sending SMS.
#[derive(Debug, Default)]
pub struct LogProvider {
    sent: AtomicU64,
}

impl LogProvider {
    /// How many messages it was asked to send.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }
}

#[async_trait]
impl SmsProvider for LogProvider {
    async fn send(&self, sms: &Sms<'_>) -> Result<String, ProviderError> {
        let n = self.sent.fetch_add(1, Ordering::Relaxed) + 1;
        let s = segments(sms.body);
        tracing::info!(to = %redact(sms.to), segments = s.segments, reference = sms.reference, "log-only provider: SMS not sent");
        Ok(format!("LOG{n:08}"))
    }
}

/// Logs instead of sending e-mail.
#[derive(Debug, Default)]
pub struct LogMailer {
    sent: AtomicU64,
}

impl LogMailer {
    /// How many e-mails it was asked to send.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }
}

#[async_trait]
impl Mailer for LogMailer {
    async fn send(&self, email: &Email<'_>) -> Result<String, ProviderError> {
        let n = self.sent.fetch_add(1, Ordering::Relaxed) + 1;
        let domain = email.to.rsplit_once('@').map(|(_, d)| d).unwrap_or("?");
        tracing::info!(
            to_domain = domain,
            reference = email.reference,
            "log-only mailer: e-mail not sent"
        );
        Ok(format!("LOGMAIL{n:08}"))
    }
}

//! E-mail to organisations through SMTP (lettre, rustls). The server is named by one URL
//! (`smtps://user:password@smtp.example.fr`, `smtp://host:587?tls=required`); plain text, one
//! `Message-ID` per outbox message so a second try is recognisable.

use async_trait::async_trait;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{Email, Mailer, ProviderError};

/// Sends through an SMTP server.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer").finish_non_exhaustive()
    }
}

impl SmtpMailer {
    /// `url` as lettre reads it; `from` the sender's address.
    pub fn new(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .map_err(|e| format!("\"{from}\" is not an e-mail address: {e}"))?;
        Ok(Self { transport, from })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, email: &Email<'_>) -> Result<String, ProviderError> {
        let to = email.to.parse().map_err(|e| ProviderError::Final {
            code: 0,
            message: format!("not an e-mail address: {e}"),
        })?;
        let host = self.from.email.domain().to_string();
        let id = format!("<{}@{host}>", email.reference);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject)
            .message_id(Some(id.clone()))
            .header(ContentType::TEXT_PLAIN)
            .body(email.body.to_string())
            .map_err(|e| ProviderError::Final {
                code: 0,
                message: e.to_string(),
            })?;
        match self.transport.send(message).await {
            Ok(_) => Ok(id),
            Err(e) if e.is_permanent() => Err(ProviderError::Final {
                code: e
                    .status()
                    .and_then(|c| c.to_string().parse().ok())
                    .unwrap_or(0),
                message: e.to_string(),
            }),
            // A second copy of an e-mail does little harm; losing it would: every other
            // failure is tried again.
            Err(e) => Err(ProviderError::Retryable(e.to_string())),
        }
    }
}

//! Who calls the API: the admin token (`PASSERELLE_API_TOKEN`: every scope, every relais) or
//! a partner client (`passerelle api-client add`: its scopes, its relais), found by the
//! SHA-256 of its bearer token. Every call is rate-limited per token.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use subtle::ConstantTimeEq;

use super::errors::Problem;
use crate::domain::api_client::{Scope, Scopes, token_hash};
use crate::http::AppState;

/// The caller of an API request, once its token is checked.
#[derive(Clone, Debug)]
pub struct Caller {
    /// The client's name (`admin` for the admin token).
    pub name: String,
    /// The client's id; `None` for the admin token.
    pub client_id: Option<i64>,
    /// The only relais it sees; `None`: every relais.
    pub relais: Option<String>,
    pub scopes: Scopes,
}

impl Caller {
    /// Fails with 403 unless the caller has `scope`.
    pub fn require(&self, scope: Scope) -> Result<(), Problem> {
        if self.scopes.allows(&scope) {
            Ok(())
        } else {
            Err(Problem::forbidden(format!(
                "this client lacks the scope {scope}"
            )))
        }
    }

    /// May see the phone numbers of the people concerned.
    pub fn sees_contacts(&self) -> bool {
        self.scopes.allows(&Scope::contact_details())
    }

    /// May see something of this relais.
    pub fn sees(&self, relais: &str) -> bool {
        self.relais.as_deref().is_none_or(|r| r == relais)
    }

    /// The relais a list is limited to: the one asked for, within the caller's own.
    pub fn relais_filter(&self, asked: Option<&str>) -> Result<Option<String>, Problem> {
        match (&self.relais, asked) {
            (Some(own), Some(a)) if own != a => Err(Problem::forbidden(format!(
                "this client sees only the relais {own}"
            ))),
            (Some(own), _) => Ok(Some(own.clone())),
            (None, a) => Ok(a.map(str::to_string)),
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or("");
        if given.is_empty() {
            return Err(Problem::unauthorized(
                "missing bearer token (Authorization: Bearer …)",
            ));
        }
        let hash = token_hash(given);
        let admin = state.settings.api_token.get().is_some_and(|expected| {
            given.len() == expected.len() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
        });
        let caller = if admin {
            Caller {
                name: "admin".into(),
                client_id: None,
                relais: None,
                scopes: Scopes::all(),
            }
        } else {
            let client = state
                .conversations
                .store
                .client_by_token(&hash)
                .await?
                .ok_or_else(|| {
                    Problem::unauthorized(if state.settings.api_token.get().is_none() {
                        "unknown or revoked token (and no PASSERELLE_API_TOKEN is set)"
                    } else {
                        "unknown or revoked token"
                    })
                })?;
            let scopes = Scopes::parse(&client.scopes).map_err(|e| {
                tracing::error!(client = %client.name, error = %e, "a stored client has bad scopes");
                Problem::internal()
            })?;
            Caller {
                name: client.name,
                client_id: Some(client.id),
                relais: client.relais,
                scopes,
            }
        };
        if !state.limits.api(&hash) {
            return Err(Problem::too_many());
        }
        Ok(caller)
    }
}

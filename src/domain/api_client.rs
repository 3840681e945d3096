//! Partner clients of the JSON API: what a token may do (scopes: read or write per resource,
//! plus seeing contact details), how tokens are made (high-entropy, shown once) and kept
//! (their SHA-256 only). Pure: the store keeps clients, `http::api` checks them.

use std::collections::BTreeSet;
use std::fmt;

use base64::Engine;
use sha2::Digest;

/// Resources a scope can name.
pub const RESOURCES: [&str; 4] = ["help_requests", "missions", "signups", "webhooks"];

/// Seeing a person's phone number (help requests, call-backs, sign-ups).
pub const CONTACT_DETAILS: &str = "contact_details";

/// One permission: `help_requests:read`, `missions:write`, `contact_details`…
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Scope(String);

impl Scope {
    /// Reads a scope; `missions:write` implies nothing else (ask for `missions:read` too).
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s == CONTACT_DETAILS {
            return Ok(Self(s.into()));
        }
        match s.split_once(':') {
            Some((res, "read" | "write")) if RESOURCES.contains(&res) => Ok(Self(s.into())),
            _ => Err(format!(
                "\"{s}\" is not a scope: use <resource>:read or <resource>:write with a resource among {}, or {CONTACT_DETAILS}",
                RESOURCES.join(", ")
            )),
        }
    }

    pub fn read(resource: &str) -> Self {
        Self(format!("{resource}:read"))
    }

    pub fn write(resource: &str) -> Self {
        Self(format!("{resource}:write"))
    }

    pub fn contact_details() -> Self {
        Self(CONTACT_DETAILS.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A set of scopes, stored as one space-separated string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scopes(BTreeSet<Scope>);

impl Scopes {
    /// Reads scopes separated by spaces or commas; `all` means every scope.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut set = BTreeSet::new();
        for part in s.split([' ', ',']).filter(|p| !p.trim().is_empty()) {
            if part.trim() == "all" {
                return Ok(Self::all());
            }
            set.insert(Scope::parse(part)?);
        }
        if set.is_empty() {
            return Err("give at least one scope (e.g. help_requests:read)".into());
        }
        Ok(Self(set))
    }

    /// Every scope (the admin token).
    pub fn all() -> Self {
        let mut set: BTreeSet<Scope> = RESOURCES
            .iter()
            .flat_map(|r| [Scope::read(r), Scope::write(r)])
            .collect();
        set.insert(Scope::contact_details());
        Self(set)
    }

    pub fn allows(&self, scope: &Scope) -> bool {
        self.0.contains(scope)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Scope> {
        self.0.iter()
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v: Vec<&str> = self.0.iter().map(Scope::as_str).collect();
        f.write_str(&v.join(" "))
    }
}

/// Prefix of client tokens, so a leaked one is recognised by secret scanners.
pub const TOKEN_PREFIX: &str = "psl_";

/// A new token: 32 random bytes (256 bits), URL-safe base64, prefixed.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// What is stored of a token: its SHA-256, hex. Tokens are random and long, so a plain hash
/// is enough (no password stretching needed) and allows looking a token up by its hash.
pub fn token_hash(token: &str) -> String {
    format!("{:x}", sha2::Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_read_or_write_per_resource() {
        let s = Scopes::parse("help_requests:read, missions:write contact_details").unwrap();
        assert!(s.allows(&Scope::read("help_requests")));
        assert!(!s.allows(&Scope::write("help_requests")));
        assert!(s.allows(&Scope::write("missions")));
        assert!(
            !s.allows(&Scope::read("missions")),
            "write does not imply read"
        );
        assert!(s.allows(&Scope::contact_details()));
        assert_eq!(
            s.to_string(),
            "contact_details help_requests:read missions:write"
        );
        assert!(Scopes::parse("help_requests:delete").is_err());
        assert!(Scopes::parse("people:read").is_err());
        assert!(Scopes::parse(" ").is_err());
        assert!(
            Scopes::parse("all")
                .unwrap()
                .allows(&Scope::write("webhooks"))
        );
    }

    #[test]
    fn tokens_are_long_random_and_kept_as_a_hash() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert!(a.starts_with(TOKEN_PREFIX));
        assert_eq!(a.len(), TOKEN_PREFIX.len() + 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}

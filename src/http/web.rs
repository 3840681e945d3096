//! What the server-rendered surfaces (the kiosk, the mediation console) share: random
//! secrets and their hashes, reading cookies, the `Secure` flag behind https, security headers.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::AppState;

/// A static file embedded in the binary, by name among `(name, content type, body)`; 404
/// for any other name.
pub fn asset(assets: &[(&str, &str, &'static str)], file: &str) -> Response {
    match assets.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, body)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A fresh random secret, URL-safe base64 of 32 bytes.
pub fn secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// SHA-256 (hex) of a secret: what the database knows a cookie or a link by.
pub fn id_hash(id: &str) -> String {
    format!("{:x}", Sha256::digest(id.as_bytes()))
}

/// A cookie's value, from every `Cookie` header.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `; Secure` when the service is reached over https (its public URL says so).
pub fn secure(app: &AppState) -> &'static str {
    match &app.settings.public_url {
        Some(u) if u.starts_with("https://") => "; Secure",
        _ => "",
    }
}

/// The headers every page of a server-rendered surface gets: its content security policy,
/// never in a frame, no referrer, no sniffing, no cache unless said otherwise.
pub fn secure_page(h: &mut HeaderMap, csp: &'static str, permissions: &'static str) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert("permissions-policy", HeaderValue::from_static(permissions));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_from_every_header() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; kiosk_session=abc"),
        );
        h.append(header::COOKIE, HeaderValue::from_static("kiosk_device=xyz"));
        assert_eq!(cookie(&h, "kiosk_session"), Some("abc"));
        assert_eq!(cookie(&h, "kiosk_device"), Some("xyz"));
        assert_eq!(cookie(&h, "other"), None);
    }

    #[test]
    fn secrets_differ_and_are_never_their_hash() {
        let (a, b) = (secret(), secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_ne!(id_hash(&a), a);
        assert_eq!(id_hash(&a), id_hash(&a));
    }
}

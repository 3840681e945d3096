//! Twilio request signatures (`X-Twilio-Signature`): HMAC-SHA1 over the URL and the sorted
//! parameters, base64; the URL accepted with and without its default port; compared in
//! constant time. See ../shared/TWILIO.md for the rules and the vectors tested below.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

type HmacSha1 = Hmac<Sha1>;

/// The signature Twilio computes for a form-encoded request.
pub fn compute(token: &str, url: &str, params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort_by(|a, b| {
        a.0.as_bytes()
            .cmp(b.0.as_bytes())
            .then(a.1.as_bytes().cmp(b.1.as_bytes()))
    });
    let mut mac = match HmacSha1::new_from_slice(token.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(url.as_bytes());
    for (k, v) in sorted {
        mac.update(k.as_bytes());
        mac.update(v.as_bytes());
    }
    STANDARD.encode(mac.finalize().into_bytes())
}

/// The URL with its default port added if absent, or removed if present.
fn port_variant(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let default = match scheme {
        "https" => "443",
        "http" => "80",
        _ => return None,
    };
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(split);
    match host.rsplit_once(':') {
        Some((h, p)) if p == default => Some(format!("{scheme}://{h}{tail}")),
        Some(_) => None,
        None => Some(format!("{scheme}://{host}:{default}{tail}")),
    }
}

fn equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// True when `signature` is valid for a form-encoded request to `url`.
pub fn valid(token: &str, url: &str, params: &[(String, String)], signature: &str) -> bool {
    if signature.is_empty() {
        return false;
    }
    if equal(&compute(token, url, params), signature) {
        return true;
    }
    port_variant(url).is_some_and(|u| equal(&compute(token, &u, params), signature))
}

/// True when `signature` is valid for a JSON request: the URL (with its `bodySHA256`) is
/// signed alone, and the hash must match the raw body.
pub fn valid_json(token: &str, url: &str, body: &[u8], signature: &str) -> bool {
    let Some(query) = url.split_once('?').map(|(_, q)| q) else {
        return false;
    };
    let Some(hash) = url::form_urlencoded_get(query, "bodySHA256") else {
        return false;
    };
    let actual = hex(&Sha256::digest(body));
    valid(token, url, &[], signature) && equal(&actual, &hash)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

mod url {
    /// The first value of `name` in a query string.
    pub fn form_urlencoded_get(query: &str, name: &str) -> Option<String> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn v1() -> Vec<(String, String)> {
        pairs(&[
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ])
    }

    const V2_BODY: &str = "AccountSid=AC00000000000000000000000000000001&ApiVersion=2010-04-01&Body=Arr%C3%AAt%2C+merci.+%C3%87a+va+tr%C3%A8s+bien+%21+%C5%93uf&From=%2B33612345678&FromCountry=FR&MessageSid=SM00000000000000000000000000000001&NumMedia=0&NumSegments=1&SmsMessageSid=SM00000000000000000000000000000001&SmsSid=SM00000000000000000000000000000001&SmsStatus=received&To=%2B33757000000&ToCountry=FR";
    const V2_TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn v2() -> Vec<(String, String)> {
        serde_urlencoded::from_str(V2_BODY).unwrap()
    }

    #[test]
    fn vector_1_validates_and_its_corruptions_do_not() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        let sig = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
        assert!(valid("12345", url, &v1(), sig));
        assert!(!valid("12346", url, &v1(), sig));
        assert!(!valid(
            "12345",
            "https://mycompany.com/myapp.php?foo=1&bar=3",
            &v1(),
            sig
        ));
        let mut p = v1();
        p[2].1 = "1235".into();
        assert!(!valid("12345", url, &p, sig));
        assert!(!valid("12345", url, &v1(), "0/KCTR6DLpKmkAf8muzZqo1nDgR="));
        assert!(!valid("12345", url, &v1(), ""));
    }

    #[test]
    fn vector_2_validates_with_and_without_default_port_but_not_over_http() {
        let sig = "8tr+bZmRrxCwHSaTUS0rakfXetw=";
        assert!(valid(
            V2_TOKEN,
            "https://sms.example.fr/webhooks/twilio/sms",
            &v2(),
            sig
        ));
        assert!(valid(
            V2_TOKEN,
            "https://sms.example.fr/webhooks/twilio/sms",
            &v2(),
            "kF6ppvtPdl3UEtZVwizFR89vgvo="
        ));
        assert!(valid(
            V2_TOKEN,
            "https://sms.example.fr:443/webhooks/twilio/sms",
            &v2(),
            sig
        ));
        assert!(!valid(
            V2_TOKEN,
            "https://sms.example.fr/webhooks/twilio/sms",
            &v2(),
            "Wv7Absr6r+4UkISjwmXVdkeO9QE="
        ));
        assert_eq!(
            compute(V2_TOKEN, "http://sms.example.fr/webhooks/twilio/sms", &v2()),
            "Wv7Absr6r+4UkISjwmXVdkeO9QE="
        );
        let mut body = v2();
        body.iter_mut()
            .find(|(k, _)| k == "Body")
            .unwrap()
            .1
            .push(' ');
        assert!(
            !valid(
                V2_TOKEN,
                "https://sms.example.fr/webhooks/twilio/sms",
                &body,
                sig
            ),
            "values are untrimmed"
        );
    }

    #[test]
    fn vector_3_json_body_hash() {
        let url = "https://gateway.example.fr/hooks/events?bodySHA256=d5729c000e5de6b3a10698fec78d482db85d744f1be820d1382b6bda1cfb7795";
        let body = br#"{"property":"value","boolean":true}"#;
        let sig = "HPvygXzDbVBpGxPJ4UToN2yj9zc=";
        assert!(valid_json("test_auth_token_fr", url, body, sig));
        assert!(!valid_json(
            "test_auth_token_fr",
            url,
            br#"{"property":"value","boolean":false}"#,
            sig
        ));
        assert!(!valid_json("other", url, body, sig));
    }

    #[test]
    fn vector_4_counts_empty_values() {
        let url = "https://ivr.example.fr/voice/gather?step=menu&lang=fr-FR";
        let p = pairs(&[
            ("AccountSid", "AC00000000000000000000000000000001"),
            ("CallSid", "CA00000000000000000000000000000001"),
            ("CallStatus", "in-progress"),
            ("Digits", "1"),
            ("Direction", "inbound"),
            ("From", "+33612345678"),
            ("To", "+33970000000"),
            ("FinishedOnKey", ""),
        ]);
        let sig = "a/9IMtTZ8rg3Z+bPss2EPgjfISA=";
        assert!(valid(V2_TOKEN, url, &p, sig));
        let without: Vec<_> = p
            .iter()
            .filter(|(k, _)| k != "FinishedOnKey")
            .cloned()
            .collect();
        assert!(!valid(V2_TOKEN, url, &without, sig));
    }
}

//! Errors of the partner API as `application/problem+json` (RFC 9457): one [`Problem`] type
//! for handlers, the extractors' rejections turned into it ([`Query`], [`Json`], [`Path`]),
//! and a last guard ([`problem_everywhere`]) that rewrites any other error answer under
//! `/api/v1` (an unknown path, a wrong method, a body too large) into the same shape.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error answer.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answer (RFC 9457).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[schema(example = "https://passerelle.example/problems/invalid-parameter")]
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    #[schema(minimum = 400, maximum = 599)]
    pub status: u16,
    /// What went wrong this time, for the partner's developer.
    pub detail: String,
    /// The parameter or field at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

const BASE: &str = "https://passerelle.example/problems/";

impl Problem {
    fn new(status: StatusCode, kind: &str, detail: impl Into<String>) -> Self {
        Self {
            kind: if kind.is_empty() {
                "about:blank".into()
            } else {
                format!("{BASE}{kind}")
            },
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: detail.into(),
            parameter: None,
        }
    }

    /// 400: a parameter or a field is not acceptable.
    pub fn invalid(parameter: &str, detail: impl Into<String>) -> Self {
        Self {
            parameter: Some(parameter.into()),
            ..Self::new(StatusCode::BAD_REQUEST, "invalid-parameter", detail)
        }
    }

    /// 401: no token, or one nobody knows (or revoked).
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }

    /// 403: the token is known but its scopes or its relais do not allow this.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }

    /// 404: nothing with this name (or nothing this client may see).
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", detail)
    }

    /// 409: the change is not allowed from the current state.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", detail)
    }

    /// 429: this token calls too fast.
    pub fn too_many() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "too many requests with this token: slow down",
        )
    }

    /// 500: our fault; the details are in our logs, not here.
    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "", "internal error")
    }

    /// Any other status, from its reason.
    pub fn status(status: StatusCode, detail: impl Into<String>) -> Self {
        Self::new(status, "", detail)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut r = (status, body).into_response();
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if status == StatusCode::UNAUTHORIZED {
            h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            h.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        r
    }
}

impl From<crate::store::StoreError> for Problem {
    fn from(e: crate::store::StoreError) -> Self {
        tracing::error!(error = %e, "API storage failed");
        Problem::internal()
    }
}

impl From<axum::extract::rejection::QueryRejection> for Problem {
    fn from(r: axum::extract::rejection::QueryRejection) -> Self {
        let text = r.body_text();
        // serde_urlencoded says which field: "…: unknown variant `x`, expected one of …".
        let detail = text
            .strip_prefix("Failed to deserialize query string: ")
            .unwrap_or(&text);
        Self::new(StatusCode::BAD_REQUEST, "invalid-parameter", detail)
    }
}

impl From<axum::extract::rejection::JsonRejection> for Problem {
    fn from(r: axum::extract::rejection::JsonRejection) -> Self {
        let status = r.status();
        let kind =
            if status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST {
                "invalid-body"
            } else {
                ""
            };
        // Every body problem is a 400 for partners, whatever axum's default.
        let status = if status == StatusCode::UNPROCESSABLE_ENTITY {
            StatusCode::BAD_REQUEST
        } else {
            status
        };
        Self::new(status, kind, r.body_text())
    }
}

impl From<axum::extract::rejection::PathRejection> for Problem {
    fn from(r: axum::extract::rejection::PathRejection) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid-parameter", r.body_text())
    }
}

/// Query parameters, rejected as a problem.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(Problem))]
pub struct Query<T>(pub T);

/// A JSON body, rejected as a problem (answers use `axum::Json`). Only a JSON object is
/// taken: serde would also read a struct from an array of its fields.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned,
{
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        let axum::Json(value) = axum::Json::<serde_json::Value>::from_request(req, state).await?;
        if !value.is_object() {
            return Err(Problem::status(
                StatusCode::BAD_REQUEST,
                "the body must be a JSON object",
            ));
        }
        if holds_nul(&value) {
            return Err(nul_refused());
        }
        serde_json::from_value(value)
            .map(JsonBody)
            .map_err(|e| Problem {
                kind: format!("{BASE}invalid-body"),
                ..Problem::status(StatusCode::BAD_REQUEST, e.to_string())
            })
    }
}

/// Path parameters, rejected as a problem.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(Problem))]
pub struct Path<T>(pub T);

/// Every error answer under `/api/v1` is a problem, whoever made it (an unknown path, a
/// method the path does not have, a body over the size limit).
pub async fn problem_everywhere(request: Request, next: Next) -> Response {
    // A NUL character is no text anyone writes, and PostgreSQL cannot store it.
    let uri = request.uri().to_string();
    if uri.contains("%00") {
        return nul_refused().into_response();
    }
    let r = next.run(request).await;
    let status = r.status();
    let is_problem = r
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if status.as_u16() < 400 || is_problem {
        return r;
    }
    let detail = match status {
        StatusCode::NOT_FOUND => "no such path in this API (see /api/v1/openapi.json)",
        StatusCode::METHOD_NOT_ALLOWED => "this path does not take this method",
        StatusCode::PAYLOAD_TOO_LARGE => "the body is too large",
        _ => status.canonical_reason().unwrap_or("error"),
    };
    let allow = r.headers().get(header::ALLOW).cloned();
    let mut out = Problem::status(status, detail).into_response();
    if let Some(a) = allow {
        out.headers_mut().insert(header::ALLOW, a);
    }
    out
}

/// True when a string anywhere in `value` (a key or a value) holds the NUL character.
fn holds_nul(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(holds_nul),
        serde_json::Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || holds_nul(v)),
        _ => false,
    }
}

fn nul_refused() -> Problem {
    Problem {
        kind: format!("{BASE}invalid-body"),
        ..Problem::status(
            StatusCode::BAD_REQUEST,
            "text must not contain the NUL character (\\u0000, %00)",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_anywhere_in_a_body_is_found() {
        assert!(holds_nul(&serde_json::json!({"title": "a\u{0}b"})));
        assert!(holds_nul(&serde_json::json!({"x": [{"y": ["\u{0}"]}]})));
        assert!(holds_nul(&serde_json::json!({"a\u{0}": 1})));
        assert!(!holds_nul(
            &serde_json::json!({"title": "Courses à Rumilly", "n": 0})
        ));
    }

    #[test]
    fn a_problem_names_its_kind_and_status() {
        let p = Problem::invalid("status", "unknown status");
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["status"], 400);
        assert_eq!(v["title"], "Bad Request");
        assert_eq!(v["parameter"], "status");
        assert!(v["type"].as_str().unwrap().ends_with("invalid-parameter"));
        let v = serde_json::to_value(Problem::internal()).unwrap();
        assert_eq!(v["type"], "about:blank");
        assert!(v.get("parameter").is_none());
    }
}

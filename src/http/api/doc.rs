//! The OpenAPI document (`/api/v1/openapi.json`), generated from the handlers' attributes,
//! with what attributes cannot say added here from the code's own constants: the bearer
//! scheme, the allowed values of every enumerated field and filter, and a problem answer for
//! every error status, so the document cannot drift from what the handlers check.

use axum::Json;
use axum::response::IntoResponse;
use utoipa::OpenApi;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ArrayItems, Object, Schema};

use super::callbacks::{CALLBACK_REASONS, CALLBACK_STATUSES};
use super::missions::MISSION_STATUSES;
use super::{callbacks, errors, help_requests, missions, signups, webhooks};
use crate::domain::catalog::{
    CATEGORIES, CHANNELS, DOMAINS, REQUEST_STATUSES, SIGNUP_STATUSES, URGENCIES,
};
use crate::domain::webhook::EVENT_TYPES;

#[derive(OpenApi)]
#[openapi(
    info(title = "Passerelle API", version = "1",
        description = "Help requests, call-backs, missions and sign-ups received by SMS, phone and kiosk, for partner platforms. Errors are application/problem+json (RFC 9457). Lists follow changes: oldest change first, `updated_since`, and an opaque `next_cursor`."),
    paths(
        help_requests::list, help_requests::one, help_requests::set_status, help_requests::post_status,
        callbacks::list,
        missions::list, missions::one, missions::put_one, missions::import,
        signups::list, signups::one, signups::set_status,
        webhooks::create, webhooks::list, webhooks::one, webhooks::change, webhooks::delete, webhooks::rotate,
    ),
    components(schemas(errors::Problem)),
    modifiers(&Extras),
    security(("bearer" = []))
)]
struct ApiDoc;

/// The document.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// `GET /api/v1/openapi.json` (no token needed).
pub async fn serve() -> impl IntoResponse {
    Json(openapi_document())
}

struct Extras;

const WEBHOOK_STATUSES: [&str; 2] = ["active", "disabled"];

const HELPER_KINDS: [&str; 2] = ["person", "organisation"];

/// (schema, property, allowed values)
const ENUMS: &[(&str, &str, &[&str])] = &[
    ("HelpRequestOut", "category", &CATEGORIES),
    ("HelpRequestOut", "urgency", &URGENCIES),
    ("HelpRequestOut", "status", &REQUEST_STATUSES),
    ("HelpRequestOut", "channel", &CHANNELS),
    ("RequestStatusIn", "status", &REQUEST_STATUSES),
    ("HelperOut", "kind", &HELPER_KINDS),
    ("MissionOut", "domain", &DOMAINS),
    ("MissionOut", "status", &MISSION_STATUSES),
    ("MissionIn", "domain", &DOMAINS),
    ("MissionIn", "status", &MISSION_STATUSES),
    ("SignupOut", "status", &SIGNUP_STATUSES),
    ("SignupStatusIn", "status", &SIGNUP_STATUSES),
    ("CallbackOut", "reason", &CALLBACK_REASONS),
    ("CallbackOut", "status", &CALLBACK_STATUSES),
    ("WebhookOut", "status", &WEBHOOK_STATUSES),
    ("WebhookOut", "events", &EVENT_TYPES),
    ("WebhookIn", "events", &EVENT_TYPES),
    ("WebhookChange", "events", &EVENT_TYPES),
    ("WebhookChange", "status", &WEBHOOK_STATUSES),
];

/// (path, query parameter, allowed values)
const PARAM_ENUMS: &[(&str, &str, &[&str])] = &[
    ("/api/v1/help-requests", "status", &REQUEST_STATUSES),
    ("/api/v1/help-requests", "category", &CATEGORIES),
    ("/api/v1/missions", "status", &MISSION_STATUSES),
    ("/api/v1/sign-ups", "status", &SIGNUP_STATUSES),
    ("/api/v1/callback-requests", "status", &CALLBACK_STATUSES),
];

fn set_enum(schema: &mut RefOr<Schema>, values: &[&str]) {
    match schema {
        RefOr::T(Schema::Object(o)) => {
            let o: &mut Object = o;
            o.enum_values = Some(values.iter().map(|v| serde_json::json!(v)).collect());
        }
        // A list: its items.
        RefOr::T(Schema::Array(a)) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                set_enum(items, values);
            }
        }
        _ => {}
    }
}

impl utoipa::Modify for Extras {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(c) = openapi.components.as_mut() {
            c.add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some(
                            "PASSERELLE_API_TOKEN (every scope) or a client token from `passerelle api-client add` (its scopes: <resource>:read|write, contact_details)",
                        ))
                        .build(),
                ),
            );
            for (schema, prop, values) in ENUMS {
                if let Some(RefOr::T(Schema::Object(o))) = c.schemas.get_mut(*schema)
                    && let Some(p) = o.properties.get_mut(*prop)
                {
                    set_enum(p, values);
                }
            }
        }
        for (path, name, values) in PARAM_ENUMS {
            let Some(item) = openapi.paths.paths.get_mut(*path) else {
                continue;
            };
            let Some(op) = item.get.as_mut() else {
                continue;
            };
            for p in op.parameters.iter_mut().flatten() {
                if p.name == *name
                    && let Some(s) = p.schema.as_mut()
                {
                    set_enum(s, values);
                }
            }
        }
    }
}

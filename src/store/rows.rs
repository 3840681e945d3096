//! Rows to domain types, once for both backends' sqlx rows (`SqliteRow`, `PgRow`): each macro
//! reads the columns by name with `try_get` and `?`, so it works in any function returning
//! [`crate::store::Result`]. The SQLite writer thread (rusqlite) has its own readers in
//! `sqlite/writer.rs`.

use crate::domain::lifecycle::{Helper, HelperKind};

/// The columns [`request_row!`] reads, in `SELECT` order.
pub const REQUEST_COLUMNS: &str = "id, reference, contact_id, relais, category, commune_insee, urgency, wanted_on, details, recording_url, status, channel, kiosk, created_at, updated_at, taken_by_name, helper_kind, helper_name, helper_when, status_note";
/// The columns [`mission_row!`] reads.
pub const MISSION_COLUMNS: &str = "id, source, external_id, title, description, organization, domain, commune_insee, address, start_at, end_at, places_left, created_at, updated_at, closed_at, organization_phone, organization_email";
/// The columns of a contact.
pub const CONTACT_COLUMNS: &str =
    "id, phone, language, commune_insee, opted_out_at, created_at, last_seen_at";
/// The columns [`signup_row!`] reads.
pub const SIGNUP_COLUMNS: &str = "id, mission_id, contact_id, relais, status, channel, created_at";
/// The columns [`kiosk_row!`] reads.
pub const KIOSK_COLUMNS: &str = "id, relais, commune_insee, label, enrolled_at";

/// Who helps, from the three helper columns (no name: nobody yet).
pub fn helper_of(
    kind: Option<String>,
    name: Option<String>,
    when: Option<String>,
) -> Option<Helper> {
    Some(Helper {
        kind: kind
            .as_deref()
            .and_then(HelperKind::parse)
            .unwrap_or(HelperKind::Person),
        name: name?,
        when,
    })
}

/// A [`crate::store::HelpRequest`] from a row with [`REQUEST_COLUMNS`].
#[macro_export]
#[doc(hidden)]
macro_rules! request_row {
    ($row:expr) => {{
        let row = $row;
        $crate::store::HelpRequest {
            id: row.try_get("id")?,
            reference: row.try_get("reference")?,
            contact_id: row.try_get("contact_id")?,
            relais: row.try_get("relais")?,
            category: row.try_get("category")?,
            commune_insee: row.try_get("commune_insee")?,
            urgency: row.try_get("urgency")?,
            wanted_on: row.try_get("wanted_on")?,
            details: row.try_get("details")?,
            recording_url: row.try_get("recording_url")?,
            status: row.try_get("status")?,
            channel: row.try_get("channel")?,
            kiosk: row.try_get("kiosk")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            taken_by: row.try_get("taken_by_name")?,
            helper: $crate::store::rows::helper_of(
                row.try_get("helper_kind")?,
                row.try_get("helper_name")?,
                row.try_get("helper_when")?,
            ),
            status_note: row.try_get("status_note")?,
        }
    }};
}

/// A [`crate::store::Mission`] from a row with [`MISSION_COLUMNS`].
#[macro_export]
#[doc(hidden)]
macro_rules! mission_row {
    ($row:expr) => {{
        let row = $row;
        $crate::store::Mission {
            id: row.try_get("id")?,
            source: row.try_get("source")?,
            external_id: row.try_get("external_id")?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            organization: row.try_get("organization")?,
            domain: row.try_get("domain")?,
            commune_insee: row.try_get("commune_insee")?,
            address: row.try_get("address")?,
            start_at: row.try_get("start_at")?,
            end_at: row.try_get("end_at")?,
            places_left: row.try_get("places_left")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            closed_at: row.try_get("closed_at")?,
            organization_phone: row.try_get("organization_phone")?,
            organization_email: row.try_get("organization_email")?,
        }
    }};
}

/// A [`crate::store::Kiosk`] from a row with [`KIOSK_COLUMNS`].
#[macro_export]
#[doc(hidden)]
macro_rules! kiosk_row {
    ($row:expr) => {{
        let row = $row;
        $crate::store::Kiosk {
            id: row.try_get("id")?,
            relais: row.try_get("relais")?,
            commune_insee: row.try_get("commune_insee")?,
            label: row.try_get("label")?,
            enrolled_at: row.try_get("enrolled_at")?,
        }
    }};
}

/// A [`crate::store::Signup`] from a row with [`SIGNUP_COLUMNS`].
#[macro_export]
#[doc(hidden)]
macro_rules! signup_row {
    ($row:expr) => {{
        let row = $row;
        $crate::store::Signup {
            id: row.try_get("id")?,
            mission_id: row.try_get("mission_id")?,
            contact_id: row.try_get("contact_id")?,
            relais: row.try_get("relais")?,
            status: row.try_get("status")?,
            channel: row.try_get("channel")?,
            created_at: row.try_get("created_at")?,
        }
    }};
}

/// A [`crate::store::Contact`] from a row with [`CONTACT_COLUMNS`].
#[macro_export]
#[doc(hidden)]
macro_rules! contact_row {
    ($row:expr) => {{
        let row = $row;
        let key: String = row.try_get("phone")?;
        $crate::store::Contact {
            id: row.try_get("id")?,
            phone: $crate::domain::PhoneNumber::parse(&key).ok(),
            key,
            language: row.try_get("language")?,
            commune_insee: row.try_get("commune_insee")?,
            opted_out_at: row.try_get("opted_out_at")?,
            created_at: row.try_get("created_at")?,
            last_seen_at: row.try_get("last_seen_at")?,
        }
    }};
}

/// The tables [`crate::store::Store::count`] may count.
pub const TABLES: &[&str] = &[
    "jobs",
    "signup_changes",
    "switches",
    "calls",
    "kiosks",
    "contacts",
    "sessions",
    "messages",
    "help_requests",
    "missions",
    "signups",
    "callback_requests",
    "outbox",
    "relais",
    "follow_failures",
    "guard_trips",
    "readiness",
    "kiosk_visits",
    "api_clients",
    "webhook_subscriptions",
    "request_events",
    "audit_log",
    "mediators",
    "mediator_sessions",
    "mandates",
    "sign_in_failures",
];

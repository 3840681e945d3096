//! Integration tests: one binary, going through the real surfaces (HTTP on port 0, signed
//! webhooks, a fresh SQLite file per test).

mod android;
mod api;
mod api_clients;
mod api_schemathesis;
mod api_writes;
mod catalogues;
mod claims;
mod cli;
mod console;
mod console_accounts;
mod console_acting;
mod console_browser;
mod console_mandates;
mod console_reach;
mod corpus;
mod guard;
mod helpers;
mod kiosk;
mod kiosk_browser;
mod kiosk_visits;
mod lifecycle;
mod mail;
mod metrics;
mod missions_import;
mod outbox;
mod outbox_workers;
mod privacy;
mod process;
mod reminders;
mod signups;
mod sms;
mod transcripts;
mod voice;
mod webhooks;

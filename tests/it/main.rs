//! Integration tests: one binary, going through the real surfaces (HTTP on port 0, signed
//! webhooks, a fresh SQLite file per test).

mod api;
mod catalogues;
mod cli;
mod guard;
mod helpers;
mod kiosk;
mod kiosk_browser;
mod kiosk_visits;
mod outbox;
mod process;
mod sms;
mod transcripts;
mod voice;

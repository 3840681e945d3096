//! Passerelle: lets people without internet ask for help and sign up for volunteering
//! missions by SMS, phone or kiosk, all into one backend.
//!
//! Layers, lowest first: `domain` (types and rules) ← `engine` (pure conversation engine),
//! `i18n` (texts) ← `store`, `providers` ← `conversation` (one turn) and `volunteering` (what
//! follows a sign-up), `worker` (outbox, scheduled jobs) ← `channels` (rendering), `http`
//! (surfaces), `cli` (operators' commands) ← `app` (assembly) ← the `passerelle` binary.
#![forbid(unsafe_code)]

pub mod app;
pub mod channels;
pub mod cli;
pub mod config;
pub mod conversation;
pub mod demo;
pub mod domain;
pub mod engine;
pub mod flowcheck;
pub mod http;
pub mod i18n;
pub mod mediation;
pub mod missions;
pub mod providers;
pub mod store;
pub mod volunteering;
pub mod worker;

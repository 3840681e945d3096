//! Domain newtypes and rules: phone numbers, reference codes, communes, categories.
//!
//! Owns the vocabulary of the backend. No I/O here: every value is built through a
//! `parse` function at the edge and trusted inside.

pub mod api_client;
pub mod catalog;
pub mod commune;
pub mod hours;
pub mod lifecycle;
pub mod mandate;
pub mod mission;
pub mod phone;
pub mod quiet;
pub mod refcode;
pub mod relais;
pub mod retention;
pub mod signup;
pub mod text;
pub mod webhook;

pub use commune::{Commune, CommuneLookup, Communes};
pub use phone::PhoneNumber;
pub use quiet::QuietHours;
pub use refcode::RefCode;
pub use relais::{Relais, RelaisSet};

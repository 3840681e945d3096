//! The mairie's side, beyond HTTP: mediators' accounts ([`accounts`]) and what the team does
//! with a request ([`requests`]: status changes that tell the resident, notes, SMS written by
//! hand), what needs someone now ([`queue`]), consent by SMS to a mandate ([`consent`]), a
//! relais's settings as an admin edits them ([`settings`]), a mediator acting for a resident in a
//! conversation ([`acting`]). The lifecycle itself is
//! `domain::lifecycle`, its storage `store::requests`.

pub mod accounts;
pub mod acting;
pub mod consent;
pub mod queue;
pub mod requests;
pub mod settings;

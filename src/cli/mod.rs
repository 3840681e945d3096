//! Commands that need more than a line in `main.rs`: the terminal chat, sign-ups (the
//! organisation's answer, given through the relais), the outbox (read, pause, resume, retry),
//! the relais (`relais set|list`), the relais team's (mediators, requests, audit: `mediation.rs`), partner API clients and
//! their webhooks, missions import. Each
//! subcommand parses its arguments, calls one function of the library and prints.

pub mod api_clients;
pub mod chat;
pub mod contact;
pub mod mediation;
pub mod missions;
pub mod outbox;
pub mod relais;
pub mod signups;
pub mod webhooks;

/// A Unix time as people at the mairie read it: `2026-11-27 23:00` in Europe/Paris.
pub fn paris(unix: i64) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_second(unix)
        .map(|t| t.to_zoned(tz).strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_are_shown_in_paris() {
        // 2026-11-27 22:00 UTC is 23:00 in Paris.
        assert_eq!(super::paris(1_795_816_800), "2026-11-27 23:00");
    }
}

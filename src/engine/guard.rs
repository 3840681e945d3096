//! The loop guard: silence for machines that answer every answer (SMS auto-responders), never
//! for people.
//!
//! A person types slowly and rarely sends the same words twice within seconds; an
//! auto-responder ("Je suis absent…") answers each of our replies within seconds, with the same
//! words. The guard trips on either sign — the same body again and again within seconds, or
//! more messages in a minute than a person can type — and then stays silent until the sender
//! has been quiet for a while. It runs only on channels that send SMS: on the phone and at the
//! kiosk a person is there. Emergencies are answered before the guard is even asked.

use serde::{Deserialize, Serialize};

use crate::domain::text::fold;

/// Consecutive identical messages, each within [`FAST_SECS`] of the one before, that trip it.
pub const SAME_BODY_MAX: u32 = 4;
/// How soon after the previous message an identical one looks automatic (seconds).
pub const FAST_SECS: i64 = 15;
/// Messages within [`BURST_WINDOW_SECS`] that trip it whatever they say (an auto-responder
/// whose answers vary, with a time in them): more than anyone types in a minute.
pub const BURST_MAX: u32 = 20;
pub const BURST_WINDOW_SECS: i64 = 60;
/// Once tripped, silence lasts until the sender has been quiet this long (seconds).
pub const QUIET_RESET_SECS: i64 = 10 * 60;
/// Characters of a body kept to compare it with the next one.
const FINGERPRINT_CHARS: usize = 48;

/// What the guard decided about one message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Looks like a person: answer.
    Pass,
    /// Looks automatic, for the first time: stay silent, and record it.
    Trip,
    /// Still automatic: stay silent.
    Silent,
}

/// The guard's memory of one conversation, kept in the session.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guard {
    #[serde(default)]
    window_start: i64,
    #[serde(default)]
    window_count: u32,
    #[serde(default)]
    last_at: i64,
    #[serde(default)]
    last_body: String,
    #[serde(default)]
    same_body: u32,
    /// When it tripped; `None` while messages look human.
    #[serde(default)]
    tripped_at: Option<i64>,
}

impl Guard {
    /// Takes one message into account and says whether to answer it.
    pub fn observe(&mut self, now: i64, body: &str) -> Verdict {
        let since_last = now - self.last_at;
        let print: String = fold(body).chars().take(FINGERPRINT_CHARS).collect();
        if self.tripped_at.is_some() && since_last >= QUIET_RESET_SECS {
            *self = Guard::default();
        }
        let fast = self.last_at > 0 && since_last <= FAST_SECS;
        if fast && !print.is_empty() && print == self.last_body {
            self.same_body += 1;
        } else {
            self.same_body = 1;
        }
        if now - self.window_start > BURST_WINDOW_SECS {
            self.window_start = now;
            self.window_count = 0;
        }
        self.window_count += 1;
        self.last_at = now;
        self.last_body = print;
        if self.tripped_at.is_some() {
            return Verdict::Silent;
        }
        if self.same_body >= SAME_BODY_MAX || self.window_count > BURST_MAX {
            self.tripped_at = Some(now);
            return Verdict::Trip;
        }
        Verdict::Pass
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_auto_responder_is_silenced_on_its_fourth_identical_answer() {
        let mut g = Guard::default();
        let mut t = 1_000;
        for _ in 0..3 {
            assert_eq!(
                g.observe(t, "Je suis absent jusqu'au 3 janvier."),
                Verdict::Pass
            );
            t += 3;
        }
        assert_eq!(
            g.observe(t, "Je suis absent jusqu'au 3 janvier."),
            Verdict::Trip
        );
        assert_eq!(
            g.observe(t + 3, "Je suis absent jusqu'au 3 janvier."),
            Verdict::Silent
        );
        // Quiet for ten minutes: a person may be back.
        assert_eq!(
            g.observe(t + 3 + QUIET_RESET_SECS, "bonjour"),
            Verdict::Pass
        );
    }

    #[test]
    fn a_person_answering_1_four_times_through_the_menus_is_answered() {
        let mut g = Guard::default();
        let mut t = 1_000;
        for _ in 0..8 {
            assert_eq!(g.observe(t, "1"), Verdict::Pass);
            t += 25;
        }
    }

    #[test]
    fn a_person_typing_quickly_with_different_words_is_answered() {
        let mut g = Guard::default();
        for (i, body) in [
            "1", "2", "74150", "oui", "demain", "merci", "1", "non", "2", "ok",
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(
                g.observe(1_000 + 5 * i as i64, body),
                Verdict::Pass,
                "{body}"
            );
        }
    }

    #[test]
    fn more_messages_in_a_minute_than_a_person_can_type_trip_it() {
        let mut g = Guard::default();
        let mut verdicts = Vec::new();
        for i in 0..(BURST_MAX as i64 + 2) {
            verdicts.push(g.observe(1_000 + 2 * i, &format!("message {i}")));
        }
        assert_eq!(
            verdicts[..BURST_MAX as usize],
            [Verdict::Pass; BURST_MAX as usize]
        );
        assert_eq!(verdicts[BURST_MAX as usize], Verdict::Trip);
        assert_eq!(verdicts[BURST_MAX as usize + 1], Verdict::Silent);
    }
}

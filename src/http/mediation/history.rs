//! A request's history as its page shows it: the messages that made the request (the resident's
//! whole conversation only under a mandate), its creation, every status change, note, SMS written by the
//! team and "à rappeler", in time order.

use super::queue::{paris, status_word};
use super::views::{HistoryLine, Words};
use crate::domain::lifecycle::Actor;
use crate::store::HelpRequest;
use crate::store::requests::{RequestEvent, StoredMessage};

/// Messages this long before a request was made belong to the conversation that made it.
const MADE_WITHIN_SECS: i64 = 3600;

/// The lines, and whether the resident is still to be called (an "à rappeler" with no status
/// change after it). `whole`: the resident's whole conversation (under a mandate), not only
/// the messages that made the request.
pub fn lines(
    w: Words<'_>,
    r: &HelpRequest,
    messages: Vec<StoredMessage>,
    events: Vec<RequestEvent>,
    whole: bool,
) -> (Vec<HistoryLine>, bool) {
    let mut history: Vec<(i64, HistoryLine)> = messages
        .into_iter()
        .filter(|m| whole || (m.at >= r.created_at - MADE_WITHIN_SECS && m.at <= r.created_at))
        .map(|m| {
            let inbound = m.direction == "in";
            (
                m.at,
                HistoryLine {
                    when: paris(m.at),
                    what: w.t(if inbound {
                        "console-history-in"
                    } else {
                        "console-history-out"
                    }),
                    text: Some(m.body),
                },
            )
        })
        .collect();
    history.push((
        r.created_at,
        HistoryLine {
            when: paris(r.created_at),
            what: w.t("console-history-created"),
            text: None,
        },
    ));
    let name_of = |a: &Actor| match a {
        Actor::Resident => w.t("console-resident"),
        other => other.name().unwrap_or("Passerelle").to_string(),
    };
    let mut to_call = false;
    for e in events {
        let line = match e.kind.as_str() {
            "status" => HistoryLine {
                when: paris(e.at),
                what: w.with(
                    "console-history-status",
                    &[
                        ("who", &name_of(&e.actor)),
                        ("from", &status_word(e.from_status.as_deref().unwrap_or(""))),
                        ("to", &status_word(e.to_status.as_deref().unwrap_or(""))),
                    ],
                ),
                text: match (&e.helper, &e.note) {
                    (Some(h), _) => Some(match (&h.when, &e.note) {
                        (Some(when), _) => format!("{} ({when})", h.name),
                        (None, _) => h.name.clone(),
                    }),
                    (None, n) => n.clone(),
                },
            },
            "note" => HistoryLine {
                when: paris(e.at),
                what: w.with("console-history-note", &[("who", &name_of(&e.actor))]),
                text: e.note,
            },
            "sms" => HistoryLine {
                when: paris(e.at),
                what: w.with("console-history-sms", &[("who", &name_of(&e.actor))]),
                text: e.note,
            },
            "to_call" => HistoryLine {
                when: paris(e.at),
                what: w.t("console-history-to-call"),
                text: None,
            },
            _ => continue,
        };
        // "À rappeler" stands until a later status change.
        match e.kind.as_str() {
            "to_call" => to_call = true,
            "status" => to_call = false,
            _ => {}
        }
        history.push((e.at, line));
    }
    history.sort_by_key(|(at, _)| *at);
    (history.into_iter().map(|(_, l)| l).collect(), to_call)
}

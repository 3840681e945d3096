//! What needs someone now, first: the console's queue as pure rules over the rows the store
//! gives. New requests (today's first, then the oldest), requests without news for 3 days,
//! and the counts shown at a glance. Times are Unix seconds; "today" is Europe/Paris.

use crate::store::requests::RequestRow;

/// A request taken or with help found but no news for this long needs a look.
pub const NO_NEWS_SECS: i64 = 3 * 24 * 3600;

/// The queue, arranged.
#[derive(Debug, Default)]
pub struct Queue {
    /// Nobody has taken them: today's first (newest first), then the oldest first.
    pub new: Vec<RequestRow>,
    /// Taken or matched, without news for [`NO_NEWS_SECS`], oldest news first.
    pub stale: Vec<RequestRow>,
    /// Every row given, newest first (the filtered list).
    pub all: Vec<RequestRow>,
    pub counts: Counts,
}

/// Counts at a glance.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub taken: usize,
    pub matched: usize,
    pub stale: usize,
}

/// The Paris day (`YYYY-MM-DD`) of a Unix time.
pub fn paris_day(unix: i64) -> String {
    crate::conversation::today(unix)
}

/// Arranges rows (any order) into the queue as of `now`.
pub fn arrange(mut rows: Vec<RequestRow>, now: i64) -> Queue {
    rows.sort_by_key(|r| std::cmp::Reverse((r.request.created_at, r.request.id)));
    let today = paris_day(now);
    let mut new: Vec<RequestRow> = rows
        .iter()
        .filter(|r| r.request.status == "open")
        .cloned()
        .collect();
    // Today's first (newest first), then the older ones, oldest first.
    new.sort_by_key(|r| {
        let is_today = paris_day(r.request.created_at) == today;
        let order = if is_today {
            -r.request.created_at
        } else {
            r.request.created_at
        };
        (!is_today, order, r.request.id)
    });
    let mut stale: Vec<RequestRow> = rows
        .iter()
        .filter(|r| matches!(r.request.status.as_str(), "taken" | "matched"))
        .filter(|r| now - r.last_news_at >= NO_NEWS_SECS)
        .cloned()
        .collect();
    stale.sort_by_key(|r| (r.last_news_at, r.request.id));
    let count = |s: &str| rows.iter().filter(|r| r.request.status == s).count();
    let counts = Counts {
        new: new.len(),
        taken: count("taken"),
        matched: count("matched"),
        stale: stale.len(),
    };
    Queue {
        new,
        stale,
        all: rows,
        counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::HelpRequest;

    fn at(s: &str) -> i64 {
        s.parse::<jiff::Zoned>().unwrap().timestamp().as_second()
    }

    fn row(id: i64, status: &str, created: &str, news: Option<&str>) -> RequestRow {
        let created_at = at(created);
        RequestRow {
            request: HelpRequest {
                id,
                reference: format!("{id:06}"),
                contact_id: None,
                relais: "r".into(),
                category: "courses".into(),
                commune_insee: "74225".into(),
                urgency: "pas_presse".into(),
                details: None,
                recording_url: None,
                status: status.into(),
                channel: "sms".into(),
                kiosk: None,
                created_at,
                updated_at: created_at,
                taken_by: None,
                helper: None,
                status_note: None,
            },
            contact_key: None,
            contact_language: None,
            opted_out: false,
            kiosk_commune: None,
            last_news_at: news.map(at).unwrap_or(created_at),
        }
    }

    fn ids(rows: &[RequestRow]) -> Vec<i64> {
        rows.iter().map(|r| r.request.id).collect()
    }

    #[test]
    fn new_requests_today_first_newest_first_then_the_oldest() {
        let now = at("2026-11-30T10:00[Europe/Paris]");
        let rows = vec![
            row(1, "open", "2026-11-28T09:00[Europe/Paris]", None),
            row(2, "open", "2026-11-30T08:00[Europe/Paris]", None),
            row(3, "open", "2026-11-25T09:00[Europe/Paris]", None),
            row(4, "open", "2026-11-30T09:30[Europe/Paris]", None),
            row(5, "taken", "2026-11-30T09:45[Europe/Paris]", None),
            // 00:30 in Paris is still the 29th in UTC: today in Paris all the same.
            row(6, "open", "2026-11-30T00:30[Europe/Paris]", None),
        ];
        let q = arrange(rows, now);
        assert_eq!(ids(&q.new), vec![4, 2, 6, 3, 1]);
        assert_eq!(ids(&q.all), vec![5, 4, 2, 6, 1, 3]);
        assert_eq!(q.counts.new, 5);
        assert_eq!(q.counts.taken, 1);
    }

    #[test]
    fn taken_or_matched_without_news_for_3_days_need_a_look() {
        let now = at("2026-11-30T10:00[Europe/Paris]");
        let rows = vec![
            row(
                1,
                "taken",
                "2026-11-20T09:00[Europe/Paris]",
                Some("2026-11-27T10:00[Europe/Paris]"),
            ),
            row(
                2,
                "matched",
                "2026-11-20T09:00[Europe/Paris]",
                Some("2026-11-27T10:01[Europe/Paris]"),
            ),
            row(
                3,
                "taken",
                "2026-11-20T09:00[Europe/Paris]",
                Some("2026-11-21T10:00[Europe/Paris]"),
            ),
            row(4, "open", "2026-11-20T09:00[Europe/Paris]", None),
            row(5, "done", "2026-11-20T09:00[Europe/Paris]", None),
        ];
        let q = arrange(rows, now);
        assert_eq!(
            ids(&q.stale),
            vec![3, 1],
            "oldest news first; 2 is 1 minute short"
        );
        assert_eq!(
            q.counts,
            Counts {
                new: 1,
                taken: 2,
                matched: 1,
                stale: 2
            }
        );
    }
}

//! `GET /mediation`: what needs someone now (`mediation::queue`), with counts, filters
//! (commune, need, status, channel), call-backs with their recordings, undelivered SMS. Also
//! how the console shows a request's pieces (times in Europe/Paris, who asked, the channel).

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::views::{CallbackLine, Filter, QueueView, Row, UndeliveredLine, Words};
use super::{Signed, html, now, server_error};
use crate::conversation::{Core, national};
use crate::domain::catalog::{CATEGORIES, CHANNELS};
use crate::domain::lifecycle::RequestStatus;
use crate::domain::{PhoneNumber, RefCode};
use crate::http::AppState;
use crate::mediation::queue;
use crate::store::requests::{RequestQuery, RequestRow};

/// Most requests read for the queue.
const MAX_ROWS: i64 = 500;

/// A Unix time as the team reads it: `30/11/2026 10:05`, Europe/Paris.
pub fn paris(unix: i64) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_second(unix)
        .map(|t| t.to_zoned(tz).strftime("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}

pub fn commune_name(core: &Core, insee: &str) -> String {
    core.communes
        .by_insee(insee)
        .map(|c| c.name.clone())
        .unwrap_or_else(|| insee.to_string())
}

/// Who asked, as the lists show it: the number, or the kiosk's commune.
pub fn who(w: Words<'_>, core: &Core, row: &RequestRow) -> String {
    match row.contact_key.as_deref().map(PhoneNumber::parse) {
        Some(Ok(p)) => national(&p),
        _ => {
            let commune = row
                .kiosk_commune
                .as_deref()
                .unwrap_or(&row.request.commune_insee);
            w.with(
                "console-kiosk-who",
                &[("commune", &commune_name(core, commune))],
            )
        }
    }
}

/// The resident cannot receive an SMS: the team must call them to tell them.
pub fn cannot_text(row: &RequestRow) -> bool {
    row.opted_out
        || !row
            .contact_key
            .as_deref()
            .and_then(|k| PhoneNumber::parse(k).ok())
            .is_some_and(|p| p.can_receive_sms())
}

pub fn status_word(status: &str) -> String {
    RequestStatus::parse(status)
        .map(|s| s.label_fr().to_string())
        .unwrap_or_else(|| status.to_string())
}

pub fn channel_word(w: Words<'_>, channel: &str) -> String {
    if CHANNELS.contains(&channel) {
        w.t(&format!("console-channel-{channel}"))
    } else {
        channel.to_string()
    }
}

pub fn category_word(core: &Core, category: &str) -> String {
    core.locales
        .format("fr", &format!("cat-{category}"), None, None)
}

pub fn grouped(reference: &str) -> String {
    RefCode::new(reference.parse().unwrap_or(0))
        .map(|c| c.grouped())
        .unwrap_or_else(|| reference.to_string())
}

fn row(w: Words<'_>, core: &Core, r: &RequestRow) -> Row {
    let q = &r.request;
    let code = grouped(&q.reference);
    Row {
        reference: q.reference.clone(),
        open_label: w.with("console-open-request", &[("reference", &code)]),
        code,
        when: paris(q.created_at),
        who: who(w, core, r),
        to_call: cannot_text(r) && matches!(q.status.as_str(), "matched" | "done" | "impossible"),
        need: category_word(core, &q.category),
        commune: commune_name(core, &q.commune_insee),
        status: status_word(&q.status),
        channel: channel_word(w, &q.channel),
        news: paris(r.last_news_at),
    }
}

#[derive(Deserialize, Default)]
pub struct Filters {
    #[serde(default)]
    commune: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    channel: String,
}

fn some(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// `GET /mediation`.
pub async fn page(
    State(app): State<AppState>,
    signed: Signed,
    Query(f): Query<Filters>,
) -> Response {
    let store = &app.conversations.store;
    let core = &app.conversations.core;
    let relais = signed.mediator.relais.clone();
    let q = RequestQuery {
        relais: Some(relais.clone()),
        status: some(&f.status),
        commune: some(&f.commune),
        category: some(&f.category),
        channel: some(&f.channel),
    };
    let now = now();
    let (rows, callbacks, undelivered) = match tokio::try_join!(
        store.request_rows(&q, MAX_ROWS),
        store.open_callbacks(&relais),
        store.undelivered(&relais, 50)
    ) {
        Ok(x) => x,
        Err(e) => return server_error(e),
    };
    let arranged = queue::arrange(rows, now);
    let mut c = signed.chrome(&app, String::new(), "queue");
    let w = c.w;
    c.title = w.t("console-queue-title");
    let counts = vec![
        (w.t("console-count-new"), arranged.counts.new, "new"),
        (w.t("console-count-taken"), arranged.counts.taken, "all"),
        (w.t("console-count-matched"), arranged.counts.matched, "all"),
        (w.t("console-count-callbacks"), callbacks.len(), "callbacks"),
        (
            w.t("console-count-undelivered"),
            undelivered.len(),
            "undelivered",
        ),
        (w.t("console-count-stale"), arranged.counts.stale, "stale"),
    ];
    let communes = core
        .relais
        .by_id(&relais)
        .map(|r| r.communes.clone())
        .unwrap_or_default();
    let opt = |values: Vec<(String, String)>, chosen: &str| {
        values
            .into_iter()
            .map(|(v, t)| {
                let sel = v == chosen;
                (v, t, sel)
            })
            .collect()
    };
    let filters = vec![
        Filter {
            name: "commune",
            label: w.t("console-filter-commune"),
            options: opt(
                communes
                    .iter()
                    .map(|c| (c.clone(), commune_name(core, c)))
                    .collect(),
                &f.commune,
            ),
        },
        Filter {
            name: "category",
            label: w.t("console-filter-category"),
            options: opt(
                CATEGORIES
                    .iter()
                    .map(|c| (c.to_string(), category_word(core, c)))
                    .collect(),
                &f.category,
            ),
        },
        Filter {
            name: "status",
            label: w.t("console-filter-status"),
            options: opt(
                RequestStatus::ALL
                    .iter()
                    .map(|s| (s.as_str().to_string(), s.label_fr().to_string()))
                    .collect(),
                &f.status,
            ),
        },
        Filter {
            name: "channel",
            label: w.t("console-filter-channel"),
            options: opt(
                CHANNELS
                    .iter()
                    .map(|c| (c.to_string(), channel_word(w, c)))
                    .collect(),
                &f.channel,
            ),
        },
    ];
    let callbacks = callbacks
        .into_iter()
        .map(|b| {
            let phone = PhoneNumber::parse(&b.contact_key).ok();
            CallbackLine {
                id: b.id,
                when: paris(b.created_at),
                phone: phone
                    .as_ref()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default(),
                phone_shown: phone
                    .as_ref()
                    .map(national)
                    .unwrap_or_else(|| w.t("console-unknown")),
                why: w.t(&format!("console-why-{}", b.reason)),
                context: b.context,
                recording: b
                    .recording_url
                    .is_some()
                    .then(|| format!("/mediation/enregistrements/rappel/{}", b.id)),
            }
        })
        .collect();
    let undelivered = undelivered
        .into_iter()
        .map(|u| {
            let phone = PhoneNumber::parse(&u.recipient).ok();
            UndeliveredLine {
                when: paris(u.updated_at),
                phone: u.recipient.clone(),
                phone_shown: phone.as_ref().map(national).unwrap_or(u.recipient),
                kind: u.kind,
                status: u.status,
                request: u
                    .dedupe_key
                    .as_deref()
                    .and_then(|k| k.strip_prefix("request:"))
                    .and_then(|k| k.split(':').next())
                    .map(str::to_string),
            }
        })
        .collect();
    let view = QueueView {
        counts,
        filters,
        new: arranged.new.iter().map(|r| row(w, core, r)).collect(),
        stale: arranged.stale.iter().map(|r| row(w, core, r)).collect(),
        all: arranged.all.iter().map(|r| row(w, core, r)).collect(),
        callbacks,
        undelivered,
        c,
    };
    html(&view, StatusCode::OK, Vec::new())
}

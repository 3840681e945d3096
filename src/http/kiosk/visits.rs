//! Finding, creating, saving and ending the visit a kiosk request belongs to (see
//! [`super::sessions`] for what a visit is and why nothing is stored before the first answer).

use axum::http::{HeaderMap, HeaderValue};
use subtle::ConstantTimeEq;

use super::sessions::{self, IDLE_SECS, KioskSession, MAX_VISITS_PER_ADDRESS, id_hash};
use super::{KioskState, SESSION_COOKIE, cookie, now, set_cookie};
use crate::conversation::{Conversations, Who};
use crate::http::AppState;
use crate::store::Kiosk;
use crate::store::visits::StoredVisit;

/// The visit a request belongs to: its secret, its state, whether it is stored yet, and the
/// cookie to set when it is new.
pub(super) struct Visit {
    pub id: String,
    pub session: KioskSession,
    pub stored: bool,
    pub new_cookie: Option<HeaderValue>,
}

/// Why a form was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rejected {
    /// The visit ended (or never was): its pages are not valid any more.
    NoVisit,
    /// The form does not carry the visit's token.
    Forged,
    /// Too many visits at once from this address.
    Busy,
}

/// What the database knows of a visit's secret.
enum Known {
    Live(Box<KioskSession>),
    /// It was a visit, now ended: its cookie never starts one again.
    Ended,
    /// Never stored: a provisional visit (its page was shown, nothing answered yet).
    Unknown,
}

/// Where a new visit comes from: the enrolled kiosk, or the address of a plain browser.
pub(super) struct Origin {
    pub kiosk: Option<Kiosk>,
    pub address: std::net::IpAddr,
}

impl KioskState {
    /// The service's key for the first form of a visit, the same for every instance.
    async fn key(&self, app: &AppState) -> String {
        let store = app.conversations.store.clone();
        self.key
            .get_or_init(|| async move {
                match store.secret("kiosk-visits", &sessions::secret(), now()).await {
                    Ok(k) => k,
                    Err(e) => {
                        // Visits then last only as long as this process: the safe side.
                        tracing::error!(error = %e, "kiosk key not read; using one for this process");
                        sessions::secret()
                    }
                }
            })
            .await
            .clone()
    }

    /// What the database knows of the visit with this secret. A visit idle too long is ended
    /// here (and its conversation erased), even before the background sweep comes by.
    async fn stored(&self, app: &AppState, id: &str) -> Known {
        let store = app.conversations.store.as_ref();
        let v = match store.visit(&id_hash(id)).await {
            Ok(Some(v)) => v,
            Ok(None) => return Known::Unknown,
            Err(e) => {
                tracing::error!(error = %e, "kiosk visit not read");
                return Known::Ended;
            }
        };
        if v.ended_at.is_some() {
            return Known::Ended;
        }
        if v.last_seen < now() - IDLE_SECS {
            self.end(app, id).await;
            return Known::Ended;
        }
        match serde_json::from_str::<KioskSession>(&v.state) {
            Ok(s) => Known::Live(Box::new(s)),
            Err(e) => {
                tracing::warn!(error = %e, "unreadable kiosk visit, starting afresh");
                self.end(app, id).await;
                Known::Ended
            }
        }
    }

    /// The visit this browser is in, or a provisional new one: nothing is stored for a page
    /// view but the time a stored visit was seen, and an ended visit is never taken up again.
    pub(super) async fn visit(&self, app: &AppState, headers: &HeaderMap) -> Visit {
        let visit = self.find(app, headers).await;
        if visit.stored {
            self.save(app, &visit, None).await;
        }
        visit
    }

    /// Like [`Self::visit`], without writing anything.
    async fn find(&self, app: &AppState, headers: &HeaderMap) -> Visit {
        self.know(app);
        let given = cookie(headers, SESSION_COOKIE).filter(|c| (32..=64).contains(&c.len()));
        let known = match given {
            Some(id) => self.stored(app, id).await,
            None => Known::Unknown,
        };
        let (id, new_cookie) = match (given, known) {
            (Some(id), Known::Live(mut session)) => {
                session.last_seen = now();
                return Visit {
                    id: id.to_string(),
                    session: *session,
                    stored: true,
                    new_cookie: None,
                };
            }
            // A cookie naming no stored visit keeps its secret: the first form of its page
            // stays valid.
            (Some(id), Known::Unknown) => (id.to_string(), None),
            // An ended visit's cookie, or none: a new secret.
            _ => {
                let id = sessions::secret();
                let c = set_cookie(app, SESSION_COOKIE, &id, None);
                (id, Some(c))
            }
        };
        let key = self.key(app).await;
        Visit {
            session: KioskSession::provisional(&key, &id, now()),
            id,
            stored: false,
            new_cookie,
        }
    }

    /// The visit a form was posted from, if the form carries its token. The first form of a
    /// provisional visit creates it — one at a time per enrolled kiosk, a few per address.
    /// The caller saves the visit after changing it (or to mark it seen).
    pub(super) async fn checked(
        &self,
        app: &AppState,
        headers: &HeaderMap,
        origin: &Origin,
        csrf: &str,
    ) -> Result<Visit, Rejected> {
        self.know(app);
        let Some(id) = cookie(headers, SESSION_COOKIE).map(str::to_string) else {
            return Err(Rejected::NoVisit);
        };
        let mut visit = self.find(app, headers).await;
        if visit.id != id {
            return Err(Rejected::NoVisit);
        }
        if !bool::from(visit.session.csrf.as_bytes().ct_eq(csrf.as_bytes())) {
            tracing::warn!("kiosk form refused: wrong CSRF token");
            return Err(Rejected::Forged);
        }
        if !visit.stored {
            self.admit(app, &visit, origin).await?;
            visit.stored = true;
        }
        Ok(visit)
    }

    /// Stores a new visit, after ending the enrolled kiosk's previous one or checking the
    /// address holds few enough.
    async fn admit(&self, app: &AppState, visit: &Visit, origin: &Origin) -> Result<(), Rejected> {
        let store = app.conversations.store.as_ref();
        let hash = id_hash(&visit.id);
        let address = origin.address.to_string();
        if origin.kiosk.is_none() {
            let live = store
                .live_visits_from(&address, now() - IDLE_SECS)
                .await
                .unwrap_or(0);
            if live >= MAX_VISITS_PER_ADDRESS || !app.limits.visit(origin.address) {
                tracing::warn!(live, "kiosk visit refused: too many from one address");
                return Err(Rejected::Busy);
            }
        }
        self.save(app, visit, Some(origin)).await;
        let from = if origin.kiosk.is_some() {
            "kiosk"
        } else {
            "browser"
        };
        metrics::counter!("passerelle_kiosk_visits_started_total", "origin" => from).increment(1);
        if let Some(k) = &origin.kiosk {
            match store.end_other_visits(&k.id, &hash, now()).await {
                Ok(ended) => {
                    metrics::counter!("passerelle_kiosk_visits_ended_total", "how" => "replaced")
                        .increment(ended.len() as u64);
                    for v in ended {
                        clear_stored(&app.conversations, &v).await;
                    }
                }
                Err(e) => tracing::error!(error = %e, "previous kiosk visit not ended"),
            }
        }
        Ok(())
    }

    /// Writes a visit's state (and that it was seen now).
    pub(super) async fn save(&self, app: &AppState, visit: &Visit, origin: Option<&Origin>) {
        let state = match serde_json::to_string(&visit.session) {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "kiosk visit not serialised");
                return;
            }
        };
        let v = StoredVisit {
            id_hash: id_hash(&visit.id),
            who: visit.session.who.clone(),
            kiosk: origin.and_then(|o| o.kiosk.as_ref().map(|k| k.id.clone())),
            address: origin
                .filter(|o| o.kiosk.is_none())
                .map(|o| o.address.to_string()),
            state,
            last_seen: now(),
            created_at: now(),
            ended_at: None,
        };
        if let Err(e) = app.conversations.store.save_visit(&v).await {
            tracing::error!(error = %e, "kiosk visit not saved");
        }
    }

    /// Ends a visit now and clears its conversation.
    pub(super) async fn end(&self, app: &AppState, id: &str) {
        match app.conversations.store.end_visit(&id_hash(id), now()).await {
            Ok(Some(v)) => {
                metrics::counter!("passerelle_kiosk_visits_ended_total", "how" => "finished")
                    .increment(1);
                clear_stored(&app.conversations, &v).await
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "kiosk visit not ended"),
        }
    }
}

/// Erases what an ended visit left: its answers, its messages and its session. Requests sent
/// are kept.
pub(super) async fn clear_stored(conv: &Conversations, ended: &StoredVisit) {
    if let Err(e) = conv.forget(&Who::Kiosk(ended.who.clone())).await {
        tracing::warn!(error = %e, "could not erase an ended kiosk visit");
    }
}

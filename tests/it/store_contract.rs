//! The store's contract, the same for both backends (the suite runs it on SQLite, then on
//! PostgreSQL): what the callers rely on when two requests or two instances meet — a session
//! saved over a stale version is refused, a provider message is stored once, a reference is
//! never given twice, the last place of a mission goes to one person, an outbox message or a
//! job is claimed by one worker only, and the audit log cannot be rewritten.

use std::sync::Arc;

use futures::future::BoxFuture;
use passerelle::domain::RefCode;
use passerelle::store::{
    self, NewHelpRequest, NewJob, NewMessage, NewMission, NewOutbound, SignupOutcome, Store,
    StoreError, Tx,
};

use crate::helpers::{sql_try, test_database_url};

async fn open() -> (Arc<dyn Store>, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = test_database_url(dir.path());
    let store = store::open(&url).await.expect("the store opens");
    (store, url, dir)
}

/// Runs `f` in one transaction of `store`.
async fn tx<T, F>(store: &Arc<dyn Store>, f: F) -> store::Result<T>
where
    T: Send + 'static,
    F: for<'a> FnOnce(&'a mut dyn Tx) -> BoxFuture<'a, store::Result<T>> + Send + 'static,
{
    store::within(store.as_ref(), f).await
}

fn message(contact: i64, sid: &str) -> NewMessage {
    NewMessage {
        contact_id: Some(contact),
        relais: "r".into(),
        direction: "in",
        channel: "sms".into(),
        provider_id: Some(sid.into()),
        body: "aide".into(),
        reply: Some("De quelle aide avez-vous besoin ?".into()),
        segments: Some(1),
        status: "received",
        now: 1,
    }
}

#[tokio::test]
async fn a_session_saved_over_a_stale_version_is_refused_and_nothing_of_that_turn_stays() {
    let (store, _, _dir) = open().await;
    let contact = tx(&store, |t| {
        Box::pin(async move { t.contact("+33612000001", 1).await })
    })
    .await
    .unwrap();
    let id = contact.id;
    tx(&store, move |t| {
        Box::pin(async move { t.save_session(id, "r", "{}", None, 1).await })
    })
    .await
    .unwrap();
    // A second "first" save and a save over version 0 both lose.
    let again = tx(&store, move |t| {
        Box::pin(async move { t.save_session(id, "r", "{}", None, 1).await })
    })
    .await;
    assert!(matches!(again, Err(StoreError::Conflict)), "{again:?}");
    let stale = tx(&store, move |t| {
        Box::pin(async move {
            t.record_message(&message(id, "SMstale")).await?;
            t.save_session(id, "r", "{\"x\":1}", Some(0), 2).await
        })
    })
    .await;
    assert!(matches!(stale, Err(StoreError::Conflict)), "{stale:?}");
    assert_eq!(
        store.count("messages").await.unwrap(),
        0,
        "the turn rolled back whole"
    );
    let (state, version) = tx(&store, move |t| {
        Box::pin(async move { t.session(id, "r").await })
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!((state.as_str(), version), ("{}", 1));
    tx(&store, move |t| {
        Box::pin(async move { t.save_session(id, "r", "{\"x\":2}", Some(1), 3).await })
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn a_provider_message_is_stored_once_and_its_reply_replayed() {
    let (store, _, _dir) = open().await;
    let id = tx(&store, |t| {
        Box::pin(async move { t.contact("+33612000002", 1).await })
    })
    .await
    .unwrap()
    .id;
    tx(&store, move |t| {
        Box::pin(async move { t.record_message(&message(id, "SM1")).await })
    })
    .await
    .unwrap();
    let twice = tx(&store, move |t| {
        Box::pin(async move { t.record_message(&message(id, "SM1")).await })
    })
    .await;
    assert!(matches!(twice, Err(StoreError::Duplicate(_))), "{twice:?}");
    assert!(
        twice.unwrap_err().is_transient(),
        "run again, then replayed"
    );
    let reply = tx(&store, |t| {
        Box::pin(async move { t.replayed_reply("SM1").await })
    })
    .await
    .unwrap();
    assert_eq!(reply.as_deref(), Some("De quelle aide avez-vous besoin ?"));
    let none = tx(&store, |t| {
        Box::pin(async move { t.replayed_reply("SM2").await })
    })
    .await
    .unwrap();
    assert_eq!(none, None);
}

#[tokio::test]
async fn one_contact_per_number_even_when_two_turns_meet_it_first() {
    let (store, _, _dir) = open().await;
    let turns = (0..8).map(|_| {
        tx(&store, |t| {
            Box::pin(async move { t.contact("+33612000003", 1).await })
        })
    });
    let ids: Vec<i64> = futures::future::join_all(turns)
        .await
        .into_iter()
        .map(|c| c.expect("every turn gets the contact").id)
        .collect();
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
    assert_eq!(store.count("contacts").await.unwrap(), 1);
}

fn request(contact: i64) -> NewHelpRequest {
    NewHelpRequest {
        contact_id: Some(contact),
        relais: "r".into(),
        category: "courses".into(),
        commune_insee: "74225".into(),
        urgency: "week".into(),
        wanted_on: None,
        details: None,
        recording_url: None,
        channel: "sms".into(),
        kiosk: None,
        now: 1,
    }
}

#[tokio::test]
async fn a_reference_taken_is_skipped_never_given_twice() {
    let (store, _, _dir) = open().await;
    let id = tx(&store, |t| {
        Box::pin(async move { t.contact("+33612000004", 1).await })
    })
    .await
    .unwrap()
    .id;
    let codes: Vec<RefCode> = [482_915, 482_916]
        .into_iter()
        .filter_map(RefCode::new)
        .collect();
    let c = codes.clone();
    let first = tx(&store, move |t| {
        Box::pin(async move { t.create_help_request(&request(id), &c).await })
    })
    .await
    .unwrap();
    let c = codes.clone();
    let second = tx(&store, move |t| {
        Box::pin(async move { t.create_help_request(&request(id), &c).await })
    })
    .await
    .unwrap();
    assert_eq!(first.reference, codes[0].compact());
    assert_eq!(second.reference, codes[1].compact());
    let c = codes.clone();
    let none = tx(&store, move |t| {
        Box::pin(async move { t.create_help_request(&request(id), &c).await })
    })
    .await;
    assert!(none.is_err(), "no free reference left");
    assert_eq!(store.count("help_requests").await.unwrap(), 2);
}

#[tokio::test]
async fn the_last_place_of_a_mission_goes_to_one_person() {
    let (store, _, _dir) = open().await;
    let mission = store
        .upsert_mission(
            &NewMission {
                source: "test".into(),
                external_id: "m1".into(),
                title: "Courses".into(),
                description: String::new(),
                organization: "Asso".into(),
                domain: "solidarite".into(),
                commune_insee: "74225".into(),
                address: String::new(),
                start_at: None,
                end_at: None,
                places_left: 1,
                organization_phone: None,
                organization_email: None,
            },
            1,
        )
        .await
        .unwrap();
    let mut ids = Vec::new();
    for n in 0..6 {
        let phone = format!("+3361200010{n}");
        ids.push(
            tx(&store, move |t| {
                Box::pin(async move { t.contact(&phone, 1).await })
            })
            .await
            .unwrap()
            .id,
        );
    }
    let tries = ids.into_iter().map(|contact| {
        tx(&store, move |t| {
            Box::pin(async move { t.sign_up(mission, contact, "r", "sms", 2).await })
        })
    });
    let outcomes = futures::future::join_all(tries).await;
    let done = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(SignupOutcome::Done(_))))
        .count();
    let full = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(SignupOutcome::Full)))
        .count();
    assert_eq!((done, full), (1, 5), "{outcomes:?}");
    let left = store
        .missions(store::Page {
            page: 1,
            per_page: 10,
        })
        .await
        .unwrap();
    assert_eq!(left.0[0].places_left, 0);
}

#[tokio::test]
async fn an_outbox_message_is_claimed_by_one_worker_only() {
    let (store, _, _dir) = open().await;
    tx(&store, |t| {
        Box::pin(async move {
            for n in 0..40 {
                t.enqueue_message(&NewOutbound::sms(
                    "r",
                    "+33612000009",
                    &format!("m{n}"),
                    "test",
                    1,
                ))
                .await?;
            }
            Ok(())
        })
    })
    .await
    .unwrap();
    // Four workers claiming at once, as four instances would.
    let claims = (0..4).map(|w| {
        let store = store.clone();
        async move { store.claim_outbox(&format!("w{w}"), 2, 600, 15).await }
    });
    let claimed: Vec<i64> = futures::future::join_all(claims)
        .await
        .into_iter()
        .flat_map(|c| c.expect("a claim").into_iter().map(|i| i.id))
        .collect();
    let mut distinct = claimed.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        claimed.len(),
        "a message claimed twice: {claimed:?}"
    );
    assert_eq!(claimed.len(), 40, "every due message claimed by someone");
    // A claim held by another worker cannot be used; its owner can.
    let first = claimed[0];
    assert!(
        !store
            .outbox_sending(first, "not-a-worker", 3)
            .await
            .unwrap()
    );
    let mut owners = 0;
    for w in 0..4 {
        if store
            .outbox_sending(first, &format!("w{w}"), 3)
            .await
            .unwrap()
        {
            owners += 1;
        }
    }
    assert_eq!(owners, 1);
    // Once the lease ran out, what was never handed over is claimed again; what was being
    // sent is not (its fate is unknown: never sent twice).
    let again = store.claim_outbox("w9", 700, 1300, 100).await.unwrap();
    assert_eq!(again.len(), 39);
    assert!(again.iter().all(|i| i.id != first));
}

#[tokio::test]
async fn a_job_is_claimed_by_one_worker_and_finished_only_by_it() {
    let (store, _, _dir) = open().await;
    tx(&store, |t| {
        Box::pin(async move {
            for n in 0..10 {
                t.schedule(&NewJob {
                    kind: "test".into(),
                    key: format!("job-{n}"),
                    payload: String::new(),
                    run_at: 1,
                    now: 1,
                })
                .await?;
            }
            Ok(())
        })
    })
    .await
    .unwrap();
    let claims = (0..4).map(|w| {
        let store = store.clone();
        async move { (w, store.claim_jobs(&format!("w{w}"), 2, 600, 5).await) }
    });
    let mut held = Vec::new();
    for (w, jobs) in futures::future::join_all(claims).await {
        held.extend(jobs.unwrap().into_iter().map(|j| (w, j.id)));
    }
    let mut ids: Vec<i64> = held.iter().map(|(_, id)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((ids.len(), held.len()), (10, 10), "{held:?}");
    let (owner, job) = held[0];
    let thief = tx(&store, move |t| {
        Box::pin(async move { t.finish_job(job, &format!("w{}", owner + 1), 3).await })
    })
    .await;
    assert!(matches!(thief, Err(StoreError::Conflict)), "{thief:?}");
    tx(&store, move |t| {
        Box::pin(async move { t.finish_job(job, &format!("w{owner}"), 3).await })
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn the_audit_log_cannot_be_rewritten() {
    let (store, url, _dir) = open().await;
    let actor = passerelle::domain::lifecycle::Actor::System;
    store
        .record(&store::NewAudit {
            actor: &actor,
            relais: Some("r"),
            contact_id: None,
            request_reference: None,
            action: "view_request",
            mandate_id: None,
            detail: None,
            at: 1,
        })
        .await
        .unwrap();
    for change in [
        "UPDATE audit_log SET action = 'nothing'",
        "DELETE FROM audit_log",
    ] {
        let refused = sql_try(&url, change).await;
        assert!(refused.is_err(), "{change} was allowed");
    }
    assert_eq!(store.count("audit_log").await.unwrap(), 1);
}

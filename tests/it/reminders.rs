//! Reminders, the day before at 10:00, as scheduled jobs: run once even by two workers,
//! never for a mission already begun, moved with their mission.

use std::sync::Arc;

use passerelle::store::NewMission;

use crate::helpers::{outbox_rows, paris, twilio_of};
use crate::signups::{ALICE, setup};

#[tokio::test]
async fn a_reminder_for_a_mission_already_begun_is_never_sent() {
    let s = setup(3, None, None).await;
    s.sign_up(ALICE, paris("2026-12-01T15:00")).await;
    let w = s.worker("w1");
    w.outbox_step(paris("2026-12-01T15:01")).await.unwrap();
    assert_eq!(s.texts_to(ALICE).await.len(), 1, "the confirmation");
    // The reminder is queued at 10:00 but nothing is sent until the mission has begun
    // (the provider was down, the service stopped…): it is dropped.
    w.scheduler_step(paris("2026-12-02T10:00")).await.unwrap();
    w.outbox_step(paris("2026-12-03T09:00")).await.unwrap();
    assert_eq!(s.texts_to(ALICE).await.len(), 1);
    let expired = outbox_rows(&s.app, Some("expired")).await;
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].kind, "signup_reminder");
}

#[tokio::test]
async fn a_reminder_whose_job_runs_after_the_mission_began_sends_nothing() {
    let s = setup(3, None, None).await;
    s.sign_up(ALICE, paris("2026-12-01T15:00")).await;
    let w = s.worker("w1");
    // The service was down from the evening before until after the start.
    assert_eq!(
        w.scheduler_step(paris("2026-12-03T09:30")).await.unwrap(),
        1
    );
    let rows = outbox_rows(&s.app, None).await;
    assert!(rows.iter().all(|r| r.kind != "signup_reminder"), "{rows:?}");
}

#[tokio::test]
async fn two_workers_run_a_reminder_job_once() {
    let s = setup(3, None, None).await;
    s.sign_up(ALICE, paris("2026-12-01T15:00")).await;
    let other_store = passerelle::store::open(&s.app.settings.database_url)
        .await
        .unwrap();
    let mut other = s.app.running.conversations.clone();
    other.store = other_store;
    let a = s.worker("instance-a");
    let b = passerelle::worker::Worker::unstoppable(
        "instance-b",
        other,
        Arc::new(twilio_of(&s.app, &s.twilio)),
        s.mails.clone(),
        passerelle::app::worker_config(&s.app.settings),
    );
    let t = paris("2026-12-02T10:00");
    let (ra, rb) = tokio::join!(a.scheduler_step(t), b.scheduler_step(t));
    assert_eq!(ra.unwrap() + rb.unwrap(), 1);
    let (_, _) = tokio::join!(a.outbox_step(t), b.outbox_step(t));
    let texts = s.texts_to(ALICE).await;
    assert_eq!(
        texts.iter().filter(|t| t.starts_with("Rappel")).count(),
        1,
        "{texts:?}"
    );
}

#[tokio::test]
async fn a_mission_moved_to_a_later_day_moves_its_reminder() {
    let s = setup(3, None, None).await;
    s.sign_up(ALICE, paris("2026-12-01T15:00")).await;
    let store = s.app.running.conversations.store.clone();
    let mut moved = store
        .missions(passerelle::store::Page {
            page: 1,
            per_page: 1,
        })
        .await
        .unwrap()
        .0[0]
        .clone();
    moved.start_at = Some("2026-12-10T14:00".into());
    store
        .upsert_mission(
            &NewMission {
                source: moved.source,
                external_id: moved.external_id,
                title: moved.title,
                description: moved.description,
                organization: moved.organization,
                domain: moved.domain,
                commune_insee: moved.commune_insee,
                address: moved.address,
                start_at: moved.start_at,
                end_at: None,
                places_left: moved.places_left,
                organization_phone: None,
                organization_email: None,
            },
            0,
        )
        .await
        .unwrap();
    let w = s.worker("w1");
    assert_eq!(
        w.scheduler_step(paris("2026-12-02T10:00")).await.unwrap(),
        1
    );
    w.outbox_step(paris("2026-12-02T10:00")).await.unwrap();
    assert_eq!(s.texts_to(ALICE).await.len(), 1, "only the confirmation");
    assert_eq!(
        w.scheduler_step(paris("2026-12-09T09:59")).await.unwrap(),
        0
    );
    assert_eq!(
        w.scheduler_step(paris("2026-12-09T10:00")).await.unwrap(),
        1
    );
    w.outbox_step(paris("2026-12-09T10:00")).await.unwrap();
    let texts = s.texts_to(ALICE).await;
    assert!(
        texts[1].contains("jeudi 10 décembre à 14 h 00"),
        "{texts:?}"
    );
}

//! Volunteering that happens: what follows a sign-up. The organisation is told (e-mail, SMS,
//! or the relais team when it left no contact), the volunteer gets a confirmation and a
//! reminder the day before at 10:00, then the organisation's answer; a cancellation frees the
//! place, withdraws what was not sent yet and tells the other side.
//!
//! Every change of status goes through [`change_status`], which applies the rules of
//! `domain::signup`: the conversation (ANNULER), the command line and, later, the partner API
//! call it. Everything is written inside the caller's transaction, messages through the
//! outbox (quiet hours and pacing are the worker's), the reminder as a scheduled job.
//! Lives beside `conversation` (it renders with its `Core`), below `worker` and `http`.

pub mod messages;

use crate::channels::Variant;
use crate::conversation::Core;
use crate::domain::signup::{self, Actor, Change, NotAllowed, SignupStatus};
use crate::domain::text::shorten;
use crate::domain::{PhoneNumber, Relais};
use crate::engine::effects::{cancel_signup, my_signups};
use crate::engine::{Arg, Item};
use crate::store::{Job, NewJob, NewOutbound, SignupView, StoreError, Tx};

use self::messages::{ORGANIZATION_CHARS, TITLE_CHARS, Texts};

/// The scheduled job that sends a sign-up's reminder.
pub const REMINDER_JOB: &str = "signup_reminder";
/// Most sign-ups listed when the person cancels one.
const MAX_LISTED: usize = 9;

/// What the volunteer was promised when signing up: only what will happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Promised {
    /// A confirmation SMS is queued (a mobile that did not opt out).
    pub texted: bool,
    /// A reminder is scheduled for the day before at 10:00.
    pub reminder: bool,
}

impl Promised {
    /// The sign-up effect's outcome, which picks what the flow says.
    pub fn outcome(self) -> &'static str {
        match (self.texted, self.reminder) {
            (true, true) => "done",
            (true, false) => "done_no_reminder",
            (false, _) => "done_no_sms",
        }
    }
}

/// What asking for a change gave.
#[derive(Debug)]
pub enum Changed {
    /// Done: the sign-up as it is now.
    Done(Box<SignupView>),
    NotAllowed(NotAllowed),
    NotFound,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Notice {
    New,
    Cancelled,
}

impl Notice {
    fn name(self) -> &'static str {
        match self {
            Notice::New => "new",
            Notice::Cancelled => "cancelled",
        }
    }
}

fn reminder_job_key(id: i64) -> String {
    format!("signup-reminder:{id}")
}

fn reminder_dedupe(id: i64, start_at: &str) -> String {
    format!("signup:{id}:reminder:{start_at}")
}

fn confirmation_dedupe(s: &SignupView) -> String {
    format!("signup:{}:confirmation:{}", s.id, s.created_at)
}

fn relais_of(core: &Core, s: &SignupView) -> Relais {
    core.relais
        .by_id(&s.relais)
        .unwrap_or_else(|| core.relais.default_relais())
        .clone()
}

/// The number SMS about this sign-up go to: a mobile that did not opt out.
fn textable(s: &SignupView) -> Option<PhoneNumber> {
    if s.volunteer_opted_out {
        return None;
    }
    PhoneNumber::parse(&s.volunteer)
        .ok()
        .filter(PhoneNumber::can_receive_sms)
}

fn start_of(s: &SignupView) -> Option<i64> {
    s.mission
        .start_at
        .as_deref()
        .and_then(signup::mission_start)
}

fn active(s: &SignupView) -> bool {
    SignupStatus::parse(&s.status).is_some_and(SignupStatus::is_active)
}

/// After a sign-up was created (or made again after a cancellation): tells the organisation,
/// queues the volunteer's confirmation and schedules the reminder. `lang` is the language of
/// the conversation it was made in.
pub async fn signed_up(
    core: &Core,
    tx: &mut dyn Tx,
    signup_id: i64,
    lang: &str,
    now: i64,
) -> Result<Promised, StoreError> {
    tx.set_signup_language(signup_id, lang).await?;
    let s = tx
        .signup_view(signup_id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("sign-up {signup_id} vanished")))?;
    let relais = relais_of(core, &s);
    tell_organisation(core, tx, &s, &relais, Notice::New, now).await?;
    let Some(phone) = textable(&s) else {
        return Ok(Promised {
            texted: false,
            reminder: false,
        });
    };
    let texts = Texts::new(core, &relais, &s.language);
    let body = texts.sms(
        "signup-confirmation",
        &texts.mission_args(&s.mission, Variant::Sms),
    );
    tx.enqueue_message(
        &NewOutbound::sms(
            &relais.id,
            phone.as_str(),
            &body,
            "signup_confirmation",
            now,
        )
        .expires(start_of(&s))
        .dedupe(confirmation_dedupe(&s)),
    )
    .await?;
    let reminder = match s.mission.start_at.as_deref().and_then(signup::reminder_at) {
        Some(at) if at > now => {
            tx.schedule(&NewJob {
                kind: REMINDER_JOB.into(),
                key: reminder_job_key(s.id),
                payload: s.id.to_string(),
                run_at: at,
                now,
            })
            .await?;
            true
        }
        _ => false,
    };
    Ok(Promised {
        texted: true,
        reminder,
    })
}

/// Moves a sign-up to `to` if the rules allow `by` to, and carries out what that means.
/// A concurrent change gives `Conflict`: the caller runs the transaction again.
pub async fn change_status(
    core: &Core,
    tx: &mut dyn Tx,
    id: i64,
    to: SignupStatus,
    by: Actor,
    note: Option<&str>,
    now: i64,
) -> Result<Changed, StoreError> {
    let Some(s) = tx.signup_view(id).await? else {
        return Ok(Changed::NotFound);
    };
    let from = SignupStatus::parse(&s.status)
        .ok_or_else(|| StoreError::Corrupt(format!("sign-up {id} has status {}", s.status)))?;
    let change = match signup::change(from, to, by) {
        Ok(c) => c,
        Err(e) => return Ok(Changed::NotAllowed(e)),
    };
    if !tx
        .set_signup_status(id, from.as_str(), to.as_str(), by.as_str(), note, now)
        .await?
    {
        return Err(StoreError::Conflict);
    }
    carry_out(core, tx, &s, &change, now).await?;
    let after = tx
        .signup_view(id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("sign-up {id} vanished")))?;
    Ok(Changed::Done(Box::new(after)))
}

async fn carry_out(
    core: &Core,
    tx: &mut dyn Tx,
    s: &SignupView,
    c: &Change,
    now: i64,
) -> Result<(), StoreError> {
    let relais = relais_of(core, s);
    if c.frees_place {
        tx.free_place(s.mission.id, now).await?;
    }
    if c.withdraw_reminder {
        let why = "the sign-up no longer stands";
        tx.cancel_job(&reminder_job_key(s.id), now).await?;
        tx.withdraw(&confirmation_dedupe(s), why, now).await?;
        if let Some(start) = &s.mission.start_at {
            tx.withdraw(&reminder_dedupe(s.id, start), why, now).await?;
        }
    }
    if c.tell_volunteer
        && let Some(phone) = textable(s)
    {
        let id = match c.to {
            SignupStatus::Validated => "signup-validated",
            SignupStatus::Refused => "signup-refused",
            _ => "signup-cancelled-by-org",
        };
        let texts = Texts::new(core, &relais, &s.language);
        let body = texts.sms(id, &texts.mission_args(&s.mission, Variant::Sms));
        tx.enqueue_message(
            &NewOutbound::sms(&relais.id, phone.as_str(), &body, "signup_answer", now)
                .expires(start_of(s))
                .dedupe(format!("signup:{}:status:{}:{now}", s.id, c.to)),
        )
        .await?;
    }
    if c.tell_organisation {
        tell_organisation(core, tx, s, &relais, Notice::Cancelled, now).await?;
    }
    Ok(())
}

/// Tells the organisation of a new or cancelled sign-up with the volunteer's number: by
/// e-mail when the mission has an address, else by SMS to its phone, else the relais team on
/// its help line so they pass it on. Always in French.
async fn tell_organisation(
    core: &Core,
    tx: &mut dyn Tx,
    s: &SignupView,
    relais: &Relais,
    notice: Notice,
    now: i64,
) -> Result<(), StoreError> {
    let fr = Texts::french(core, relais);
    let m = &s.mission;
    let stamp = match notice {
        Notice::New => s.created_at,
        Notice::Cancelled => now,
    };
    let key = |way: &str| format!("signup:{}:org-{}:{way}:{stamp}", s.id, notice.name());
    let email = m
        .organization_email
        .as_deref()
        .map(str::trim)
        .filter(|e| e.contains('@'));
    let phone = m
        .organization_phone
        .as_deref()
        .and_then(|p| PhoneNumber::parse(p).ok());
    let message = if let Some(address) = email {
        let mut args = fr.mission_args(m, Variant::Screen);
        args.insert("phone".into(), fr.volunteer_phone(s));
        let (subject, mut parts) = match notice {
            Notice::New => (
                "signup-org-email-subject",
                vec!["signup-org-email", "signup-org-email-answer"],
            ),
            Notice::Cancelled => (
                "signup-org-cancelled-email-subject",
                vec!["signup-org-cancelled-email"],
            ),
        };
        if notice == Notice::New {
            if relais.help_line.is_some() {
                parts.push("signup-org-email-answer-line");
            }
            if textable(s).is_some() {
                parts.push("signup-org-email-sms-note");
            }
        }
        let body: Vec<String> = parts.iter().map(|id| fr.plain(id, &args)).collect();
        NewOutbound::email(
            &relais.id,
            address,
            &fr.plain(subject, &args),
            &body.join("\n\n"),
            "signup_organisation",
            now,
        )
        .dedupe(key("email"))
    } else {
        let mut args = fr.mission_args(m, Variant::Sms);
        args.insert("phone".into(), fr.volunteer_phone(s));
        let (to, id, kind) = match (&phone, &relais.help_line, notice) {
            (Some(p), _, Notice::New) => (p, "signup-org-sms", "signup_organisation"),
            (Some(p), _, Notice::Cancelled) => {
                (p, "signup-org-cancelled-sms", "signup_organisation")
            }
            (None, Some(line), Notice::New) => (line, "notify-signup", "signup"),
            (None, Some(line), Notice::Cancelled) => (line, "notify-signup-cancelled", "signup"),
            (None, None, _) => {
                tracing::warn!(
                    signup = s.id,
                    relais = %relais.id,
                    "nobody to tell of this sign-up: the mission has no contact and the relais no help line"
                );
                return Ok(());
            }
        };
        NewOutbound::sms(&relais.id, to.as_str(), &fr.sms(id, &args), kind, now).dedupe(key("sms"))
    };
    tx.enqueue_message(&message).await?;
    Ok(())
}

/// [`change_status`] in its own transaction, run again if a turn changed the same sign-up
/// meanwhile (the command line, the partner API).
pub async fn change_retrying(
    conversations: &crate::conversation::Conversations,
    id: i64,
    to: SignupStatus,
    by: Actor,
    note: Option<String>,
) -> Result<Changed, StoreError> {
    for _ in 0..5 {
        let core = conversations.core.clone();
        let note = note.clone();
        let now = jiff::Timestamp::now().as_second();
        let r = crate::store::within(
            conversations.store.as_ref(),
            move |tx: &mut dyn Tx| -> futures::future::BoxFuture<'_, Result<Changed, StoreError>> {
                Box::pin(
                    async move { change_status(&core, tx, id, to, by, note.as_deref(), now).await },
                )
            },
        )
        .await;
        match r {
            Err(StoreError::Conflict | StoreError::Busy) => continue,
            other => return other,
        }
    }
    Err(StoreError::Conflict)
}

/// The person's sign-ups that still stand, for a mission not begun.
async fn upcoming(
    tx: &mut dyn Tx,
    contact_id: i64,
    now: i64,
) -> Result<Vec<SignupView>, StoreError> {
    let statuses = SignupStatus::ALL
        .into_iter()
        .filter(|s| s.is_active())
        .map(SignupStatus::as_str)
        .collect::<Vec<_>>();
    Ok(tx
        .signups_of(contact_id, &statuses)
        .await?
        .into_iter()
        .filter(|s| start_of(s).is_none_or(|start| start > now))
        .collect())
}

fn signup_item(s: &SignupView) -> Item {
    let m = &s.mission;
    let mut args = crate::engine::Args::new();
    args.insert("title".into(), Arg::Text(shorten(&m.title, TITLE_CHARS)));
    args.insert(
        "organization".into(),
        Arg::Text(shorten(&m.organization, ORGANIZATION_CHARS)),
    );
    args.insert("commune".into(), Arg::Commune(m.commune_insee.clone()));
    args.insert("date".into(), messages::date_arg(m));
    Item {
        id: s.id.to_string(),
        args,
    }
}

/// The `my_signups` effect: none, one or several sign-ups still to come.
pub async fn my_signups(
    tx: &mut dyn Tx,
    contact_id: i64,
    now: i64,
) -> Result<my_signups::Outcome, StoreError> {
    let mut items: Vec<Item> = upcoming(tx, contact_id, now)
        .await?
        .iter()
        .take(MAX_LISTED)
        .map(signup_item)
        .collect();
    Ok(match items.len() {
        0 => my_signups::Outcome::None,
        1 => my_signups::Outcome::One(items.remove(0)),
        _ => my_signups::Outcome::Several(items),
    })
}

/// The `cancel_signup` effect: the person cancels one of their own sign-ups.
pub async fn cancel_by_volunteer(
    core: &Core,
    tx: &mut dyn Tx,
    signup_id: &str,
    contact_id: i64,
    now: i64,
) -> Result<cancel_signup::Outcome, StoreError> {
    let not_allowed = Ok(cancel_signup::Outcome::NotAllowed);
    let Ok(id) = signup_id.parse::<i64>() else {
        return not_allowed;
    };
    // Only one's own: a wrong id and someone else's look the same.
    match tx.signup_view(id).await? {
        Some(s) if s.contact_id == contact_id => {}
        _ => return not_allowed,
    }
    match change_status(
        core,
        tx,
        id,
        SignupStatus::Cancelled,
        Actor::Volunteer,
        None,
        now,
    )
    .await?
    {
        Changed::Done(s) => Ok(cancel_signup::Outcome::Done {
            organization: shorten(&s.mission.organization, ORGANIZATION_CHARS),
        }),
        Changed::NotAllowed(_) | Changed::NotFound => not_allowed,
    }
}

/// The reminder job: queues the SMS of the day before if the sign-up still stands and the
/// mission has not begun; follows the mission if its date moved.
pub async fn run_reminder(
    core: &Core,
    tx: &mut dyn Tx,
    job: &Job,
    worker: &str,
    now: i64,
) -> Result<(), StoreError> {
    let s = match job.payload.parse::<i64>() {
        Ok(id) => tx.signup_view(id).await?,
        Err(_) => None,
    };
    let Some(s) = s.filter(active) else {
        return tx.finish_job(job.id, worker, now).await;
    };
    let Some(start) = s.mission.start_at.clone() else {
        return tx.finish_job(job.id, worker, now).await;
    };
    if let Some(at) = signup::reminder_at(&start)
        && at > now
    {
        // The mission moved to a later day.
        return tx.postpone_job(job.id, worker, at, now).await;
    }
    if signup::reminder_still_useful(&start, now)
        && let Some(phone) = textable(&s)
    {
        let relais = relais_of(core, &s);
        let texts = Texts::new(core, &relais, &s.language);
        let body = texts.sms(
            "signup-reminder",
            &texts.mission_args(&s.mission, Variant::Sms),
        );
        tx.enqueue_message(
            &NewOutbound::sms(&relais.id, phone.as_str(), &body, "signup_reminder", now)
                .expires(start_of(&s))
                .dedupe(reminder_dedupe(s.id, &start)),
        )
        .await?;
    }
    tx.finish_job(job.id, worker, now).await
}

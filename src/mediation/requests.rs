//! What the team does with a request, in one place for the console, the command line and the
//! partner API: change its status (the rules are `domain::lifecycle`, the record
//! `store::requests`) and tell the resident — help found, done, impossible — by SMS through
//! the outbox (quiet hours are the worker's), or, when they cannot receive an SMS, mark the
//! request "à rappeler" for the console. Also a note, and an SMS written by a mediator.
//! Every act of a mediator or a partner is written to the audit log in the same transaction.

use crate::conversation::Core;
use crate::domain::PhoneNumber;
use crate::domain::lifecycle::{Actor, Change, Helper, LifecycleError, RequestStatus};
use crate::domain::text::shorten;
use crate::engine::{Arg, Args};
use crate::store::{Contact, HelpRequest, NewAudit, NewOutbound, NewRequestEvent, StoreError, Tx};
use crate::volunteering::messages::Texts;

/// Longest helper name in an SMS.
pub const HELPER_CHARS: usize = 40;
/// Longest "when" in an SMS.
pub const WHEN_CHARS: usize = 40;
/// Longest reason in an SMS.
pub const REASON_CHARS: usize = 80;
/// Longest SMS a mediator writes (3 GSM-7 segments).
pub const MAX_SMS_CHARS: usize = 459;

/// Fluent ids of the texts sent to residents about their request (all by SMS).
pub const SMS_IDS: [&str; 4] = [
    "request-matched",
    "request-matched-when",
    "request-done",
    "request-impossible",
];

/// How the resident hears of a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Told {
    /// An SMS is queued.
    Sms,
    /// They cannot receive an SMS (a landline, a kiosk visit, opted out): the console shows
    /// "à rappeler".
    ToCall,
    /// Nothing to tell.
    Nothing,
}

/// What a status change did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    pub change: Change,
    pub told: Told,
}

/// The number SMS to this contact go to: a mobile that did not opt out.
pub fn textable(contact: &Contact) -> Option<PhoneNumber> {
    if contact.opted_out_at.is_some() {
        return None;
    }
    contact.phone.clone().filter(PhoneNumber::can_receive_sms)
}

fn audit_of(actor: &Actor) -> bool {
    matches!(actor, Actor::Mediator { .. } | Actor::ApiClient { .. })
}

/// Writes an act of `actor` on a request to the audit log (mediators and partners only).
pub async fn audit(
    tx: &mut dyn Tx,
    actor: &Actor,
    r: &HelpRequest,
    action: &str,
    mandate_id: Option<i64>,
    now: i64,
) -> Result<(), StoreError> {
    if !audit_of(actor) {
        return Ok(());
    }
    tx.record(&NewAudit {
        actor,
        relais: Some(&r.relais),
        contact_id: r.contact_id,
        request_reference: Some(&r.reference),
        action,
        mandate_id,
        detail: None,
        at: now,
    })
    .await
}

/// Moves a request to `to` if `actor` may, records it, and tells the resident when the change
/// is one they hear of.
#[allow(clippy::too_many_arguments)]
pub async fn change_status(
    core: &Core,
    tx: &mut dyn Tx,
    reference: &str,
    to: RequestStatus,
    actor: &Actor,
    note: Option<&str>,
    helper: Option<&Helper>,
    now: i64,
) -> Result<Changed, LifecycleError> {
    let change = tx
        .change_request_status(reference, to, actor, note, helper, now)
        .await?;
    let r = tx
        .request_by_reference(reference)
        .await?
        .ok_or(LifecycleError::NotFound)?;
    audit(tx, actor, &r, &format!("status_{}", to.as_str()), None, now).await?;
    let told = if change.tell_resident {
        tell(core, tx, &r, note, now).await?
    } else {
        Told::Nothing
    };
    Ok(Changed { change, told })
}

/// The SMS telling the resident where their request stands, in their language; `None` for a
/// status they are not told of.
pub fn resident_text(
    core: &Core,
    r: &HelpRequest,
    lang: &str,
    reason: Option<&str>,
) -> Option<String> {
    let relais = core
        .relais
        .by_id(&r.relais)
        .unwrap_or_else(|| core.relais.default_relais());
    let texts = Texts::new(core, &relais, lang);
    let mut args = Args::new();
    args.insert(
        "reference".into(),
        Arg::Code(r.reference.parse().unwrap_or_default()),
    );
    let id = match RequestStatus::parse(&r.status)? {
        RequestStatus::Matched => {
            let h = r.helper.as_ref()?;
            args.insert("helper".into(), Arg::Text(shorten(&h.name, HELPER_CHARS)));
            match h.when.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
                Some(w) => {
                    args.insert("when".into(), Arg::Text(shorten(w, WHEN_CHARS)));
                    "request-matched-when"
                }
                None => "request-matched",
            }
        }
        RequestStatus::Done => "request-done",
        RequestStatus::Impossible => {
            let reason = reason.or(r.status_note.as_deref()).unwrap_or_default();
            args.insert("reason".into(), Arg::Text(shorten(reason, REASON_CHARS)));
            "request-impossible"
        }
        _ => return None,
    };
    Some(texts.sms(id, &args))
}

/// Tells the resident where their request stands: an SMS queued, or "à rappeler" recorded.
async fn tell(
    core: &Core,
    tx: &mut dyn Tx,
    r: &HelpRequest,
    reason: Option<&str>,
    now: i64,
) -> Result<Told, StoreError> {
    let contact = match r.contact_id {
        Some(id) => tx.contact_by_id(id).await?,
        None => None,
    };
    let phone = contact.as_ref().and_then(textable);
    let lang = contact
        .as_ref()
        .map(|c| c.language.clone())
        .unwrap_or_else(|| crate::i18n::REFERENCE.into());
    let (Some(phone), Some(body)) = (phone, resident_text(core, r, &lang, reason)) else {
        tx.add_request_event(&NewRequestEvent {
            request_id: r.id,
            kind: "to_call",
            actor: &Actor::System,
            from_status: None,
            to_status: Some(&r.status),
            note: None,
            helper: None,
            at: now,
        })
        .await?;
        return Ok(Told::ToCall);
    };
    tx.enqueue_message(
        &NewOutbound::sms(&r.relais, phone.as_str(), &body, "request_status", now)
            .dedupe(format!("request:{}:{}:{now}", r.reference, r.status)),
    )
    .await?;
    Ok(Told::Sms)
}

/// Why a note or an SMS was refused.
#[derive(Debug, thiserror::Error)]
pub enum ActError {
    #[error("no request with this reference")]
    NotFound,
    #[error("nothing written")]
    Empty,
    #[error("too long")]
    TooLong,
    /// The resident cannot receive an SMS.
    #[error("the resident cannot receive an SMS")]
    Unreachable,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Adds a note to a request's history.
pub async fn add_note(
    tx: &mut dyn Tx,
    reference: &str,
    actor: &Actor,
    note: &str,
    now: i64,
) -> Result<(), ActError> {
    let note = note.trim();
    if note.is_empty() {
        return Err(ActError::Empty);
    }
    if note.chars().count() > 2000 {
        return Err(ActError::TooLong);
    }
    let r = tx
        .request_by_reference(reference)
        .await?
        .ok_or(ActError::NotFound)?;
    tx.add_request_event(&NewRequestEvent {
        request_id: r.id,
        kind: "note",
        actor,
        from_status: None,
        to_status: None,
        note: Some(note),
        helper: None,
        at: now,
    })
    .await?;
    audit(tx, actor, &r, "note", None, now).await?;
    Ok(())
}

/// Queues an SMS a mediator wrote to the resident (quiet hours apply), and records it.
pub async fn write_sms(
    core: &Core,
    tx: &mut dyn Tx,
    reference: &str,
    actor: &Actor,
    body: &str,
    now: i64,
) -> Result<(), ActError> {
    let body = crate::channels::sms::finish(body, core.sms_style);
    if body.is_empty() {
        return Err(ActError::Empty);
    }
    if body.chars().count() > MAX_SMS_CHARS {
        return Err(ActError::TooLong);
    }
    let r = tx
        .request_by_reference(reference)
        .await?
        .ok_or(ActError::NotFound)?;
    let contact = match r.contact_id {
        Some(id) => tx.contact_by_id(id).await?,
        None => None,
    };
    let phone = contact
        .as_ref()
        .and_then(textable)
        .ok_or(ActError::Unreachable)?;
    tx.enqueue_message(&NewOutbound::sms(
        &r.relais,
        phone.as_str(),
        &body,
        "mediator_sms",
        now,
    ))
    .await?;
    tx.add_request_event(&NewRequestEvent {
        request_id: r.id,
        kind: "sms",
        actor,
        from_status: None,
        to_status: None,
        note: Some(&body),
        helper: None,
        at: now,
    })
    .await?;
    audit(tx, actor, &r, "send_sms", None, now).await?;
    Ok(())
}

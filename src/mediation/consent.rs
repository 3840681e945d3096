//! Consent by SMS: the mediator asks, the resident gets a recap SMS in their language (what
//! the mediator may do, for how long), and their next SMS is the answer — only a clear "oui"
//! (any case, spaces, a final full stop) counts; anything else is a refusal. The answer is
//! taken by the conversation before any flow (see `conversation`), within a day of asking.

use crate::conversation::Core;
use crate::domain::PhoneNumber;
use crate::domain::lifecycle::Actor;
use crate::domain::mandate::{self, Duration, Scope};
use crate::engine::{Arg, Args};
use crate::store::{NewAudit, NewOutbound, StoreError, Tx};
use crate::volunteering::messages::Texts;

/// A recap SMS waits this long for its answer.
pub const ANSWER_SECS: i64 = 24 * 3600;

/// Fluent ids of the texts of consent by SMS.
pub const MESSAGE_IDS: [&str; 10] = [
    "mandate-sms-recap",
    "mandate-sms-accepted",
    "mandate-sms-refused",
    "mandate-scope-conversation",
    "mandate-scope-help_requests",
    "mandate-scope-signups",
    "mandate-duration-1d",
    "mandate-duration-1m",
    "mandate-duration-6m",
    "mandate-duration-1y",
];

/// The recap SMS of a mandate asked by SMS, in the resident's language.
pub fn recap(
    core: &Core,
    relais_id: &str,
    lang: &str,
    mediator: &str,
    scopes: &[Scope],
    duration: Duration,
) -> String {
    let relais = core
        .relais
        .by_id(relais_id)
        .unwrap_or_else(|| core.relais.default_relais());
    let texts = Texts::new(core, &relais, lang);
    let words: Vec<String> = scopes
        .iter()
        .map(|s| texts.sms(&format!("mandate-scope-{}", s.as_str()), &Args::new()))
        .collect();
    let mut args = Args::new();
    args.insert(
        "mediator".into(),
        Arg::Text(crate::domain::text::shorten(mediator, 30)),
    );
    args.insert("scopes".into(), Arg::Text(words.join(", ")));
    args.insert(
        "duration".into(),
        Arg::Label(format!("mandate-duration-{}", duration.as_str())),
    );
    texts.sms("mandate-sms-recap", &args)
}

/// Queues the recap SMS of mandate `id` to `phone` (quiet hours apply).
pub async fn send_recap(
    tx: &mut dyn Tx,
    relais: &str,
    phone: &PhoneNumber,
    body: &str,
    id: i64,
    now: i64,
) -> Result<(), StoreError> {
    tx.enqueue_message(
        &NewOutbound::sms(relais, phone.as_str(), body, "mandate_recap", now)
            .dedupe(format!("mandate:{id}:recap"))
            .expires(Some(now + ANSWER_SECS)),
    )
    .await
    .map(|_| ())
}

/// Takes `body` as the answer to a recap SMS waiting for this contact, if there is one:
/// records it (and audits it) and gives the id of the text to answer with.
pub async fn take_answer(
    tx: &mut dyn Tx,
    contact_id: i64,
    relais: &str,
    body: &str,
    now: i64,
) -> Result<Option<&'static str>, StoreError> {
    let Some(id) = tx
        .pending_sms_mandate(contact_id, relais, now - ANSWER_SECS)
        .await?
    else {
        return Ok(None);
    };
    let yes = mandate::sms_says_yes(body);
    tx.answer_sms_mandate(id, yes, now).await?;
    tx.record(&NewAudit {
        actor: &Actor::Resident,
        relais: Some(relais),
        contact_id: Some(contact_id),
        request_reference: None,
        action: if yes {
            "mandate_sms_accepted"
        } else {
            "mandate_sms_refused"
        },
        mandate_id: Some(id),
        detail: None,
        at: now,
    })
    .await?;
    Ok(Some(if yes {
        "mandate-sms-accepted"
    } else {
        "mandate-sms-refused"
    }))
}

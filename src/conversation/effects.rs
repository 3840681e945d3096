//! The effects a turn carries out for the pure engine: each `Call` (typed inputs, see
//! `engine::effects`) is run against the store inside the turn's transaction, and its typed
//! outcome goes back to the engine. The turn loop itself is in `conversation.rs`.

use super::*;

impl Conversations {
    pub(super) async fn run_effect(
        &self,
        tx: &mut dyn Tx,
        call: Call,
        contact: &mut Contact,
        relais: &Relais,
        inbound: &Inbound,
        now: i64,
    ) -> Result<EffectResult, StoreError> {
        let channel = inbound.channel;
        Ok(match call {
            Call::FindMissions(input) => {
                let today = today(now);
                let home = input.commune;
                let mut near: Vec<(Nearness, crate::store::Mission)> = tx
                    .open_missions(&today)
                    .await?
                    .into_iter()
                    .filter_map(|m| {
                        self.core
                            .communes
                            .nearness(&home, &m.commune_insee)
                            .map(|n| (n, m))
                    })
                    .collect();
                near.sort_by(|(a, ma), (b, mb)| {
                    rank(a)
                        .partial_cmp(&rank(b))
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then(ma.start_at.cmp(&mb.start_at))
                });
                let items: Vec<Item> = near
                    .into_iter()
                    .take(30)
                    .map(|(_, m)| mission_item(&m))
                    .collect();
                if items.is_empty() {
                    contracts::find_missions::Outcome::None.into()
                } else {
                    contracts::find_missions::Outcome::Found(items).into()
                }
            }
            Call::SignUp(input) => {
                use contracts::sign_up::Outcome;
                let Ok(id) = input.mission.id.parse::<i64>() else {
                    return Ok(Outcome::Full.into());
                };
                // At the kiosk the volunteer is the number they typed, so they can be reached;
                // for a mediator acting under a mandate, the resident.
                let acting = inbound.who.acting();
                let volunteer = match (acting, &input.phone) {
                    (Some(a), _) => {
                        a.require(Scope::Signups)?;
                        a.resident(tx, now).await?.id
                    }
                    (None, Some(p)) => tx.contact(p, now).await?.id,
                    (None, None) => contact.id,
                };
                match tx
                    .sign_up(id, volunteer, &relais.id, channel.name(), now)
                    .await?
                {
                    SignupOutcome::Done(signup) => {
                        if let Some(a) = acting {
                            let what = format!("mission {id}");
                            a.audit(tx, volunteer, None, "sign_up", Some(&what), now)
                                .await?;
                        }
                        let org = tx
                            .mission(id)
                            .await?
                            .map(|m| m.organization)
                            .unwrap_or_default();
                        // What follows a sign-up (the organisation told, a confirmation, a
                        // reminder) is volunteering's; the flow says only what it promised.
                        let promised = crate::volunteering::signed_up(
                            &self.core,
                            tx,
                            signup.id,
                            &contact.language,
                            now,
                        )
                        .await?;
                        let organization = org;
                        match (promised.texted, promised.reminder) {
                            (true, true) => Outcome::Done { organization },
                            (true, false) => Outcome::DoneNoReminder { organization },
                            (false, _) => Outcome::DoneNoSms { organization },
                        }
                        .into()
                    }
                    SignupOutcome::Already => Outcome::Already.into(),
                    SignupOutcome::Full => Outcome::Full.into(),
                }
            }
            Call::MySignups => crate::volunteering::my_signups(tx, contact.id, now)
                .await?
                .into(),
            Call::CancelSignup(input) => crate::volunteering::cancel_by_volunteer(
                &self.core,
                tx,
                &input.signup,
                contact.id,
                now,
            )
            .await?
            .into(),
            Call::CreateHelpRequest(input) => {
                let details = input.details.text.clone();
                let recording_url = input.details.recording_url.clone();
                // At the kiosk, a number given for follow-up owns the request, so SUIVI works
                // from that phone.
                // For a mediator acting under a mandate, the resident owns it.
                let acting = inbound.who.acting();
                if let Some(a) = acting {
                    a.require(Scope::HelpRequests)?;
                }
                let given_phone = match acting {
                    Some(a) => a.phone(),
                    None => input
                        .phone
                        .as_deref()
                        .and_then(|p| PhoneNumber::parse(p).ok()),
                };
                let owner = match (acting, &given_phone) {
                    (Some(a), _) => Some(a.resident(tx, now).await?),
                    (None, Some(p)) => Some(tx.contact(p.as_str(), now).await?),
                    (None, None) => None,
                };
                let owner_language = owner.as_ref().map(|o| o.language.clone());
                // Nobody who sent STOP gets a text, whatever the channel.
                let owner_texts = owner.as_ref().is_none_or(|o| o.opted_out_at.is_none());
                let owner = owner.map_or(contact.id, |o| o.id);
                let new = NewHelpRequest {
                    contact_id: Some(owner),
                    kiosk: inbound.kiosk.clone(),
                    relais: relais.id.clone(),
                    category: input.category.clone(),
                    commune_insee: input.commune.clone(),
                    urgency: input.urgency.clone(),
                    wanted_on: input.wanted.clone(),
                    details,
                    recording_url,
                    channel: channel.name().to_string(),
                    now,
                };
                let codes: Vec<RefCode> = {
                    let mut rng = rand::rng();
                    (0..50)
                        .filter_map(|_| RefCode::new(rng.random_range(100_000..=999_999)))
                        .collect()
                };
                let req = tx.create_help_request(&new, &codes).await?;
                if let Some(a) = acting {
                    let r = Some(req.reference.as_str());
                    a.audit(tx, owner, r, "create_request", None, now).await?;
                }
                let code: u32 = req.reference.parse().unwrap_or_default();
                let mut args = Args::new();
                args.insert("reference".into(), Arg::Code(code));
                args.insert(
                    "category".into(),
                    Arg::Label(format!("cat-{}", req.category)),
                );
                args.insert("commune".into(), Arg::Commune(req.commune_insee.clone()));
                let when = match &req.wanted_on {
                    Some(day) => Arg::Date(day.clone()),
                    None => Arg::Label(format!("when-{}", req.urgency)),
                };
                args.insert("when".into(), when);
                // The number to ring back: the one given at the kiosk, or the caller's.
                let reachable = given_phone.as_ref().or(contact.phone.as_ref());
                let phone = match reachable {
                    Some(p) => Arg::Phone(national(p)),
                    None => Arg::Label("notify-no-phone".into()),
                };
                args.insert("phone".into(), phone);
                self.notify(tx, relais, "notify-help-request", args, "help_request", now)
                    .await?;
                // The code is also sent by SMS when it was given by voice or at the kiosk.
                let texted = match channel {
                    Channel::Voice if contact.opted_out_at.is_none() => contact.phone.clone(),
                    Channel::Kiosk | Channel::Mediator if owner_texts => given_phone,
                    _ => None,
                };
                if let Some(phone) = texted.filter(PhoneNumber::can_receive_sms) {
                    let mut args = Args::new();
                    args.insert("reference".into(), Arg::Code(code));
                    let lang = match (acting, &owner_language) {
                        (Some(_), Some(l)) => l,
                        _ => &contact.language,
                    };
                    self.text_person(
                        tx,
                        relais,
                        &phone,
                        lang,
                        Text::with("sms-reference", args),
                        now,
                    )
                    .await?;
                }
                contracts::create_help_request::Outcome::Done { reference: code }.into()
            }
            Call::MyRequests => {
                let items: Vec<Item> = tx
                    .requests_of(contact.id, &relais.id)
                    .await?
                    .iter()
                    .take(MAX_LISTED_REQUESTS)
                    .map(request_item)
                    .collect();
                if items.is_empty() {
                    contracts::my_requests::Outcome::None.into()
                } else {
                    contracts::my_requests::Outcome::Found(items).into()
                }
            }
            Call::FindRequest(input) => {
                use contracts::find_request::Outcome;
                // Wrong codes are counted per phone, and per kiosk (its visits are short).
                let limited = match channel {
                    Channel::Kiosk => {
                        let device = inbound.kiosk.clone().unwrap_or_else(|| relais.id.clone());
                        tx.contact(&format!("kiosk-device:{device}"), now).await?.id
                    }
                    _ => contact.id,
                };
                if tx.follow_failures_since(limited, now - 3600).await? >= MAX_FOLLOW_FAILURES {
                    return Ok(Outcome::TooMany.into());
                }
                let code = input.code.to_string();
                // A phone sees only its own requests; the kiosk shows any ticket's status
                // (nothing personal), and neither tells a wrong code from someone else's.
                let found = tx
                    .request_by_reference(&code)
                    .await?
                    .filter(|r| channel == Channel::Kiosk || r.contact_id == Some(contact.id));
                match found {
                    // Someone else's ticket at the kiosk: its status only; cancelling stays
                    // with the phone (or the visit) that owns it.
                    Some(r) if r.contact_id == Some(contact.id) => {
                        Outcome::Found(request_item(&r)).into()
                    }
                    Some(r) => Outcome::FoundStatusOnly(request_item(&r)).into(),
                    None => {
                        tx.record_follow_failure(limited, now).await?;
                        Outcome::NotFound.into()
                    }
                }
            }
            Call::CancelRequest(input) => {
                use crate::domain::lifecycle::{Actor, LifecycleError, RequestStatus};
                use contracts::cancel_request::Outcome;
                let owned = tx
                    .request_by_reference(&input.reference)
                    .await?
                    .is_some_and(|r| r.contact_id == Some(contact.id));
                if !owned {
                    return Ok(Outcome::NotAllowed.into());
                }
                let to = RequestStatus::Cancelled;
                match tx
                    .change_request_status(&input.reference, to, &Actor::Resident, None, None, now)
                    .await
                {
                    Ok(_) => Outcome::Done.into(),
                    Err(LifecycleError::Store(e)) => return Err(e),
                    Err(_) => Outcome::NotAllowed.into(),
                }
            }
            Call::SetLanguage(input) => {
                if self.core.locales.languages().contains(&input.language) {
                    contact.language = input.language;
                }
                contracts::set_language::Outcome::Done.into()
            }
        })
    }
}

fn rank(n: &Nearness) -> (u8, f64) {
    match n {
        Nearness::SameCommune => (0, 0.0),
        Nearness::SameEpci(km) => (1, *km),
        Nearness::Within(km) => (2, *km),
    }
}

fn mission_item(m: &crate::store::Mission) -> Item {
    let mut args = Args::new();
    args.insert("title".into(), Arg::Text(shorten(&m.title, 45)));
    args.insert("commune".into(), Arg::Commune(m.commune_insee.clone()));
    args.insert(
        "date".into(),
        match &m.start_at {
            // The day only: the time is for the mission's details.
            Some(d) => Arg::Date(d.get(..10).unwrap_or(d).to_string()),
            None => Arg::Label("mission-date-flexible".into()),
        },
    );
    args.insert(
        "organization".into(),
        Arg::Text(shorten(&m.organization, 40)),
    );
    args.insert("summary".into(), Arg::Text(shorten(&m.description, 110)));
    Item {
        id: m.id.to_string(),
        args,
    }
}

fn request_item(r: &crate::store::HelpRequest) -> Item {
    let mut args = Args::new();
    args.insert(
        "reference".into(),
        Arg::Code(r.reference.parse().unwrap_or_default()),
    );
    args.insert("category".into(), Arg::Label(format!("cat-{}", r.category)));
    args.insert("status".into(), Arg::Label(format!("state-{}", r.status)));
    args.insert(
        "status_long".into(),
        Arg::Label(format!("status-{}", r.status)),
    );
    Item {
        id: r.reference.clone(),
        args,
    }
}

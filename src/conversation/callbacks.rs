//! Call-backs: a person asks to be called back (in words, after misses, by leaving a voice
//! message, or when a call ends before the end), recorded with where they stopped and what
//! was understood, and the relais told.

use super::*;

impl Conversations {
    /// Records a call-back request and tells the relais team, with where the conversation
    /// stood and what was already said, so the person is not asked it all again.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn record_callback(
        &self,
        tx: &mut dyn Tx,
        contact: &Contact,
        relais: &Relais,
        reason: &str,
        channel: Channel,
        recording_url: Option<&str>,
        stopped: Option<&Stopped>,
        now: i64,
    ) -> Result<i64, StoreError> {
        let context = stopped.and_then(|s| self.core.describe(relais, s));
        let id = tx
            .create_callback(&NewCallback {
                contact_id: contact.id,
                relais: &relais.id,
                reason,
                channel: channel.name(),
                recording_url,
                context: context.as_deref(),
                now,
            })
            .await?;
        let mut args = Args::new();
        let phone = contact
            .phone
            .as_ref()
            .map(national)
            .unwrap_or_else(|| "-".into());
        args.insert("phone".into(), Arg::Phone(phone));
        args.insert("context".into(), Arg::Text(context.unwrap_or_default()));
        self.notify(tx, relais, "notify-callback", args, "callback", now)
            .await?;
        Ok(id)
    }

    /// A voice message left for the team (out of hours, or nobody answered): a call-back
    /// request with its recording.
    pub async fn leave_message(
        &self,
        who: &Who,
        to: Option<&PhoneNumber>,
        recording_url: Option<&str>,
        now: i64,
    ) -> Result<(), TurnError> {
        let me = self.clone();
        let (who, to, url) = (who.clone(), to.cloned(), recording_url.map(str::to_string));
        self.within(
            move |tx: &mut dyn Tx| -> BoxFuture<'_, Result<(), StoreError>> {
                Box::pin(async move {
                    let relais = me.core.relais.for_number(to.as_ref()).clone();
                    let contact = tx.contact(&who.key(), now).await?;
                    let stopped = me.stopped(tx, &contact, &relais).await?;
                    // A caller who said nothing at the voicemail is called back all the same.
                    let reason = if url.is_some() {
                        "voice_message"
                    } else {
                        "voice_silent"
                    };
                    me.record_callback(
                        tx,
                        &contact,
                        &relais,
                        reason,
                        Channel::Voice,
                        url.as_deref(),
                        Some(&stopped),
                        now,
                    )
                    .await?;
                    if let Some(phone) = contact
                        .phone
                        .as_ref()
                        .filter(|p| p.can_receive_sms() && contact.opted_out_at.is_none())
                    {
                        let text = Text::new(if url.is_some() {
                            "sms-callback-recorded"
                        } else {
                            "sms-callback-no-message"
                        });
                        me.text_person(tx, &relais, phone, &contact.language, text, now)
                            .await?;
                    }
                    Ok(())
                })
            },
        )
        .await?;
        Ok(())
    }

    /// Where a contact's conversation with a relais stands.
    pub(super) async fn stopped(
        &self,
        tx: &mut dyn Tx,
        contact: &Contact,
        relais: &Relais,
    ) -> Result<Stopped, StoreError> {
        Ok(match tx.session(contact.id, &relais.id).await? {
            Some((json, _)) => serde_json::from_str::<Session>(&json)
                .map(|s| Stopped::of(&s))
                .unwrap_or_default(),
            None => Stopped::default(),
        })
    }

    /// Records a call that ended; one left in the middle of a question gets a call-back
    /// request, so what was said is not lost.
    pub async fn call_ended(
        &self,
        who: &Who,
        to: Option<&PhoneNumber>,
        now: i64,
    ) -> Result<bool, TurnError> {
        let me = self.clone();
        let (who, to) = (who.clone(), to.cloned());
        Ok(self
            .within(
                move |tx: &mut dyn Tx| -> BoxFuture<'_, Result<bool, StoreError>> {
                    Box::pin(async move {
                        let relais = me.core.relais.for_number(to.as_ref()).clone();
                        let contact = tx.contact(&who.key(), now).await?;
                        let stopped = me.stopped(tx, &contact, &relais).await?;
                        let midway = stopped
                            .at
                            .as_ref()
                            .is_some_and(|at| *at != me.core.flows.home);
                        if midway {
                            me.record_callback(
                                tx,
                                &contact,
                                &relais,
                                "call_abandoned",
                                Channel::Voice,
                                None,
                                Some(&stopped),
                                now,
                            )
                            .await?;
                        }
                        Ok(midway)
                    })
                },
            )
            .await?)
    }
}

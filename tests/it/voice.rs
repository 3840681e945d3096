//! The voice channel as Twilio drives it: signed call webhooks, TwiML followed step by step.

//! Voice: the engine's outputs as TwiML (`<Say>` inside `<Gather>`), pages of 4 choices.

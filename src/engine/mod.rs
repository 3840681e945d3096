//! The conversation engine: flows as data, a pure `step`, and the understanding of replies.
//!
//! Owns the flow model ([`model`]), its loader and structural checker ([`load`]), the pure
//! step function ([`step`]) and reply understanding ([`understand`]). It never touches a
//! database, a clock or a network: everything it needs comes in through [`Ctx`], and what it
//! wants done goes out as [`Effect`]s. May use `domain` only.

pub mod check;
pub mod effects;
pub mod guard;
pub mod io;
pub mod load;
pub mod model;
pub mod nodes;
mod parse;
pub mod session;
pub mod step;
#[cfg(test)]
pub(crate) mod testing;
pub mod understand;
mod whole;

pub use load::{FlowError, load_dir, load_embedded, load_sources};
pub use model::{Flows, Node, NodeKind, NodeRef};
pub use session::{Arg, Args, Item, Session, Value};
pub use step::{
    Ctx, Effect, EffectResult, Expect, Output, Prompt, PromptChoice, Step, Text, resume, step,
};
pub use understand::{LangLexicon, Lexicon};

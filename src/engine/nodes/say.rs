//! `say`: says its message (if any), then goes on (or ends).

use crate::engine::model::Target;
use crate::engine::parse::{NodeParser, RawNode};

#[derive(Clone, Debug)]
pub struct SayNode {
    pub next: Target,
}

impl SayNode {
    pub(in crate::engine) fn parse(raw: &RawNode, p: &mut NodeParser<'_>) -> Self {
        Self {
            next: p.need("next", raw.next.as_ref()),
        }
    }
}

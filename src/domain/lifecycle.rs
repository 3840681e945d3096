//! The help-request lifecycle, one definition for the console, the command line, the partner
//! API and SUIVI: the statuses (DESIGN.md's API values, French words for people), who may move
//! a request from one to another, what each move needs (a helper, a reason) and whether the
//! resident is told.
//!
//! ```text
//! open ──take──► taken ──help found──► matched ──► done
//!   │              │  ◄──helper dropped out──┘
//!   └──────────────┴──────────► cancelled / impossible (with a reason)
//! ```
//!
//! Pure rules: `store::requests` applies them inside a transaction and records each change.

/// Where a help request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RequestStatus {
    /// Nouvelle: nobody has looked at it yet.
    Open,
    /// Prise en charge: a named mediator (or partner) is on it.
    Taken,
    /// Aide trouvée: a person or an organisation will help.
    Matched,
    /// Terminée: the help took place.
    Done,
    /// Annulée: the resident (or the team, with a reason) called it off.
    Cancelled,
    /// Impossible: nobody could help (with a reason).
    Impossible,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 6] = [
        RequestStatus::Open,
        RequestStatus::Taken,
        RequestStatus::Matched,
        RequestStatus::Done,
        RequestStatus::Cancelled,
        RequestStatus::Impossible,
    ];

    /// The stored and API value (DESIGN.md).
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Taken => "taken",
            RequestStatus::Matched => "matched",
            RequestStatus::Done => "done",
            RequestStatus::Cancelled => "cancelled",
            RequestStatus::Impossible => "impossible",
        }
    }

    /// The French word staff screens show (DESIGN.md).
    pub fn label_fr(self) -> &'static str {
        match self {
            RequestStatus::Open => "nouvelle",
            RequestStatus::Taken => "prise en charge",
            RequestStatus::Matched => "aide trouvée",
            RequestStatus::Done => "terminée",
            RequestStatus::Cancelled => "annulée",
            RequestStatus::Impossible => "impossible",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Nothing more can happen to it.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            RequestStatus::Done | RequestStatus::Cancelled | RequestStatus::Impossible
        )
    }
}

impl std::fmt::Display for RequestStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who does something: recorded with every change and in the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// A mediator of the relais, signed in to the console (or named on the command line).
    Mediator { id: i64, name: String },
    /// A partner platform through the API.
    ApiClient { id: i64, name: String },
    /// The person who asked (by SMS, phone, at the kiosk).
    Resident,
    /// Passerelle itself (a job, an operator's command without a named mediator).
    System,
}

impl Actor {
    /// `mediator`, `api_client`, `resident`, `system`: stored with each record.
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::Mediator { .. } => "mediator",
            Actor::ApiClient { .. } => "api_client",
            Actor::Resident => "resident",
            Actor::System => "system",
        }
    }

    pub fn id(&self) -> Option<i64> {
        match self {
            Actor::Mediator { id, .. } | Actor::ApiClient { id, .. } => Some(*id),
            Actor::Resident | Actor::System => None,
        }
    }

    pub fn name(&self) -> Option<&str> {
        match self {
            Actor::Mediator { name, .. } | Actor::ApiClient { name, .. } => Some(name),
            Actor::Resident | Actor::System => None,
        }
    }

    /// Rebuilds an actor from what was stored (`kind`, `id`, `name`).
    pub fn from_stored(kind: &str, id: Option<i64>, name: Option<String>) -> Option<Self> {
        let name = name.unwrap_or_default();
        match (kind, id) {
            ("mediator", Some(id)) => Some(Actor::Mediator { id, name }),
            ("api_client", Some(id)) => Some(Actor::ApiClient { id, name }),
            ("resident", _) => Some(Actor::Resident),
            ("system", _) => Some(Actor::System),
            _ => None,
        }
    }

    /// A mediator or a partner: the people who follow requests.
    fn is_staff(&self) -> bool {
        matches!(self, Actor::Mediator { .. } | Actor::ApiClient { .. })
    }
}

/// Who will help: a person or an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelperKind {
    Person,
    Organisation,
}

impl HelperKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HelperKind::Person => "person",
            HelperKind::Organisation => "organisation",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "person" => Some(HelperKind::Person),
            "organisation" => Some(HelperKind::Organisation),
            _ => None,
        }
    }
}

/// Who helps, as far as they agreed to share it with the resident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Helper {
    pub kind: HelperKind,
    /// The name the resident will hear (`Marie`, `Les Restos du cœur`).
    pub name: String,
    /// When they will come, in words (`jeudi vers 10 h`), if agreed.
    pub when: Option<String>,
}

/// What a change means, for the caller to carry out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub from: RequestStatus,
    pub to: RequestStatus,
    /// The resident is told (help found, done, impossible) — through the outbox, or the
    /// console shows "à rappeler" when they cannot receive an SMS.
    pub tell_resident: bool,
}

/// A change the rules refuse, or a request that cannot be changed.
#[derive(Debug, thiserror::Error)]
pub enum LifecycleError {
    #[error("a request cannot go from {from} to {to} ({by})")]
    NotAllowed {
        from: RequestStatus,
        to: RequestStatus,
        by: &'static str,
    },
    #[error("a request going to {0} needs a reason")]
    ReasonRequired(RequestStatus),
    #[error("a request going to matched needs who helps")]
    HelperRequired,
    #[error("no request with this reference")]
    NotFound,
    #[error("the request's stored status {0:?} is unknown")]
    UnknownStatus(String),
    /// Someone else changed it at the same moment.
    #[error("the request changed meanwhile")]
    Conflict,
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Checks a change by `by` and says what it implies. `note` is the reason (required by the
/// team for `cancelled` and `impossible`); `helper` is required for `matched`.
pub fn transition(
    from: RequestStatus,
    to: RequestStatus,
    by: &Actor,
    note: Option<&str>,
    helper: Option<&Helper>,
) -> Result<Change, LifecycleError> {
    use RequestStatus::*;
    let allowed = match (from, to) {
        // The team takes a new request, finds help, closes it.
        (Open, Taken) | (Open | Taken, Matched) | (Taken | Matched, Done) => by.is_staff(),
        // The helper dropped out: back to looking.
        (Matched, Taken) => by.is_staff(),
        // Anyone may call off a request still going (the resident with no reason needed).
        (Open | Taken | Matched, Cancelled) => true,
        // Only the team, or Passerelle itself, can say nobody could help.
        (Open | Taken | Matched, Impossible) => by.is_staff() || *by == Actor::System,
        _ => false,
    };
    if !allowed {
        return Err(LifecycleError::NotAllowed {
            from,
            to,
            by: by.kind(),
        });
    }
    let reason_given = note.is_some_and(|n| !n.trim().is_empty());
    let needs_reason = to == Impossible || (to == Cancelled && *by != Actor::Resident);
    if needs_reason && !reason_given {
        return Err(LifecycleError::ReasonRequired(to));
    }
    if to == Matched && helper.is_none_or(|h| h.name.trim().is_empty()) {
        return Err(LifecycleError::HelperRequired);
    }
    Ok(Change {
        from,
        to,
        tell_resident: matches!(to, Matched | Done | Impossible),
    })
}

#[cfg(test)]
mod tests {
    use super::RequestStatus::*;
    use super::*;

    fn mediator() -> Actor {
        Actor::Mediator {
            id: 1,
            name: "Aïcha".into(),
        }
    }

    fn client() -> Actor {
        Actor::ApiClient {
            id: 2,
            name: "Partenaire".into(),
        }
    }

    fn helper() -> Helper {
        Helper {
            kind: HelperKind::Person,
            name: "Marie".into(),
            when: Some("jeudi vers 10 h".into()),
        }
    }

    /// Every actor, with the reason and helper each target needs.
    fn attempt(
        from: RequestStatus,
        to: RequestStatus,
        by: &Actor,
    ) -> Result<Change, LifecycleError> {
        transition(from, to, by, Some("raison"), Some(&helper()))
    }

    #[test]
    fn statuses_are_design_s_values_with_french_words() {
        for s in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(RequestStatus::parse("expired"), None);
        assert_eq!(Taken.label_fr(), "prise en charge");
        assert_eq!(Matched.label_fr(), "aide trouvée");
    }

    #[test]
    fn the_whole_allowed_table_for_every_actor() {
        // (from, to): who may do it — staff (mediator, API client), resident, system.
        let table = [
            (Open, Taken, true, false, false),
            (Open, Matched, true, false, false),
            (Taken, Matched, true, false, false),
            (Matched, Taken, true, false, false),
            (Taken, Done, true, false, false),
            (Matched, Done, true, false, false),
            (Open, Cancelled, true, true, true),
            (Taken, Cancelled, true, true, true),
            (Matched, Cancelled, true, true, true),
            (Open, Impossible, true, false, true),
            (Taken, Impossible, true, false, true),
            (Matched, Impossible, true, false, true),
        ];
        for from in RequestStatus::ALL {
            for to in RequestStatus::ALL {
                let row = table.iter().find(|r| r.0 == from && r.1 == to);
                let (staff, resident, system) =
                    row.map_or((false, false, false), |r| (r.2, r.3, r.4));
                assert_eq!(
                    attempt(from, to, &mediator()).is_ok(),
                    staff,
                    "{from}->{to} mediator"
                );
                assert_eq!(
                    attempt(from, to, &client()).is_ok(),
                    staff,
                    "{from}->{to} client"
                );
                assert_eq!(
                    attempt(from, to, &Actor::Resident).is_ok(),
                    resident,
                    "{from}->{to} resident"
                );
                assert_eq!(
                    attempt(from, to, &Actor::System).is_ok(),
                    system,
                    "{from}->{to} system"
                );
            }
        }
    }

    #[test]
    fn closed_requests_stay_closed() {
        for from in [Done, Cancelled, Impossible] {
            assert!(from.is_closed());
            for to in RequestStatus::ALL {
                let err = attempt(from, to, &mediator()).unwrap_err();
                assert!(
                    matches!(err, LifecycleError::NotAllowed { .. }),
                    "{from}->{to}"
                );
            }
        }
        assert!(!Open.is_closed() && !Taken.is_closed() && !Matched.is_closed());
    }

    #[test]
    fn nothing_moves_to_where_it_already_is() {
        for s in RequestStatus::ALL {
            assert!(attempt(s, s, &mediator()).is_err(), "{s}");
        }
    }

    #[test]
    fn no_one_reopens_a_request() {
        for from in RequestStatus::ALL {
            assert!(attempt(from, Open, &mediator()).is_err());
            assert!(attempt(from, Open, &Actor::System).is_err());
        }
    }

    #[test]
    fn help_found_needs_who_helps() {
        let none = transition(Taken, Matched, &mediator(), None, None);
        assert!(matches!(none, Err(LifecycleError::HelperRequired)));
        let blank = Helper {
            name: "  ".into(),
            ..helper()
        };
        let blank = transition(Taken, Matched, &mediator(), None, Some(&blank));
        assert!(matches!(blank, Err(LifecycleError::HelperRequired)));
        let org = Helper {
            kind: HelperKind::Organisation,
            name: "Secours populaire".into(),
            when: None,
        };
        assert!(transition(Taken, Matched, &mediator(), None, Some(&org)).is_ok());
    }

    #[test]
    fn the_team_gives_a_reason_the_resident_need_not() {
        for to in [Cancelled, Impossible] {
            for note in [None, Some(""), Some("   ")] {
                let r = transition(Taken, to, &mediator(), note, None);
                assert!(
                    matches!(r, Err(LifecycleError::ReasonRequired(s)) if s == to),
                    "{to}"
                );
            }
            assert!(transition(Taken, to, &mediator(), Some("plus besoin"), None).is_ok());
        }
        assert!(transition(Open, Cancelled, &Actor::Resident, None, None).is_ok());
        let system = transition(Open, Impossible, &Actor::System, None, None);
        assert!(matches!(
            system,
            Err(LifecycleError::ReasonRequired(Impossible))
        ));
    }

    #[test]
    fn the_resident_is_told_of_help_found_done_and_impossible_only() {
        let told = |from, to, by: &Actor| attempt(from, to, by).unwrap().tell_resident;
        assert!(!told(Open, Taken, &mediator()));
        assert!(told(Taken, Matched, &mediator()));
        assert!(told(Open, Matched, &client()));
        assert!(!told(Matched, Taken, &mediator()));
        assert!(told(Matched, Done, &mediator()));
        assert!(told(Taken, Impossible, &mediator()));
        assert!(!told(Taken, Cancelled, &mediator()));
        assert!(!told(Open, Cancelled, &Actor::Resident));
    }

    #[test]
    fn actors_are_stored_and_read_back() {
        for a in [mediator(), client(), Actor::Resident, Actor::System] {
            let back = Actor::from_stored(a.kind(), a.id(), a.name().map(str::to_string));
            assert_eq!(back, Some(a));
        }
        assert_eq!(Actor::from_stored("mediator", None, None), None);
        assert_eq!(Actor::from_stored("robot", Some(1), None), None);
    }

    #[test]
    fn helper_kinds_round_trip() {
        for k in [HelperKind::Person, HelperKind::Organisation] {
            assert_eq!(HelperKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(HelperKind::parse("org"), None);
    }
}

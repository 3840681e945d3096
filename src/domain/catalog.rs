//! The fixed lists of the domain: help categories, urgencies, mission domains, statuses.
//!
//! Keys are stable identifiers stored in the database and exposed by the API; the plain
//! words people see live in `locales/` under `cat-<key>`, `when-<key>`, `status-<key>`.

/// Help request categories (DOMAIN.md), in menu order.
pub const CATEGORIES: [&str; 10] = [
    "courses",
    "transport",
    "petits_travaux",
    "jardin",
    "visite",
    "papiers",
    "emprunter",
    "numerique",
    "repas",
    "autre",
];

/// When help is needed.
pub const URGENCIES: [&str; 3] = ["aujourd_hui", "cette_semaine", "pas_presse"];

/// Help request statuses (the rules are in `domain::lifecycle`).
pub const REQUEST_STATUSES: [&str; 6] = [
    "open",
    "taken",
    "matched",
    "done",
    "cancelled",
    "impossible",
];

/// Sign-up statuses, as on JeVeuxAider (the rules are in `domain::signup`).
pub const SIGNUP_STATUSES: [&str; 6] = [
    "en_attente_validation",
    "en_cours_traitement",
    "validee",
    "refusee",
    "annulee",
    "effectuee",
];

/// Mission domains (API Engagement keys).
pub const DOMAINS: [&str; 15] = [
    "solidarite-insertion",
    "sante",
    "education",
    "culture-loisirs",
    "sport",
    "environnement",
    "animaux",
    "prevention-protection",
    "memoire-et-citoyennete",
    "vivre-ensemble",
    "humanitaire",
    "emploi",
    "benevolat-competences",
    "numerique",
    "autre",
];

/// Channels a request can come from.
pub const CHANNELS: [&str; 5] = ["sms", "voice", "kiosk", "mediator", "api"];

/// True when `key` is a known category.
pub fn is_category(key: &str) -> bool {
    CATEGORIES.contains(&key)
}

-- Passerelle: initial schema (SQLite). Times are Unix seconds (UTC); mission dates are
-- civil date-times in Europe/Paris, `YYYY-MM-DDTHH:MM`.

CREATE TABLE relais (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    numbers TEXT NOT NULL DEFAULT '',
    communes TEXT NOT NULL DEFAULT '',
    help_line TEXT,
    opening_hours TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    phone TEXT NOT NULL UNIQUE,
    language TEXT NOT NULL DEFAULT 'fr',
    commune_insee TEXT,
    opted_out_at BIGINT,
    opt_out_method TEXT,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    relais TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (contact_id, relais)
);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    contact_id BIGINT REFERENCES contacts(id),
    relais TEXT NOT NULL,
    direction TEXT NOT NULL,
    channel TEXT NOT NULL,
    provider_id TEXT UNIQUE,
    body TEXT NOT NULL,
    reply TEXT,
    segments INTEGER,
    status TEXT NOT NULL,
    error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX messages_contact ON messages(contact_id, created_at);

CREATE TABLE help_requests (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    contact_id BIGINT REFERENCES contacts(id),
    relais TEXT NOT NULL,
    category TEXT NOT NULL,
    commune_insee TEXT NOT NULL,
    urgency TEXT NOT NULL,
    details TEXT,
    recording_url TEXT,
    status TEXT NOT NULL,
    channel TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX help_requests_contact ON help_requests(contact_id);
CREATE INDEX help_requests_status ON help_requests(relais, status);

CREATE TABLE missions (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    external_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    organization TEXT NOT NULL,
    domain TEXT NOT NULL,
    commune_insee TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    start_at TEXT,
    end_at TEXT,
    places_left INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (source, external_id)
);

CREATE TABLE signups (
    id INTEGER PRIMARY KEY,
    mission_id BIGINT NOT NULL REFERENCES missions(id),
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    relais TEXT NOT NULL,
    status TEXT NOT NULL,
    channel TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (mission_id, contact_id)
);

CREATE TABLE callback_requests (
    id INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    relais TEXT NOT NULL,
    reason TEXT NOT NULL,
    channel TEXT NOT NULL,
    recording_url TEXT,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    relais TEXT NOT NULL,
    to_phone TEXT NOT NULL,
    body TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    provider_id TEXT,
    last_error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

CREATE TABLE follow_failures (
    id INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    at BIGINT NOT NULL
);
CREATE INDEX follow_failures_contact ON follow_failures(contact_id, at);

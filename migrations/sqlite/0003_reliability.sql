-- Reliability: the loop guard's record, a row the readiness probe writes, kiosk visits kept
-- in the database (a restart or another instance does not end them), and the service's own
-- secrets (the key that signs a kiosk's first form before any visit is stored).

CREATE TABLE guard_trips (
    id INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    relais TEXT NOT NULL,
    channel TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX guard_trips_at ON guard_trips(relais, at);

-- `beats` changes at every probe: a write that changes nothing might not reach the disk.
CREATE TABLE readiness (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    beats BIGINT NOT NULL
);

-- An ended visit keeps its row a few days without its state (`ended_at` set, `state`
-- emptied), so its old cookie is recognised and never starts a visit again.
CREATE TABLE kiosk_visits (
    id_hash TEXT PRIMARY KEY,
    who TEXT NOT NULL,
    kiosk TEXT,
    address TEXT,
    state TEXT NOT NULL,
    last_seen BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE INDEX kiosk_visits_kiosk ON kiosk_visits(kiosk);
CREATE INDEX kiosk_visits_address ON kiosk_visits(address);
CREATE INDEX kiosk_visits_last_seen ON kiosk_visits(last_seen);

CREATE TABLE app_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

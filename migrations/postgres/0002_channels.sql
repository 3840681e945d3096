-- Voice and kiosk: requests record the kiosk they were made at; calls are recorded with
-- their status; kiosks are enrolled with a one-time code.

ALTER TABLE help_requests ADD COLUMN kiosk TEXT;

CREATE TABLE calls (
    call_sid TEXT PRIMARY KEY,
    contact_id BIGINT REFERENCES contacts(id),
    relais TEXT NOT NULL,
    status TEXT NOT NULL,
    duration_secs BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE kiosks (
    id TEXT PRIMARY KEY,
    relais TEXT NOT NULL,
    commune_insee TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    enrol_code_hash TEXT,
    enrol_expires_at BIGINT,
    token_hash TEXT,
    enrolled_at BIGINT,
    created_at BIGINT NOT NULL
);

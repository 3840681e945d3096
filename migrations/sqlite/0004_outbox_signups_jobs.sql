-- Volunteering that happens: the sign-up lifecycle, a scheduled and paced outbox, durable
-- jobs. Times are Unix seconds (UTC).

-- Missions: how to reach the organisation (either may be empty).
ALTER TABLE missions ADD COLUMN organization_phone TEXT;
ALTER TABLE missions ADD COLUMN organization_email TEXT;

-- Sign-ups: the language the person signed up in (every later message uses it), when the
-- status last changed and why.
ALTER TABLE signups ADD COLUMN language TEXT NOT NULL DEFAULT 'fr';
ALTER TABLE signups ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE signups ADD COLUMN note TEXT;
UPDATE signups SET updated_at = created_at;

-- Every change of a sign-up's status: who (volunteer, organisation, relais), from, to, when.
CREATE TABLE signup_changes (
    id INTEGER PRIMARY KEY,
    signup_id BIGINT NOT NULL REFERENCES signups(id),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    by_whom TEXT NOT NULL,
    note TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX signup_changes_signup ON signup_changes(signup_id, at);

-- Relais set with `passerelle relais set --quiet-hours 21:00-08:00` (empty: the default).
ALTER TABLE relais ADD COLUMN quiet_hours TEXT NOT NULL DEFAULT '';

-- The outbox, generic: a channel (sms, email; webhook later), a recipient, not before a time,
-- not after another, one row per logical message (dedupe_key), claimed with a lease.
-- status: pending, claimed, sending, sent, delivered, failed, unknown, cancelled, expired.
CREATE TABLE outbox_v2 (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    relais TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT,
    body TEXT NOT NULL,
    urgent BOOLEAN NOT NULL DEFAULT FALSE,
    dedupe_key TEXT UNIQUE,
    not_before BIGINT NOT NULL,
    expires_at BIGINT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    lease_until BIGINT,
    provider_id TEXT,
    last_error TEXT,
    segments INTEGER,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    sent_at BIGINT
);
INSERT INTO outbox_v2 (id, channel, kind, relais, recipient, body, urgent, not_before, status,
                       attempts, provider_id, last_error, created_at, updated_at, sent_at)
SELECT id, 'sms', kind, relais, to_phone, body, FALSE, next_attempt_at, status, attempts,
       provider_id, last_error, created_at, created_at,
       CASE WHEN status = 'pending' THEN NULL ELSE created_at END
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, not_before);
CREATE INDEX outbox_provider ON outbox(provider_id);

-- Operators' switches (`passerelle outbox pause`): name → value.
CREATE TABLE switches (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Durable jobs for time-based work (reminders; later "no news for 3 days", retention): one
-- row per logical job (key), run once, claimed with a lease.
-- status: pending, running, done, cancelled, failed.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL DEFAULT '',
    run_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    lease_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs(status, run_at);

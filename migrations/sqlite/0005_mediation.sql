-- The mairie's side: every request followed to its end (its lifecycle and each change), the
-- mediators' accounts and sessions, mandates to act for a resident, an append-only audit log.
-- Times are Unix seconds (UTC).

-- Statuses are DESIGN.md's: open, taken, matched, done, cancelled, impossible.
UPDATE help_requests SET status = 'impossible' WHERE status = 'expired';

-- Who took the request (a mediator, or a partner client), who helps, and the reason of the
-- last closing (cancelled, impossible).
ALTER TABLE help_requests ADD COLUMN taken_by_kind TEXT;
ALTER TABLE help_requests ADD COLUMN taken_by_id BIGINT;
ALTER TABLE help_requests ADD COLUMN taken_by_name TEXT;
ALTER TABLE help_requests ADD COLUMN helper_kind TEXT;
ALTER TABLE help_requests ADD COLUMN helper_name TEXT;
ALTER TABLE help_requests ADD COLUMN helper_when TEXT;
ALTER TABLE help_requests ADD COLUMN status_note TEXT;

-- A request's history beyond messages: each status change (from, to) and each note, who did
-- it (actor_kind: mediator, api_client, resident, system) and when.
-- kind: status, note, sms (a message a mediator wrote to the resident), call.
CREATE TABLE request_events (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES help_requests(id),
    kind TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id BIGINT,
    actor_name TEXT,
    from_status TEXT,
    to_status TEXT,
    note TEXT,
    helper_kind TEXT,
    helper_name TEXT,
    helper_when TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX request_events_request ON request_events(request_id, at);

-- Who saw whose personal data, and who acted for whom, under which mandate. Append-only: the
-- triggers refuse every UPDATE and DELETE.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id BIGINT,
    actor_name TEXT,
    relais TEXT,
    contact_id BIGINT,
    request_reference TEXT,
    action TEXT NOT NULL,
    mandate_id BIGINT,
    detail TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Mediators of a relais (role: mediator, admin). The setup token (hashed) is spent when the
-- password and the TOTP second factor are set; totp_last_step refuses a code used twice.
CREATE TABLE mediators (
    id INTEGER PRIMARY KEY,
    relais TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT,
    totp_secret TEXT,
    totp_last_step BIGINT,
    setup_token_hash TEXT,
    setup_expires_at BIGINT,
    disabled_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX mediators_setup ON mediators(setup_token_hash);

-- Signed-in sessions (the cookie's secret is stored hashed), with their CSRF token.
CREATE TABLE mediator_sessions (
    id_hash TEXT PRIMARY KEY,
    mediator_id BIGINT NOT NULL REFERENCES mediators(id),
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    ended_at BIGINT
);

-- A resident's consent for mediators of a relais to act for them: scopes (comma-separated),
-- how consent was given (in_person with the text's version, or sms), until when.
-- status: pending (the recap SMS awaits "oui"), active, refused, revoked.
CREATE TABLE mandates (
    id INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    relais TEXT NOT NULL,
    mediator_id BIGINT NOT NULL REFERENCES mediators(id),
    resident_name TEXT,
    scopes TEXT NOT NULL,
    consent_method TEXT NOT NULL,
    text_version TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX mandates_contact ON mandates(contact_id, relais);

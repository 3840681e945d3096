-- Partner platforms: API clients (token hashes, scopes, relais), what lists need for
-- `updated_since` and cursors, missions closed by their source (never deleted), event
-- webhooks (subscriptions, and triggers that queue each event in the outbox in the same
-- transaction as the change, whoever makes it).

CREATE TABLE api_clients (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- The relais whose data the client sees; NULL: every relais.
    relais TEXT,
    -- Space-separated: help_requests:read missions:write contact_details…
    scopes TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

ALTER TABLE missions ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE missions ADD COLUMN closed_at BIGINT;
UPDATE missions SET updated_at = created_at;
CREATE INDEX missions_updated ON missions(updated_at, id);

ALTER TABLE callback_requests ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
UPDATE callback_requests SET updated_at = created_at;
CREATE INDEX callback_requests_updated ON callback_requests(updated_at, id);

CREATE INDEX help_requests_updated ON help_requests(updated_at, id);
CREATE INDEX signups_updated ON signups(updated_at, id);

-- Event subscriptions of a client (client_id 0: the admin token). The secret signs each
-- delivery (Standard Webhooks); after a rotation the previous one still signs until
-- previous_until. A subscription whose deliveries keep failing is disabled, with the reason.
CREATE TABLE webhook_subscriptions (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL,
    client_name TEXT NOT NULL,
    -- The client's relais: only its events are sent. NULL: every relais.
    relais TEXT,
    url TEXT NOT NULL,
    -- Space-separated event types.
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_until BIGINT,
    -- active, disabled
    status TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    disabled_reason TEXT,
    disabled_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX webhook_subscriptions_client ON webhook_subscriptions(client_id);

CREATE TRIGGER event_help_request_created AFTER INSERT ON help_requests
BEGIN
    INSERT INTO outbox (channel, kind, relais, recipient, body, urgent, not_before, status, created_at, updated_at)
    SELECT 'webhook', 'help_request.created', NEW.relais, CAST(s.id AS TEXT),
           json_object('type', 'help_request.created',
                       'timestamp', strftime('%Y-%m-%dT%H:%M:%SZ', NEW.created_at, 'unixepoch'),
                       'data', json_object('reference', NEW.reference, 'relais', NEW.relais, 'status', NEW.status, 'category', NEW.category, 'commune_insee', NEW.commune_insee, 'urgency', NEW.urgency, 'channel', NEW.channel, 'updated_at', strftime('%Y-%m-%dT%H:%M:%SZ', NEW.updated_at, 'unixepoch'))),
           FALSE, NEW.created_at, 'pending', NEW.created_at, NEW.created_at
    FROM webhook_subscriptions s
    WHERE s.status = 'active' AND instr(' ' || s.events || ' ', ' help_request.created ') > 0
      AND (s.relais IS NULL OR NEW.relais = '' OR s.relais = NEW.relais);
END;

CREATE TRIGGER event_help_request_updated AFTER UPDATE ON help_requests
WHEN OLD.status IS NOT NEW.status OR OLD.updated_at IS NOT NEW.updated_at
BEGIN
    INSERT INTO outbox (channel, kind, relais, recipient, body, urgent, not_before, status, created_at, updated_at)
    SELECT 'webhook', 'help_request.updated', NEW.relais, CAST(s.id AS TEXT),
           json_object('type', 'help_request.updated',
                       'timestamp', strftime('%Y-%m-%dT%H:%M:%SZ', NEW.updated_at, 'unixepoch'),
                       'data', json_object('reference', NEW.reference, 'relais', NEW.relais, 'status', NEW.status, 'category', NEW.category, 'commune_insee', NEW.commune_insee, 'urgency', NEW.urgency, 'channel', NEW.channel, 'updated_at', strftime('%Y-%m-%dT%H:%M:%SZ', NEW.updated_at, 'unixepoch'))),
           FALSE, NEW.updated_at, 'pending', NEW.updated_at, NEW.updated_at
    FROM webhook_subscriptions s
    WHERE s.status = 'active' AND instr(' ' || s.events || ' ', ' help_request.updated ') > 0
      AND (s.relais IS NULL OR NEW.relais = '' OR s.relais = NEW.relais);
END;

CREATE TRIGGER event_signup_created AFTER INSERT ON signups
BEGIN
    INSERT INTO outbox (channel, kind, relais, recipient, body, urgent, not_before, status, created_at, updated_at)
    SELECT 'webhook', 'signup.created', NEW.relais, CAST(s.id AS TEXT),
           json_object('type', 'signup.created',
                       'timestamp', strftime('%Y-%m-%dT%H:%M:%SZ', NEW.created_at, 'unixepoch'),
                       'data', json_object('id', NEW.id, 'mission_id', NEW.mission_id, 'relais', NEW.relais, 'status', NEW.status, 'updated_at', strftime('%Y-%m-%dT%H:%M:%SZ', NEW.updated_at, 'unixepoch'))),
           FALSE, NEW.created_at, 'pending', NEW.created_at, NEW.created_at
    FROM webhook_subscriptions s
    WHERE s.status = 'active' AND instr(' ' || s.events || ' ', ' signup.created ') > 0
      AND (s.relais IS NULL OR NEW.relais = '' OR s.relais = NEW.relais);
END;

CREATE TRIGGER event_signup_updated AFTER UPDATE OF status ON signups
WHEN OLD.status IS NOT NEW.status
BEGIN
    INSERT INTO outbox (channel, kind, relais, recipient, body, urgent, not_before, status, created_at, updated_at)
    SELECT 'webhook', 'signup.updated', NEW.relais, CAST(s.id AS TEXT),
           json_object('type', 'signup.updated',
                       'timestamp', strftime('%Y-%m-%dT%H:%M:%SZ', NEW.updated_at, 'unixepoch'),
                       'data', json_object('id', NEW.id, 'mission_id', NEW.mission_id, 'relais', NEW.relais, 'status', NEW.status, 'updated_at', strftime('%Y-%m-%dT%H:%M:%SZ', NEW.updated_at, 'unixepoch'))),
           FALSE, NEW.updated_at, 'pending', NEW.updated_at, NEW.updated_at
    FROM webhook_subscriptions s
    WHERE s.status = 'active' AND instr(' ' || s.events || ' ', ' signup.updated ') > 0
      AND (s.relais IS NULL OR NEW.relais = '' OR s.relais = NEW.relais);
END;

CREATE TRIGGER event_callback_requested AFTER INSERT ON callback_requests
BEGIN
    INSERT INTO outbox (channel, kind, relais, recipient, body, urgent, not_before, status, created_at, updated_at)
    SELECT 'webhook', 'callback.requested', NEW.relais, CAST(s.id AS TEXT),
           json_object('type', 'callback.requested',
                       'timestamp', strftime('%Y-%m-%dT%H:%M:%SZ', NEW.created_at, 'unixepoch'),
                       'data', json_object('id', NEW.id, 'relais', NEW.relais, 'reason', NEW.reason, 'channel', NEW.channel)),
           FALSE, NEW.created_at, 'pending', NEW.created_at, NEW.created_at
    FROM webhook_subscriptions s
    WHERE s.status = 'active' AND instr(' ' || s.events || ' ', ' callback.requested ') > 0
      AND (s.relais IS NULL OR NEW.relais = '' OR s.relais = NEW.relais);
END;

CREATE TRIGGER event_mission_full AFTER UPDATE OF places_left ON missions
WHEN OLD.places_left > 0 AND NEW.places_left <= 0
BEGIN
    INSERT INTO outbox (channel, kind, relais, recipient, body, urgent, not_before, status, created_at, updated_at)
    SELECT 'webhook', 'mission.full', '', CAST(s.id AS TEXT),
           json_object('type', 'mission.full',
                       'timestamp', strftime('%Y-%m-%dT%H:%M:%SZ', NEW.updated_at, 'unixepoch'),
                       'data', json_object('id', NEW.id, 'source', NEW.source, 'external_id', NEW.external_id, 'title', NEW.title)),
           FALSE, NEW.updated_at, 'pending', NEW.updated_at, NEW.updated_at
    FROM webhook_subscriptions s
    WHERE s.status = 'active' AND instr(' ' || s.events || ' ', ' mission.full ') > 0
      AND (s.relais IS NULL OR '' = '' OR s.relais = '');
END;

-- A call-back's status changed without its time (the console marks it done): its time moves,
-- so partners following changes see it.
CREATE TRIGGER callback_requests_touched AFTER UPDATE OF status ON callback_requests
WHEN NEW.updated_at = OLD.updated_at AND NEW.status IS NOT OLD.status
BEGIN
    UPDATE callback_requests SET updated_at = CAST(strftime('%s', 'now') AS INTEGER)
    WHERE id = NEW.id;
END;

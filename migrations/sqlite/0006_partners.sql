-- Partner platforms: API clients (token hashes, scopes, relais), what lists need for
-- `updated_since` and cursors, missions closed by their source (never deleted).

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

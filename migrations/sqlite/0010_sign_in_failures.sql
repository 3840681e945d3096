-- Failed console sign-ins per account, counted in the database so that several instances
-- behind one address share the count (each one's in-memory limit alone would let N times as
-- many attempts through). Rows older than a day are pruned as new ones come.
CREATE TABLE sign_in_failures (
    account TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_account ON sign_in_failures(account, at);

-- How long each relais keeps what residents said, in days, as set with `passerelle relais
-- set` or on the console's settings page: conversations (messages, sessions, call-backs'
-- words) and a closed request's free text. NULL: the instance's default (90 and 365).

ALTER TABLE relais ADD COLUMN conversation_days BIGINT;
ALTER TABLE relais ADD COLUMN request_days BIGINT;

-- +goose Up
-- How workshop places are given: 'assign' collects ranked choices for the
-- assignment after the deadline; 'first_come' grants the best-ranked
-- workshop with a free place at once.
ALTER TABLE conferences ADD COLUMN registration_mode TEXT NOT NULL DEFAULT 'assign'
    CHECK (registration_mode IN ('assign', 'first_come'));
-- Places granted at once in 'first_come' mode. Changed only under the
-- edition's lock, like conferences.confirmed_count.
ALTER TABLE workshops ADD COLUMN taken_count INTEGER NOT NULL DEFAULT 0 CHECK (taken_count >= 0);
-- In 'first_come' mode each ranked choice is granted, waited for (it was
-- full and ranks above the one granted), or neither.
ALTER TABLE preferences ADD COLUMN state TEXT NOT NULL DEFAULT '' CHECK (state IN ('', 'granted', 'waiting'));
CREATE INDEX preferences_queue ON preferences (workshop_id, state, registration_id);
-- Set when the person deleted their data: the row stays, so counts and
-- waiting lists stay right, but holds nothing personal.
ALTER TABLE registrations ADD COLUMN anonymised_at DATETIME;

-- Emails waiting to be sent, and sent. A worker on any instance claims a
-- row by moving next_attempt_at forward with a conditional UPDATE; a failed
-- attempt moves it further (backoff), so nothing is lost while the mail
-- server is down.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,
    registration_id INTEGER REFERENCES registrations (id) ON DELETE CASCADE,
    recipient       TEXT NOT NULL,
    lang            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    attachment_name TEXT NOT NULL DEFAULT '',
    attachment      BLOB,
    created_at      DATETIME NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at DATETIME NOT NULL,
    sent_at         DATETIME,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
CREATE INDEX outbox_registration ON outbox (registration_id);

-- Who exported or deleted personal data, and when.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            DATETIME NOT NULL,
    user_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    conference_id INTEGER REFERENCES conferences (id) ON DELETE SET NULL,
    detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE outbox;
ALTER TABLE registrations DROP COLUMN anonymised_at;
DROP INDEX preferences_queue;
ALTER TABLE preferences DROP COLUMN state;
ALTER TABLE workshops DROP COLUMN taken_count;
ALTER TABLE conferences DROP COLUMN registration_mode;

-- +goose Up
ALTER TABLE conferences ADD COLUMN max_choices INTEGER NOT NULL DEFAULT 3 CHECK (max_choices BETWEEN 1 AND 10);
ALTER TABLE conferences ADD COLUMN privacy_notice TEXT NOT NULL DEFAULT '';
-- Places taken: registrations confirmed and not cancelled. Changed only by
-- a transaction that holds this row's lock and counts under it, which holds
-- the limit under concurrency and across instances.
ALTER TABLE conferences ADD COLUMN confirmed_count INTEGER NOT NULL DEFAULT 0 CHECK (confirmed_count >= 0);

CREATE TABLE registrations (
    id                 INTEGER PRIMARY KEY,
    conference_id      INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    status             TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled')),
    name               TEXT NOT NULL,
    email              TEXT,
    phone              TEXT NOT NULL DEFAULT '',
    organisation       TEXT NOT NULL DEFAULT '',
    municipality       TEXT NOT NULL DEFAULT '',
    category           TEXT NOT NULL DEFAULT '',
    languages          TEXT NOT NULL DEFAULT '',
    interpretation     TEXT NOT NULL DEFAULT '',
    accessibility      TEXT NOT NULL DEFAULT '',
    childcare_children INTEGER NOT NULL DEFAULT 0 CHECK (childcare_children >= 0),
    childcare_ages     TEXT NOT NULL DEFAULT '',
    diet               TEXT NOT NULL DEFAULT '',
    list_consent       INTEGER NOT NULL DEFAULT 0,
    photo_consent      INTEGER NOT NULL DEFAULT 0,
    contact_name       TEXT NOT NULL DEFAULT '',
    contact_email      TEXT,
    lang               TEXT NOT NULL DEFAULT 'de',
    consented_at       DATETIME NOT NULL,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL,
    cancelled_at       DATETIME,
    -- One registration per address and edition; several without an address.
    UNIQUE (conference_id, email)
);
CREATE INDEX registrations_queue ON registrations (conference_id, status, created_at, id);

-- Personal links: a random 128-bit token each, only its SHA-256 kept. A
-- registration may have several, since a link sent again is a new one.
CREATE TABLE registration_tokens (
    token_hash      TEXT PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    created_at      DATETIME NOT NULL
);
CREATE INDEX registration_tokens_registration ON registration_tokens (registration_id);

CREATE TABLE preferences (
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    workshop_id     INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    rank            INTEGER NOT NULL CHECK (rank >= 1),
    PRIMARY KEY (registration_id, session_id, rank),
    UNIQUE (registration_id, workshop_id)
);
CREATE INDEX preferences_workshop ON preferences (workshop_id);

-- +goose Down
DROP TABLE preferences;
DROP TABLE registration_tokens;
DROP TABLE registrations;
ALTER TABLE conferences DROP COLUMN confirmed_count;
ALTER TABLE conferences DROP COLUMN privacy_notice;
ALTER TABLE conferences DROP COLUMN max_choices;

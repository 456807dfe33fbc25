-- +goose Up
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('organiser', 'facilitator')),
    created_at    DATETIME NOT NULL
);

CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);
CREATE INDEX staff_sessions_expires ON staff_sessions (expires_at);

CREATE TABLE series (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);

CREATE TABLE conferences (
    id                     INTEGER PRIMARY KEY,
    series_id              INTEGER NOT NULL REFERENCES series (id),
    slug                   TEXT NOT NULL UNIQUE,
    title                  TEXT NOT NULL,
    subtitle               TEXT NOT NULL DEFAULT '',
    starts_at              DATETIME NOT NULL,
    ends_at                DATETIME NOT NULL,
    time_zone              TEXT NOT NULL DEFAULT 'Europe/Berlin',
    venue                  TEXT NOT NULL DEFAULT '',
    address                TEXT NOT NULL DEFAULT '',
    hosts                  TEXT NOT NULL DEFAULT '',
    description            TEXT NOT NULL DEFAULT '',
    registration_opens_at  DATETIME,
    registration_closes_at DATETIME,
    capacity               INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
    status                 TEXT NOT NULL DEFAULT 'draft'
                           CHECK (status IN ('draft', 'open', 'closed', 'held', 'documented')),
    published              INTEGER NOT NULL DEFAULT 0,
    -- Grows with every change to the edition or its programme: caches and,
    -- later, calendar SEQUENCE numbers follow it.
    revision               INTEGER NOT NULL DEFAULT 0,
    copied_from            INTEGER REFERENCES conferences (id) ON DELETE SET NULL,
    created_at             DATETIME NOT NULL,
    updated_at             DATETIME NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX conferences_series ON conferences (series_id, starts_at);

CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL
                  CHECK (kind IN ('plenary', 'keynote', 'panel', 'exchange', 'break', 'workshop_slot', 'closing')),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    room          TEXT NOT NULL DEFAULT '',
    starts_at     DATETIME NOT NULL,
    ends_at       DATETIME NOT NULL,
    CHECK (ends_at > starts_at),
    -- The target of workshops' (session_id, slot_kind) reference below.
    UNIQUE (id, kind)
);
CREATE INDEX sessions_conference ON sessions (conference_id, starts_at);

-- A workshop refers to its session together with the session's kind, which
-- must be workshop_slot: so the database itself keeps workshops out of any
-- other kind of item, and a slot holding workshops can neither change its
-- kind nor be deleted, even when two organisers act at the same moment.
-- The reference is NO ACTION (checked at the end of the statement), so
-- deleting the whole conference removes both in one statement.
CREATE TABLE workshops (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    session_id    INTEGER NOT NULL,
    slot_kind     TEXT NOT NULL DEFAULT 'workshop_slot' CHECK (slot_kind = 'workshop_slot'),
    topic         TEXT NOT NULL CHECK (topic IN ('housing', 'health', 'education', 'work', 'other')),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    room          TEXT NOT NULL DEFAULT '',
    capacity      INTEGER NOT NULL CHECK (capacity > 0),
    position      INTEGER NOT NULL DEFAULT 0,
    FOREIGN KEY (session_id, slot_kind) REFERENCES sessions (id, kind)
);
CREATE INDEX workshops_session ON workshops (session_id, position);
CREATE INDEX workshops_conference ON workshops (conference_id);

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER REFERENCES sessions (id) ON DELETE CASCADE,
    workshop_id INTEGER REFERENCES workshops (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    affiliation TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL CHECK (role IN ('speaker', 'moderator', 'input', 'guest')),
    position    INTEGER NOT NULL DEFAULT 0,
    CHECK ((session_id IS NULL) <> (workshop_id IS NULL))
);
CREATE INDEX people_session ON people (session_id, position);
CREATE INDEX people_workshop ON people (workshop_id, position);

-- +goose Down
DROP TABLE people;
DROP TABLE workshops;
DROP TABLE sessions;
DROP TABLE conferences;
DROP TABLE series;
DROP TABLE staff_sessions;
DROP TABLE users;

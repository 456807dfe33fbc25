-- +goose Up
-- The minutes of a workshop, or of a plenary item (any agenda item that is
-- not a workshop slot): exactly one of the two, and at most one minutes
-- each. body is the current text; version grows with every save, so that a
-- save started from an older version is recognised as a conflict.
CREATE TABLE minutes (
    id             INTEGER PRIMARY KEY,
    conference_id  INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    workshop_id    INTEGER UNIQUE REFERENCES workshops (id) ON DELETE CASCADE,
    session_id     INTEGER UNIQUE REFERENCES sessions (id) ON DELETE CASCADE,
    language       TEXT NOT NULL DEFAULT 'de',
    status         TEXT NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'published')),
    return_comment TEXT NOT NULL DEFAULT '',
    body           TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 0,
    updated_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL,
    published_at   DATETIME,
    CHECK ((workshop_id IS NULL) <> (session_id IS NULL))
);
CREATE INDEX minutes_conference ON minutes (conference_id);

-- Every saved text of minutes; number is the minutes' version it made.
-- author_name keeps who wrote it when the account is deleted.
CREATE TABLE minutes_revisions (
    id          INTEGER PRIMARY KEY,
    minutes_id  INTEGER NOT NULL REFERENCES minutes (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    body        TEXT NOT NULL,
    author_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    author_name TEXT NOT NULL,
    cause       TEXT NOT NULL CHECK (cause IN ('saved', 'uploaded', 'restored')),
    created_at  DATETIME NOT NULL,
    UNIQUE (minutes_id, number)
);

-- Files attached to minutes (PDFs, images). A file belongs to one minutes;
-- deleting the attachment deletes the file, whose row goes with it here.
CREATE TABLE minutes_attachments (
    minutes_id INTEGER NOT NULL REFERENCES minutes (id) ON DELETE CASCADE,
    file_id    INTEGER NOT NULL UNIQUE REFERENCES files (id) ON DELETE CASCADE,
    PRIMARY KEY (minutes_id, file_id)
);

-- +goose Down
DROP TABLE minutes_attachments;
DROP TABLE minutes_revisions;
DROP TABLE minutes;

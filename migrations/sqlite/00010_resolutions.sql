-- +goose Up
-- A resolution is a demand the plenary of an edition votes on: drafted by
-- a workshop's facilitators (workshop_id) or by organisers (no workshop),
-- proposed, then adopted or rejected by the vote, or withdrawn. The
-- workshop belongs to the same edition, which the store checks in the
-- statement that stores it; a deleted workshop leaves its demands without
-- an origin.
CREATE TABLE resolutions (
    id              INTEGER PRIMARY KEY,
    conference_id   INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    workshop_id     INTEGER REFERENCES workshops (id) ON DELETE SET NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    reasoning       TEXT NOT NULL DEFAULT '',
    topic           TEXT NOT NULL CHECK (topic IN ('housing', 'health', 'education', 'work', 'other')),
    addressee_level TEXT NOT NULL
                    CHECK (addressee_level IN ('municipality', 'district', 'state', 'federal', 'eu', 'other')),
    addressee_name  TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'proposed', 'adopted', 'rejected', 'withdrawn')),
    language        TEXT NOT NULL DEFAULT 'de',
    created_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    decided_at      DATETIME
);
CREATE INDEX resolutions_conference ON resolutions (conference_id, status);
CREATE INDEX resolutions_workshop ON resolutions (workshop_id);

-- An amendment proposes a whole new text, against base_body, the text it
-- was written against (so that its word diff stays what it was, and an
-- acceptance after another change can be refused). An amendment to an
-- adopted resolution is a correction that needs its own vote, counted
-- against the registrations of the edition it was voted at (voted_in).
CREATE TABLE resolution_amendments (
    id            INTEGER PRIMARY KEY,
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    body          TEXT NOT NULL,
    base_body     TEXT NOT NULL,
    reason        TEXT NOT NULL,
    correction    INTEGER NOT NULL DEFAULT 0,
    proposed_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    proposer_name TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
    decided_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_at    DATETIME,
    voted_in      INTEGER REFERENCES conferences (id) ON DELETE SET NULL,
    created_at    DATETIME NOT NULL
);
CREATE INDEX resolution_amendments_resolution ON resolution_amendments (resolution_id, id);

-- One row per voter group of a vote: the resolution's own vote has no
-- amendment, a correction's vote names it.
CREATE TABLE resolution_votes (
    id            INTEGER PRIMARY KEY,
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    amendment_id  INTEGER REFERENCES resolution_amendments (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL DEFAULT 0,
    group_label   TEXT NOT NULL,
    yes           INTEGER NOT NULL CHECK (yes >= 0),
    no            INTEGER NOT NULL CHECK (no >= 0),
    abstain       INTEGER NOT NULL CHECK (abstain >= 0)
);
CREATE INDEX resolution_votes_resolution ON resolution_votes (resolution_id, amendment_id, position);

-- What became of an adopted demand: dated entries, added at any time, also
-- during a later edition (conference_id, optional), with an optional
-- attachment (the addressee's answer, a press release).
CREATE TABLE resolution_followups (
    id            INTEGER PRIMARY KEY,
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    occurred_on   DATE NOT NULL,
    kind          TEXT NOT NULL
                  CHECK (kind IN ('sent', 'answered', 'partly_implemented', 'implemented', 'refused')),
    note          TEXT NOT NULL DEFAULT '',
    conference_id INTEGER REFERENCES conferences (id) ON DELETE SET NULL,
    file_id       INTEGER REFERENCES files (id) ON DELETE SET NULL,
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    DATETIME NOT NULL
);
CREATE INDEX resolution_followups_resolution ON resolution_followups (resolution_id, occurred_on);

-- +goose Down
DROP TABLE resolution_followups;
DROP TABLE resolution_votes;
DROP TABLE resolution_amendments;
DROP TABLE resolutions;

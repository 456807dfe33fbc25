-- +goose Up
-- A placement made at once for someone confirmed after the assignment was
-- published (moved up from the waiting list, or registered later): source
-- late. It joins the published run without moving anyone.
-- SQLite cannot change a CHECK in place, so assignments is rebuilt
-- (sqlite.org, "Making Other Kinds Of Table Schema Changes"). No table
-- refers to it, so foreign keys may stay on and the migration in its
-- transaction.
CREATE TABLE assignments_new (
    run_id          INTEGER NOT NULL REFERENCES assignment_runs (id) ON DELETE CASCADE,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    workshop_id     INTEGER REFERENCES workshops (id) ON DELETE SET NULL,
    rank            INTEGER NOT NULL DEFAULT 0 CHECK (rank >= 0),
    source          TEXT NOT NULL CHECK (source IN ('auto', 'manual', 'fixed', 'late')),
    PRIMARY KEY (run_id, registration_id, session_id)
);
INSERT INTO assignments_new (run_id, registration_id, session_id, workshop_id, rank, source)
    SELECT run_id, registration_id, session_id, workshop_id, rank, source FROM assignments;
DROP TABLE assignments;
ALTER TABLE assignments_new RENAME TO assignments;
CREATE INDEX assignments_registration ON assignments (registration_id);
CREATE INDEX assignments_workshop ON assignments (workshop_id);

-- +goose Down
-- The earlier check admits no late placements: those people are without a
-- workshop again until the next run.
CREATE TABLE assignments_old (
    run_id          INTEGER NOT NULL REFERENCES assignment_runs (id) ON DELETE CASCADE,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    workshop_id     INTEGER REFERENCES workshops (id) ON DELETE SET NULL,
    rank            INTEGER NOT NULL DEFAULT 0 CHECK (rank >= 0),
    source          TEXT NOT NULL CHECK (source IN ('auto', 'manual', 'fixed')),
    PRIMARY KEY (run_id, registration_id, session_id)
);
INSERT INTO assignments_old (run_id, registration_id, session_id, workshop_id, rank, source)
    SELECT run_id, registration_id, session_id, workshop_id, rank, source FROM assignments WHERE source <> 'late';
DROP TABLE assignments;
ALTER TABLE assignments_old RENAME TO assignments;
CREATE INDEX assignments_registration ON assignments (registration_id);
CREATE INDEX assignments_workshop ON assignments (workshop_id);

-- +goose Up
-- The languages a workshop is held in or interpreted into: interpretation
-- language codes (model.InterpretLanguages), separated by commas. The
-- assignment sends someone who needs interpretation only to a workshop
-- that offers their language.
ALTER TABLE workshops ADD COLUMN languages TEXT NOT NULL DEFAULT '';
-- At most max_share percent of a workshop's places for participants of
-- share_category, so that each room hears a mix of voices; 0: no limit.
ALTER TABLE conferences ADD COLUMN share_category TEXT NOT NULL DEFAULT '';
ALTER TABLE conferences ADD COLUMN max_share INTEGER NOT NULL DEFAULT 0 CHECK (max_share BETWEEN 0 AND 100);

-- Staff accounts with the facilitator role, invited to their workshops.
CREATE TABLE workshop_facilitators (
    workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (workshop_id, user_id)
);
CREATE INDEX workshop_facilitators_user ON workshop_facilitators (user_id);

-- Every run of the workshop assignment is kept, with its figures; the
-- latest published one is what participants and facilitators see.
CREATE TABLE assignment_runs (
    id            INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    created_at    DATETIME NOT NULL,
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    seed          INTEGER NOT NULL,
    total_cost    INTEGER NOT NULL,
    solve_ms      REAL NOT NULL,
    report        TEXT NOT NULL, -- JSON: the rules applied, figures per slot and per workshop
    published_at  DATETIME
);
CREATE INDEX assignment_runs_conference ON assignment_runs (conference_id, id);

-- One row per registration and workshop slot of a run; no workshop: no
-- place in that slot. source: auto (the solver), manual (an organiser's
-- pin) or fixed (a facilitator or speaker of the workshop).
CREATE TABLE assignments (
    run_id          INTEGER NOT NULL REFERENCES assignment_runs (id) ON DELETE CASCADE,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    workshop_id     INTEGER REFERENCES workshops (id) ON DELETE SET NULL,
    rank            INTEGER NOT NULL DEFAULT 0 CHECK (rank >= 0),
    source          TEXT NOT NULL CHECK (source IN ('auto', 'manual', 'fixed')),
    PRIMARY KEY (run_id, registration_id, session_id)
);
CREATE INDEX assignments_registration ON assignments (registration_id);
CREATE INDEX assignments_workshop ON assignments (workshop_id);

-- An organiser's move of a person by hand; every later run keeps it.
CREATE TABLE assignment_pins (
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    workshop_id     INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    created_at      DATETIME NOT NULL,
    PRIMARY KEY (registration_id, session_id)
);

-- +goose Down
DROP TABLE assignment_pins;
DROP TABLE assignments;
DROP TABLE assignment_runs;
DROP TABLE workshop_facilitators;
ALTER TABLE conferences DROP COLUMN max_share;
ALTER TABLE conferences DROP COLUMN share_category;
ALTER TABLE workshops DROP COLUMN languages;

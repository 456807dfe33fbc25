-- +goose NO TRANSACTION
-- +goose Up
-- Door helpers: a staff role that sees the check-in pages and nothing else.
-- SQLite cannot change a CHECK in place, so users is rebuilt (sqlite.org,
-- "Making Other Kinds Of Table Schema Changes"). Foreign keys are switched
-- off around it, which only works outside a transaction: with them on,
-- dropping the old table would delete every session, link and workshop
-- invitation that points at it. The other tables' REFERENCES users name
-- the new table once it is renamed, and every id is copied, so none dangles.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE users_new (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('organiser', 'facilitator', 'door')),
    created_at    DATETIME NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1
);
INSERT INTO users_new (id, email, name, password_hash, role, created_at, active)
    SELECT id, email, name, password_hash, role, created_at, active FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

-- Check-in at the door: when someone was marked present and by whom. A
-- mark is set only where none is (UPDATE ... WHERE checked_in_at IS NULL),
-- so two phones marking one person keep the first mark and both see it.
-- walk_in marks a person added at the door without registering first: the
-- door admits them even over the edition's capacity.
ALTER TABLE registrations ADD COLUMN checked_in_at DATETIME;
ALTER TABLE registrations ADD COLUMN checked_in_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE registrations ADD COLUMN walk_in INTEGER NOT NULL DEFAULT 0;

-- A badge's check-in address carries a random code, only its hash kept;
-- it is not the personal link, so a badge seen by others opens nothing
-- without a door or organiser login.
CREATE TABLE door_codes (
    code_hash       TEXT PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    created_at      DATETIME NOT NULL
);
CREATE INDEX door_codes_registration ON door_codes (registration_id);
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
PRAGMA foreign_keys = OFF;
BEGIN;
DROP TABLE door_codes;
ALTER TABLE registrations DROP COLUMN walk_in;
ALTER TABLE registrations DROP COLUMN checked_in_by;
ALTER TABLE registrations DROP COLUMN checked_in_at;
-- The earlier check admits no door accounts.
DELETE FROM staff_sessions WHERE user_id IN (SELECT id FROM users WHERE role = 'door');
DELETE FROM account_tokens WHERE user_id IN (SELECT id FROM users WHERE role = 'door');
CREATE TABLE users_old (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('organiser', 'facilitator')),
    created_at    DATETIME NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1
);
INSERT INTO users_old (id, email, name, password_hash, role, created_at, active)
    SELECT id, email, name, password_hash, role, created_at, active FROM users WHERE role <> 'door';
DROP TABLE users;
ALTER TABLE users_old RENAME TO users;
COMMIT;
PRAGMA foreign_keys = ON;

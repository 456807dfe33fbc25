-- +goose Up
-- Door helpers: a staff role that sees the check-in pages and nothing else.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('organiser', 'facilitator', 'door'));

-- Check-in at the door: when someone was marked present and by whom. A
-- mark is set only where none is (UPDATE ... WHERE checked_in_at IS NULL),
-- so two phones marking one person keep the first mark and both see it.
-- walk_in marks a person added at the door without registering first: the
-- door admits them even over the edition's capacity.
ALTER TABLE registrations ADD COLUMN checked_in_at TIMESTAMPTZ;
ALTER TABLE registrations ADD COLUMN checked_in_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE registrations ADD COLUMN walk_in BOOLEAN NOT NULL DEFAULT FALSE;

-- A badge's check-in address carries a random code, only its hash kept;
-- it is not the personal link, so a badge seen by others opens nothing
-- without a door or organiser login.
CREATE TABLE door_codes (
    code_hash       TEXT PRIMARY KEY,
    registration_id BIGINT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX door_codes_registration ON door_codes (registration_id);

-- +goose Down
DROP TABLE door_codes;
ALTER TABLE registrations DROP COLUMN walk_in;
ALTER TABLE registrations DROP COLUMN checked_in_by;
ALTER TABLE registrations DROP COLUMN checked_in_at;
-- The earlier check admits no door accounts.
DELETE FROM users WHERE role = 'door';
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('organiser', 'facilitator'));

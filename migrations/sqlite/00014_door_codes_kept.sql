-- +goose Up
-- A badge's door code is kept readable, one per registration, so that a
-- badge printed again (a reprint, a lost badge) carries the same QR code as
-- the first and every printed badge keeps working. The code is only an
-- identifier at the door: /admin/door/:code opens nothing without a door
-- helper's or organiser's login (requireDoor), so keeping it readable, unlike
-- the personal link's token, gives nobody anything. 00012 kept only a hash,
-- which can be checked but never printed again; no code was handed out
-- under it (nothing printed badges before), so its table is replaced empty.
DROP TABLE door_codes;
CREATE TABLE door_codes (
    registration_id INTEGER PRIMARY KEY REFERENCES registrations (id) ON DELETE CASCADE,
    code            TEXT NOT NULL UNIQUE,
    created_at      DATETIME NOT NULL
);

-- +goose Down
DROP TABLE door_codes;
CREATE TABLE door_codes (
    code_hash       TEXT PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    created_at      DATETIME NOT NULL
);
CREATE INDEX door_codes_registration ON door_codes (registration_id);

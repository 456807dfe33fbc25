-- +goose Up
-- Why an email that was not sent will not be: 'superseded' when a newer
-- email of its kind for the same registration replaces it, 'cancelled' when
-- the registration was cancelled before it went out; '' for every other.
-- The mail worker sets it just before it claims emails (store.ClaimEmails).
ALTER TABLE outbox ADD COLUMN obsolete TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE outbox DROP COLUMN obsolete;

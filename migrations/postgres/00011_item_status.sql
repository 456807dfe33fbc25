-- +goose Up
-- An agenda item is cancelled rather than deleted once people rely on it:
-- it stays in the programme and in subscribed calendars, marked as such.
-- revision counts the changes of an item, for the SEQUENCE of its calendar
-- event; it starts at the edition's revision, which the events carried
-- before, so that no subscribed event sees its SEQUENCE go down.
ALTER TABLE sessions ADD COLUMN cancelled_at TIMESTAMPTZ;
ALTER TABLE sessions ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE workshops ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET revision = (SELECT revision FROM conferences WHERE conferences.id = sessions.conference_id);
UPDATE workshops SET revision = (SELECT revision FROM conferences WHERE conferences.id = workshops.conference_id);

-- +goose Down
ALTER TABLE workshops DROP COLUMN revision;
ALTER TABLE sessions DROP COLUMN revision;
ALTER TABLE sessions DROP COLUMN cancelled_at;

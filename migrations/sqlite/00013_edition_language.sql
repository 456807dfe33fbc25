-- +goose Up
-- The language an edition's documents (the documentation PDF) are written
-- in, one of the interface's languages; German unless the organisers say
-- otherwise.
ALTER TABLE conferences ADD COLUMN language TEXT NOT NULL DEFAULT 'de' CHECK (language IN ('de', 'en', 'fr', 'ar'));

-- +goose Down
ALTER TABLE conferences DROP COLUMN language;

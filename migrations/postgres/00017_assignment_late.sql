-- +goose Up
-- A placement made at once for someone confirmed after the assignment was
-- published (moved up from the waiting list, or registered later): source
-- late. It joins the published run without moving anyone.
ALTER TABLE assignments DROP CONSTRAINT assignments_source_check;
ALTER TABLE assignments ADD CONSTRAINT assignments_source_check CHECK (source IN ('auto', 'manual', 'fixed', 'late'));

-- +goose Down
-- The earlier check admits no late placements: those people are without a
-- workshop again until the next run.
DELETE FROM assignments WHERE source = 'late';
ALTER TABLE assignments DROP CONSTRAINT assignments_source_check;
ALTER TABLE assignments ADD CONSTRAINT assignments_source_check CHECK (source IN ('auto', 'manual', 'fixed'));

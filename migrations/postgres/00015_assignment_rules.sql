-- +goose Up
-- How an edition's assignment treats a needed language and the share of a
-- category: 'strict' keeps the rule even if someone is left without a
-- place; 'prefer' keeps it whenever it can without leaving anyone out.
-- Every edition, existing ones too, prefers unless the organisers choose.
ALTER TABLE conferences ADD COLUMN language_rule TEXT NOT NULL DEFAULT 'prefer' CHECK (language_rule IN ('prefer', 'strict'));
ALTER TABLE conferences ADD COLUMN share_rule TEXT NOT NULL DEFAULT 'prefer' CHECK (share_rule IN ('prefer', 'strict'));

-- +goose Down
ALTER TABLE conferences DROP COLUMN share_rule;
ALTER TABLE conferences DROP COLUMN language_rule;

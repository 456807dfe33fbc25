-- +goose Up
-- When the registration's personal link was last sent again because its
-- address registered again: at most once an hour (store.ClaimLinkResend).
ALTER TABLE registrations ADD COLUMN link_resent_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE registrations DROP COLUMN link_resent_at;

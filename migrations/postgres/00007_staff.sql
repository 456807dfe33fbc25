-- +goose Up
-- A deactivated account can no longer log in; its sessions are deleted
-- when it is deactivated. The row stays, so its workshops, runs and audit
-- events keep their author, and it can be reactivated.
ALTER TABLE users ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;

-- One-time links for staff accounts: an invitation to set a first
-- password, or a link to set a new one. Only the token's hash is kept; a
-- link is used by setting used_at with a conditional UPDATE, so it works
-- once even when it is opened twice at the same moment.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX account_tokens_user ON account_tokens (user_id);

-- +goose Down
DROP TABLE account_tokens;
ALTER TABLE users DROP COLUMN active;

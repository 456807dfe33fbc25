-- +goose Up
-- Uploaded files, content included: every instance serves every file, and
-- a backup of the database holds them. The tables that own files (minutes'
-- attachments, follow-ups) refer to files (id).
CREATE TABLE files (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size >= 0),
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   DATETIME NOT NULL
);

-- +goose Down
DROP TABLE files;

-- +goose Up
-- A participant's request to change workshop. Once an assignment is
-- published, a placed person's wishes are frozen (issue 12): they ask the
-- organisers instead, with a short message, who see the open requests on
-- the assignment page and mark each handled. The message is personal data:
-- deleting the registration's data deletes its requests
-- (AnonymiseRegistration), and the person's data download includes them.
-- session_id: the workshop slot it is about; none if not said.
CREATE TABLE change_requests (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    session_id      INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    message         TEXT NOT NULL CHECK (length(message) BETWEEN 1 AND 500),
    created_at      DATETIME NOT NULL,
    handled_at      DATETIME,
    handled_by      INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX change_requests_registration ON change_requests (registration_id);
-- One open request per registration at a time, however often the form is sent.
CREATE UNIQUE INDEX change_requests_open ON change_requests (registration_id) WHERE handled_at IS NULL;

-- +goose Down
DROP TABLE change_requests;

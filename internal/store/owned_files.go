package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Files are owned by the rows that refer to them, but the schema cannot
// delete a file with its owner: the reference runs from the owner to the
// file. So whatever deletes minutes or follow-ups by a cascade (a
// workshop, an agenda item, an edition) collects their files first and,
// in the same transaction, deletes those that nothing refers to any more.

// Queries for the files that a deletion takes with it: those of the
// minutes of a workshop, of an agenda item, and of an edition's minutes
// and follow-ups.
const (
	workshopFiles = `SELECT a.file_id FROM minutes_attachments a JOIN minutes m ON m.id = a.minutes_id WHERE m.workshop_id = ?`
	sessionFiles  = `SELECT a.file_id FROM minutes_attachments a JOIN minutes m ON m.id = a.minutes_id WHERE m.session_id = ?`
	editionFiles  = `SELECT a.file_id FROM minutes_attachments a JOIN minutes m ON m.id = a.minutes_id WHERE m.conference_id = ?
		UNION SELECT f.file_id FROM resolution_followups f JOIN resolutions r ON r.id = f.resolution_id
		WHERE r.conference_id = ? AND f.file_id IS NOT NULL`
)

// deleteUnreferencedFile names every column that refers to files: a table
// that comes to hold files belongs here, or its files are deleted under it.
const deleteUnreferencedFile = `DELETE FROM files WHERE id = ?
	AND NOT EXISTS (SELECT 1 FROM minutes_attachments WHERE file_id = files.id)
	AND NOT EXISTS (SELECT 1 FROM resolution_followups WHERE file_id = files.id)`

// deleteWithFiles runs del, which deletes by cascade the owners of the
// files that the query owned (with args) finds, and then deletes those
// files unless something still refers to them.
func (db *DB) deleteWithFiles(ctx context.Context, tx *sqlx.Tx, owned string, args []any, del func() error) error {
	var files []int64
	if err := tx.SelectContext(ctx, &files, db.q(owned), args...); err != nil {
		return fmt.Errorf("store: files to delete: %w", err)
	}
	if err := del(); err != nil {
		return err
	}
	for _, f := range files {
		if _, err := tx.ExecContext(ctx, db.q(deleteUnreferencedFile), f); err != nil {
			return fmt.Errorf("store: delete file %d: %w", f, err)
		}
	}
	return nil
}

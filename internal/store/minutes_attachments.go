package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// AttachToMinutes stores f as an attachment of the minutes, both in one
// transaction; published minutes take none (ErrMinutesLocked), as their
// attachments are public.
func (db *DB) AttachToMinutes(ctx context.Context, minutesID int64, f *model.File) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		var status string
		if err := db.getOne(ctx, tx, &status, `SELECT status FROM minutes WHERE id = ?`, minutesID); err != nil {
			return err
		}
		if status == model.MinutesPublished {
			return model.ErrMinutesLocked
		}
		if err := db.InsertFile(ctx, tx, f); err != nil {
			return err
		}
		// The state is checked again in the statement, so that minutes
		// published since the read take nothing.
		res, err := tx.ExecContext(ctx, db.q(`INSERT INTO minutes_attachments (minutes_id, file_id)
			SELECT id, ? FROM minutes WHERE id = ? AND status <> ?`), f.ID, minutesID, model.MinutesPublished)
		if err != nil {
			return fmt.Errorf("store: attach: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return model.ErrMinutesLocked
		}
		return nil
	})
}

// MinutesAttachments returns the files attached to minutes, without their
// content, in the order they were attached.
func (db *DB) MinutesAttachments(ctx context.Context, minutesID int64) ([]model.File, error) {
	var out []model.File
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+prefixed("f.", fileInfoColumns)+` FROM files f
		JOIN minutes_attachments a ON a.file_id = f.id WHERE a.minutes_id = ? ORDER BY f.id`), minutesID)
	if err != nil {
		return nil, fmt.Errorf("store: minutes attachments: %w", err)
	}
	return out, nil
}

// MinutesAttachment returns a file attached to the minutes, with its
// content; a file of other minutes is not found.
func (db *DB) MinutesAttachment(ctx context.Context, minutesID, fileID int64) (*model.File, error) {
	var f model.File
	err := db.getOne(ctx, db.ro, &f, `SELECT `+prefixed("f.", fileInfoColumns)+`, f.data FROM files f
		JOIN minutes_attachments a ON a.file_id = f.id WHERE a.minutes_id = ? AND f.id = ?`, minutesID, fileID)
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// PublicAttachment returns a file attached to published minutes of the
// published edition with the slug; anything else is not found, so that
// nothing unpublished can be fetched by guessing numbers.
func (db *DB) PublicAttachment(ctx context.Context, slug string, minutesID, fileID int64) (*model.File, error) {
	var f model.File
	err := db.getOne(ctx, db.ro, &f, `SELECT `+prefixed("f.", fileInfoColumns)+`, f.data FROM files f
		JOIN minutes_attachments a ON a.file_id = f.id
		JOIN minutes m ON m.id = a.minutes_id
		JOIN conferences c ON c.id = m.conference_id
		WHERE c.slug = ? AND c.published = ? AND m.id = ? AND m.status = ? AND f.id = ?`,
		slug, true, minutesID, model.MinutesPublished, fileID)
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// PublishedAttachments returns the attachments of an edition's published
// minutes, without content, by minutes id.
func (db *DB) PublishedAttachments(ctx context.Context, conferenceID int64) (map[int64][]model.File, error) {
	var rows []struct {
		MinutesID int64 `db:"minutes_id"`
		model.File
	}
	err := db.ro.SelectContext(ctx, &rows, db.q(`SELECT a.minutes_id, `+prefixed("f.", fileInfoColumns)+` FROM files f
		JOIN minutes_attachments a ON a.file_id = f.id
		JOIN minutes m ON m.id = a.minutes_id
		WHERE m.conference_id = ? AND m.status = ? ORDER BY f.id`), conferenceID, model.MinutesPublished)
	if err != nil {
		return nil, fmt.Errorf("store: published attachments: %w", err)
	}
	out := map[int64][]model.File{}
	for _, r := range rows {
		out[r.MinutesID] = append(out[r.MinutesID], r.File)
	}
	return out, nil
}

// DeleteAttachment deletes a file attached to the minutes and records who
// did; a file of other minutes is not found, and published minutes keep
// theirs (ErrMinutesLocked) until they are unpublished.
func (db *DB) DeleteAttachment(ctx context.Context, minutesID, fileID int64, by *model.User) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		var m model.Minutes
		if err := db.getOne(ctx, tx, &m, `SELECT `+minutesColumns+` FROM minutes WHERE id = ?`, minutesID); err != nil {
			return err
		}
		var name string
		if err := db.getOne(ctx, tx, &name, `SELECT f.name FROM files f JOIN minutes_attachments a ON a.file_id = f.id
			WHERE a.minutes_id = ? AND f.id = ?`, minutesID, fileID); err != nil {
			return err
		}
		if m.Status == model.MinutesPublished {
			return model.ErrMinutesLocked
		}
		if err := db.execOne(ctx, tx, `DELETE FROM files WHERE id = ? AND id IN
			(SELECT file_id FROM minutes_attachments a JOIN minutes m ON m.id = a.minutes_id WHERE m.id = ? AND m.status <> ?)`,
			fileID, minutesID, model.MinutesPublished); err != nil {
			if err == model.ErrNotFound {
				return model.ErrMinutesLocked
			}
			return err
		}
		return db.audit(ctx, tx, &model.AuditEvent{UserID: &by.ID, Actor: by.Email, Action: model.AuditAttachmentDeleted,
			ConferenceID: &m.ConferenceID, Detail: fmt.Sprintf("minutes %d: %s", minutesID, name)})
	})
}

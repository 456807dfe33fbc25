package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// InsertFile stores f and sets f.ID and f.CreatedAt, and f.Size and
// f.SHA256 from f.Data where they are unset. ext is the transaction of the
// row that will own the file, so that both are stored or neither; nil
// stores the file on its own.
func (db *DB) InsertFile(ctx context.Context, ext sqlx.ExtContext, f *model.File) error {
	if ext == nil {
		ext = db.rw
	}
	if f.Size == 0 {
		f.Size = int64(len(f.Data))
	}
	if f.SHA256 == "" {
		sum := sha256.Sum256(f.Data)
		f.SHA256 = hex.EncodeToString(sum[:])
	}
	if f.Data == nil {
		// NOT NULL: an empty file is stored as empty, not as missing.
		f.Data = []byte{}
	}
	f.CreatedAt = db.now()
	id, err := db.insert(ctx, ext, `INSERT INTO files (name, content_type, size, sha256, data, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, f.Name, f.ContentType, f.Size, f.SHA256, f.Data, f.CreatedBy, f.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: insert file: %w", err)
	}
	f.ID = id
	return nil
}

// fileInfoColumns are a file's columns but its content.
const fileInfoColumns = `id, name, content_type, size, sha256, created_by, created_at`

// File returns the file with its content, model.ErrNotFound if there is none.
func (db *DB) File(ctx context.Context, id int64) (*model.File, error) {
	var f model.File
	if err := db.getOne(ctx, db.ro, &f, `SELECT `+fileInfoColumns+`, data FROM files WHERE id = ?`, id); err != nil {
		return nil, err
	}
	return &f, nil
}

// FileInfo returns the file without its content (Data nil), for lists and
// links; model.ErrNotFound if there is none.
func (db *DB) FileInfo(ctx context.Context, id int64) (*model.File, error) {
	var f model.File
	if err := db.getOne(ctx, db.ro, &f, `SELECT `+fileInfoColumns+` FROM files WHERE id = ?`, id); err != nil {
		return nil, err
	}
	return &f, nil
}

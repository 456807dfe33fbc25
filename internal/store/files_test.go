package store_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

func TestFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := newUser(t, db, "moderation@example.org")
		// Every byte value, so that neither database takes the content for text.
		data := make([]byte, 512)
		for i := range data {
			data[i] = byte(i)
		}
		f := &model.File{Name: "Protokoll Wohnen.pdf", ContentType: model.TypePDF, Data: data, CreatedBy: &u.ID}
		noErr(t, db.InsertFile(ctx, nil, f), "insert")
		if f.ID == 0 || f.Size != 512 || f.CreatedAt.IsZero() {
			t.Fatalf("insert set id %d, size %d, created %v", f.ID, f.Size, f.CreatedAt)
		}
		if sum := sha256.Sum256(data); f.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("sha256 %q", f.SHA256)
		}

		got, err := db.File(ctx, f.ID)
		noErr(t, err, "file")
		if !bytes.Equal(got.Data, data) || got.Name != f.Name || got.ContentType != model.TypePDF ||
			got.Size != 512 || got.SHA256 != f.SHA256 || *got.CreatedBy != u.ID {
			t.Errorf("read back as %+v", got)
		}
		sameTime(t, "created", got.CreatedAt, f.CreatedAt)

		info, err := db.FileInfo(ctx, f.ID)
		noErr(t, err, "info")
		if info.Data != nil || info.Name != f.Name || info.Size != 512 || info.SHA256 != f.SHA256 {
			t.Errorf("info %+v", info)
		}

		if _, err := db.File(ctx, f.ID+1); err != model.ErrNotFound {
			t.Errorf("a missing file: %v, want not found", err)
		}
		if _, err := db.FileInfo(ctx, f.ID+1); err != model.ErrNotFound {
			t.Errorf("a missing file's info: %v, want not found", err)
		}

		// The file outlives its uploader.
		noErr(t, db.DeleteUser(ctx, u.ID), "delete user")
		info, err = db.FileInfo(ctx, f.ID)
		noErr(t, err, "info after deleting the user")
		if info.CreatedBy != nil {
			t.Errorf("created by %d after the user was deleted", *info.CreatedBy)
		}
	})
}

var errRollback = errors.New("roll back")

// A file inserted in a transaction that is rolled back is not kept: the
// owner's row and its file are stored together or not at all.
func TestInsertFileInTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		var id int64
		err := db.InTx(ctx, func(tx *sqlx.Tx) error {
			f := &model.File{Name: "leer.txt", ContentType: model.TypeText}
			if err := db.InsertFile(ctx, tx, f); err != nil {
				return err
			}
			id = f.ID
			return errRollback
		})
		if err != errRollback || id == 0 {
			t.Fatalf("transaction: %v, id %d", err, id)
		}
		if _, err := db.FileInfo(ctx, id); err != model.ErrNotFound {
			t.Errorf("after the rollback: %v, want not found", err)
		}
	})
}

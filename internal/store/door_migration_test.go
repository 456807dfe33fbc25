package store_test

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/migrations"
)

// SQLite changes the role's CHECK by rebuilding users (00012). A database
// with accounts, logins and workshop invitations from before keeps them
// all: were foreign keys on while the old table is dropped, its sessions
// and invitations would go with it.
func TestDoorMigrationKeepsWhatPointsAtUsers(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	fsys, err := migrations.For(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	provider, err := goose.NewProvider(goose.DialectSQLite3, raw, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := provider.UpTo(ctx, 10); err != nil {
		t.Fatal(err)
	}
	const token = "eine-alte-anmeldung"
	sum := sha256.Sum256([]byte(token))
	for _, stmt := range []string{
		`INSERT INTO users (id, email, name, password_hash, role, created_at, active)
			VALUES (7, 'orga@example.org', 'Orga', 'x', 'organiser', '2016-01-01 00:00:00+00:00', 1)`,
		`INSERT INTO staff_sessions (token_hash, user_id, created_at, expires_at)
			VALUES ('` + hex.EncodeToString(sum[:]) + `', 7, '2016-01-01 00:00:00+00:00', '2999-01-01 00:00:00+00:00')`,
		`INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at)
			VALUES ('h', 7, 'reset', '2016-01-01 00:00:00+00:00', '2999-01-01 00:00:00+00:00')`,
	} {
		if _, err := raw.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	u, err := db.UserBySession(ctx, token)
	if err != nil || u.ID != 7 || u.Role != model.RoleOrganiser || !u.Active {
		t.Fatalf("the login from before: %+v, %v", u, err)
	}
	door := &model.User{Email: "tuer@example.org", Name: "Tür", Role: model.RoleDoor, PasswordHash: "x"}
	noErr(t, db.CreateUser(ctx, door), "door account after the migration")
	// Foreign keys are on again: deleting the account takes its session and link along.
	noErr(t, db.DeleteUser(ctx, 7), "delete")
	if _, err := db.UserBySession(ctx, token); model.ErrorCode(err) != model.ENotFound {
		t.Errorf("the deleted account's session: %v", err)
	}
}

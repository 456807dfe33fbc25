package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

const password = "richtig-geheim-42"

// newUser stores an organiser with the shared password.
func newUser(t *testing.T, db *store.DB, email string) *model.User {
	t.Helper()
	u := &model.User{Email: email, Name: "Anna Beispiel", Role: model.RoleOrganiser}
	noErr(t, db.CreateUserWithPassword(t.Context(), u, password), "create user "+email)
	if u.ID == 0 {
		t.Fatal("CreateUserWithPassword set no ID")
	}
	return u
}

func TestUserCreateReadDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := &model.User{Email: "  Anna.Beispiel@Example.ORG ", Name: "Anna Beispiel", Role: model.RoleFacilitator}
		noErr(t, db.CreateUserWithPassword(ctx, u, password), "create user")
		if u.Email != "anna.beispiel@example.org" {
			t.Errorf("email stored as %q, want it trimmed and lower-cased", u.Email)
		}
		if u.PasswordHash == "" || strings.Contains(u.PasswordHash, password) {
			t.Errorf("password hash = %q, want a bcrypt hash", u.PasswordHash)
		}

		for _, email := range []string{"anna.beispiel@example.org", "ANNA.beispiel@example.org", " anna.beispiel@example.org"} {
			got, err := db.UserByEmail(ctx, email)
			noErr(t, err, "user by email "+email)
			if got.ID != u.ID || got.Email != u.Email || got.Name != u.Name || got.Role != u.Role || got.PasswordHash != u.PasswordHash {
				t.Errorf("UserByEmail(%q) = %+v, want %+v", email, got, u)
			}
			sameTime(t, "created_at", got.CreatedAt, u.CreatedAt)
		}

		noErr(t, db.DeleteUser(ctx, u.ID), "delete user")
		_, err := db.UserByEmail(ctx, u.Email)
		wantNotFound(t, err)
		wantNotFound(t, db.DeleteUser(ctx, u.ID))
		_, err = db.Authenticate(ctx, u.Email, password)
		wantCode(t, err, model.EUnauthorized)
	})
}

func TestUserAuthenticate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		u := newUser(t, db, "anna@example.org")
		newUser(t, db, "bernd@example.org") // the other account's password must not open this one

		tests := []struct {
			name     string
			email    string
			password string
			ok       bool
		}{
			{"right password", "anna@example.org", password, true},
			{"address in other case", " Anna@Example.org", password, true},
			{"wrong password", "anna@example.org", password + "x", false},
			{"password in other case", "anna@example.org", strings.ToUpper(password), false},
			{"empty password", "anna@example.org", "", false},
			{"unknown address", "niemand@example.org", password, false},
			{"empty address", "", password, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.Authenticate(t.Context(), tt.email, tt.password)
				if tt.ok {
					noErr(t, err, "authenticate")
					if got == nil || got.ID != u.ID {
						t.Fatalf("Authenticate = %+v, want user %d", got, u.ID)
					}
					return
				}
				e := wantCode(t, err, model.EUnauthorized)
				if got != nil {
					t.Errorf("Authenticate returned user %d with an error", got.ID)
				}
				// The message must not tell a wrong address from a wrong password.
				if e.Message != "err_login" || len(e.Fields) != 0 {
					t.Errorf("error = %+v, want message err_login and no fields", e)
				}
			})
		}
	})
}

func TestUserInvalid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tests := []struct {
			name     string
			user     model.User
			password string
			field    string
		}{
			{"no address", model.User{Name: "A", Role: model.RoleOrganiser}, password, "email"},
			{"not an address", model.User{Email: "anna", Name: "A", Role: model.RoleOrganiser}, password, "email"},
			{"address with display name", model.User{Email: "Anna <anna@example.org>", Name: "A", Role: model.RoleOrganiser}, password, "email"},
			{"no name", model.User{Email: "anna@example.org", Name: "  ", Role: model.RoleOrganiser}, password, "name"},
			{"name too long", model.User{Email: "anna@example.org", Name: strings.Repeat("ä", model.MaxShort+1), Role: model.RoleOrganiser}, password, "name"},
			{"unknown role", model.User{Email: "anna@example.org", Name: "A", Role: "admin"}, password, "role"},
			{"short password", model.User{Email: "anna@example.org", Name: "A", Role: model.RoleOrganiser}, "kurz", "password"},
			{"password beyond bcrypt", model.User{Email: "anna@example.org", Name: "A", Role: model.RoleOrganiser}, strings.Repeat("x", 73), "password"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u := tt.user
				err := db.CreateUserWithPassword(t.Context(), &u, tt.password)
				wantField(t, err, model.EInvalid, tt.field)
				if u.ID != 0 {
					t.Errorf("invalid user got ID %d", u.ID)
				}
				if tt.user.Email != "" {
					_, err := db.UserByEmail(t.Context(), tt.user.Email)
					wantNotFound(t, err)
				}
			})
		}
	})
}

func TestUserDuplicateEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		first := newUser(t, db, "anna@example.org")
		for _, email := range []string{"anna@example.org", "ANNA@example.org "} {
			u := &model.User{Email: email, Name: "Andere Anna", Role: model.RoleFacilitator}
			err := db.CreateUserWithPassword(t.Context(), u, "ein-anderes-passwort")
			wantField(t, err, model.EConflict, "email")
		}
		got, err := db.UserByEmail(t.Context(), "anna@example.org")
		noErr(t, err, "user by email")
		if got.ID != first.ID || got.Name != first.Name {
			t.Errorf("after the conflict the address belongs to %+v, want user %d", got, first.ID)
		}
		if _, err := db.Authenticate(t.Context(), "anna@example.org", password); err != nil {
			t.Errorf("the first user's password no longer works: %v", err)
		}
	})
}

func TestStaffSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		now := time.Date(2016, time.February, 1, 10, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }

		anna := newUser(t, db, "anna@example.org")
		bernd := newUser(t, db, "bernd@example.org")
		annaToken, err := db.CreateStaffSession(ctx, anna.ID, time.Hour)
		noErr(t, err, "create anna's session")
		berndToken, err := db.CreateStaffSession(ctx, bernd.ID, 24*time.Hour)
		noErr(t, err, "create bernd's session")
		if annaToken == "" || annaToken == berndToken {
			t.Fatalf("tokens %q and %q, want two different ones", annaToken, berndToken)
		}

		tests := []struct {
			name  string
			now   time.Time
			token string
			want  int64 // 0: not found
		}{
			{"anna at once", now, annaToken, anna.ID},
			{"bernd at once", now, berndToken, bernd.ID},
			{"anna before expiry", now.Add(59 * time.Minute), annaToken, anna.ID},
			{"anna at expiry", now.Add(time.Hour), annaToken, 0},
			{"anna after expiry", now.Add(2 * time.Hour), annaToken, 0},
			{"bernd still logged in", now.Add(2 * time.Hour), berndToken, bernd.ID},
			{"bernd after expiry", now.Add(25 * time.Hour), berndToken, 0},
			{"unknown token", now, "kein-token", 0},
			{"empty token", now, "", 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				db.Now = func() time.Time { return tt.now }
				u, err := db.UserBySession(t.Context(), tt.token)
				if tt.want == 0 {
					wantNotFound(t, err)
					return
				}
				noErr(t, err, "user by session")
				if u.ID != tt.want {
					t.Errorf("UserBySession = user %d, want %d", u.ID, tt.want)
				}
			})
		}

		// Logging out ends only that login.
		db.Now = func() time.Time { return now }
		noErr(t, db.DeleteStaffSession(ctx, annaToken), "delete session")
		_, err = db.UserBySession(ctx, annaToken)
		wantNotFound(t, err)
		if _, err := db.UserBySession(ctx, berndToken); err != nil {
			t.Errorf("bernd's session after anna logged out: %v", err)
		}
		noErr(t, db.DeleteStaffSession(ctx, annaToken), "delete a session twice")

		// Deleting a user ends their logins.
		noErr(t, db.DeleteUser(ctx, bernd.ID), "delete bernd")
		_, err = db.UserBySession(ctx, berndToken)
		wantNotFound(t, err)
	})
}

// A new login clears the expired ones: an expired token stays dead even if
// the clock were turned back.
func TestStaffSessionsClearExpired(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		now := time.Date(2016, time.February, 1, 10, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		u := newUser(t, db, "anna@example.org")
		old, err := db.CreateStaffSession(ctx, u.ID, time.Hour)
		noErr(t, err, "create first session")
		keep, err := db.CreateStaffSession(ctx, u.ID, 48*time.Hour)
		noErr(t, err, "create second session")

		db.Now = func() time.Time { return now.Add(2 * time.Hour) }
		fresh, err := db.CreateStaffSession(ctx, u.ID, time.Hour)
		noErr(t, err, "create third session")

		db.Now = func() time.Time { return now }
		_, err = db.UserBySession(ctx, old)
		wantNotFound(t, err)
		for _, token := range []string{keep, fresh} {
			if _, err := db.UserBySession(ctx, token); err != nil {
				t.Errorf("a session that had not expired was cleared: %v", err)
			}
		}
	})
}

func TestStaffSessionUnknownUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		token, err := db.CreateStaffSession(t.Context(), 4711, time.Hour)
		if err == nil {
			t.Fatalf("CreateStaffSession for an unknown user returned token %q", token)
		}
		_, err = db.UserBySession(t.Context(), token)
		wantNotFound(t, err)
	})
}

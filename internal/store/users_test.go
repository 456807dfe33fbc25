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

// newAccount stores a facilitator without hashing a password, for tests
// where logging in by password plays no part.
func newAccount(t *testing.T, db *store.DB, email string) *model.User {
	t.Helper()
	u := &model.User{Email: email, Name: "Bernd Beispiel", Role: model.RoleFacilitator, PasswordHash: "$2a$10$kein-echter-hash"}
	noErr(t, db.CreateUser(t.Context(), u), "create user "+email)
	if u.ID == 0 {
		t.Fatal("CreateUser set no ID")
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
		anna := newUser(t, db, "anna@example.org")
		const berndsPassword = "berndsgeheimnis-7"
		bernd := &model.User{Email: "bernd@example.org", Name: "Bernd", Role: model.RoleFacilitator}
		noErr(t, db.CreateUserWithPassword(t.Context(), bernd, berndsPassword), "create bernd")

		tests := []struct {
			name     string
			email    string
			password string
			want     int64 // 0: refused
		}{
			{"right password", "anna@example.org", password, anna.ID},
			{"address in other case", " Anna@Example.org", password, anna.ID},
			{"the other user", "bernd@example.org", berndsPassword, bernd.ID},
			{"wrong password", "anna@example.org", password + "x", 0},
			{"password in other case", "anna@example.org", strings.ToUpper(password), 0},
			{"another account's password", "anna@example.org", berndsPassword, 0},
			{"empty password", "anna@example.org", "", 0},
			{"unknown address", "niemand@example.org", password, 0},
			{"empty address", "", password, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel() // bcrypt is slow on purpose; the cases only read
				got, err := db.Authenticate(t.Context(), tt.email, tt.password)
				if tt.want != 0 {
					noErr(t, err, "authenticate")
					if got == nil || got.ID != tt.want {
						t.Fatalf("Authenticate = %+v, want user %d", got, tt.want)
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
				// CreateUser checks the user, CreateUserWithPassword the
				// password and then the user; bcrypt is slow, so most cases
				// take the short way.
				u := tt.user
				var err error
				if tt.field == "password" || tt.name == "not an address" {
					err = db.CreateUserWithPassword(t.Context(), &u, tt.password)
				} else {
					u.PasswordHash = "$2a$10$bereits-gehasht"
					err = db.CreateUser(t.Context(), &u)
				}
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
		u := &model.User{Email: "anna@example.org", Name: "Andere Anna", Role: model.RoleFacilitator}
		wantField(t, db.CreateUserWithPassword(t.Context(), u, "ein-anderes-passwort"), model.EConflict, "email")
		// The address is compared after trimming and lower-casing.
		u = &model.User{Email: " ANNA@example.org ", Name: "Andere Anna", Role: model.RoleFacilitator, PasswordHash: "$2a$10$x"}
		wantField(t, db.CreateUser(t.Context(), u), model.EConflict, "email")
		if u.ID != 0 {
			t.Errorf("conflicting user got ID %d", u.ID)
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

		anna := newAccount(t, db, "anna@example.org")
		bernd := newAccount(t, db, "bernd@example.org")
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
		u := newAccount(t, db, "anna@example.org")
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

func TestSetPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		u := newUser(t, db, "bernd@example.org")
		const newPassword = "ein-ganz-neues-passwort"
		wantField(t, db.SetPassword(ctx, u.ID, "kurz"), model.EInvalid, "password")
		noErr(t, db.SetPassword(ctx, u.ID, newPassword), "set password")
		got, err := db.Authenticate(ctx, "bernd@example.org", newPassword)
		noErr(t, err, "log in with the new password")
		if got.ID != u.ID {
			t.Errorf("logged in as %d, want %d", got.ID, u.ID)
		}
		_, err = db.Authenticate(ctx, "bernd@example.org", password)
		wantCode(t, err, model.EUnauthorized) // the old one no longer works

		wantNotFound(t, db.SetPassword(ctx, 4711, newPassword))
	})
}

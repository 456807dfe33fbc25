package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

const userColumns = `id, email, name, password_hash, role, created_at, active`

// CreateUser stores a new staff account; u.ID is set.
func (db *DB) CreateUser(ctx context.Context, u *model.User) error {
	u.Email = model.NormalizeEmail(u.Email)
	if err := u.Validate(); err != nil {
		return err
	}
	u.CreatedAt = db.now()
	id, err := db.insert(ctx, db.rw, `INSERT INTO users (email, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)`,
		u.Email, u.Name, u.PasswordHash, u.Role, u.CreatedAt)
	if isUnique(err) {
		return model.Conflict("email", "err_email_taken")
	}
	if err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	u.ID, u.Active = id, true
	return nil
}

// UserByEmail finds a staff account by its address.
func (db *DB) UserByEmail(ctx context.Context, email string) (*model.User, error) {
	var u model.User
	err := db.getOne(ctx, db.ro, &u, `SELECT `+userColumns+` FROM users WHERE email = ?`, model.NormalizeEmail(email))
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// SetPassword checks a new password, hashes it with bcrypt and stores it.
func (db *DB) SetPassword(ctx context.Context, userID int64, password string) error {
	if err := model.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), db.PasswordCost)
	if err != nil {
		return fmt.Errorf("store: hash password: %w", err)
	}
	return db.execOne(ctx, db.rw, `UPDATE users SET password_hash = ? WHERE id = ?`, string(hash), userID)
}

// DeleteUser removes a staff account and its sessions.
func (db *DB) DeleteUser(ctx context.Context, id int64) error {
	return db.execOne(ctx, db.rw, `DELETE FROM users WHERE id = ?`, id)
}

// hashToken is how a session token is kept: a leaked table holds no usable token.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateStaffSession starts a login for the user and returns the token for
// the cookie; only its hash is stored.
func (db *DB) CreateStaffSession(ctx context.Context, userID int64, ttl time.Duration) (string, error) {
	buf := make([]byte, 32)
	rand.Read(buf)
	token := base64.RawURLEncoding.EncodeToString(buf)
	now := db.now()
	_, err := db.rw.ExecContext(ctx, db.q(`INSERT INTO staff_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`),
		hashToken(token), userID, now, now.Add(ttl))
	if isForeignKey(err) {
		return "", model.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: create session: %w", err)
	}
	// Expired logins are of no use to anyone; clearing them here keeps the
	// table small without a background job.
	if _, err := db.rw.ExecContext(ctx, db.q(`DELETE FROM staff_sessions WHERE expires_at < ?`), now); err != nil {
		return "", fmt.Errorf("store: clear sessions: %w", err)
	}
	return token, nil
}

// UserBySession returns the user logged in with token, if the login has
// not expired and the account is active. Deactivating an account deletes
// its sessions too; the check here holds even for a session written while
// the account was being deactivated.
func (db *DB) UserBySession(ctx context.Context, token string) (*model.User, error) {
	var u model.User
	err := db.getOne(ctx, db.ro, &u, `SELECT `+prefixed("u.", userColumns)+`
		FROM staff_sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = ?`, hashToken(token), db.now(), true)
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// DeleteStaffSession ends a login.
func (db *DB) DeleteStaffSession(ctx context.Context, token string) error {
	_, err := db.rw.ExecContext(ctx, db.q(`DELETE FROM staff_sessions WHERE token_hash = ?`), hashToken(token))
	return err
}

// CreateUserWithPassword checks the password, hashes it with bcrypt and stores the user.
func (db *DB) CreateUserWithPassword(ctx context.Context, u *model.User, password string) error {
	u.Email = model.NormalizeEmail(u.Email)
	// Both checks before bcrypt, which is slow on purpose.
	fields := map[string]string{}
	for _, err := range []error{u.Validate(), model.ValidatePassword(password)} {
		if e := model.AsError(err); e != nil {
			maps.Copy(fields, e.Fields)
		}
	}
	if len(fields) > 0 {
		return model.Invalid(fields)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), db.PasswordCost)
	if err != nil {
		return fmt.Errorf("store: hash password: %w", err)
	}
	u.PasswordHash = string(hash)
	return db.CreateUser(ctx, u)
}

// dummyHashes holds, by bcrypt cost, the hash compared against when no
// account exists, so that a wrong address takes as long as a wrong password
// and reveals nothing. It is made on first use, not when the program starts.
var dummyHashes sync.Map

func dummyHash(cost int) []byte {
	if h, ok := dummyHashes.Load(cost); ok {
		return h.([]byte)
	}
	h, _ := bcrypt.GenerateFromPassword([]byte("no such account"), cost)
	h2, _ := dummyHashes.LoadOrStore(cost, h)
	return h2.([]byte)
}

// Authenticate returns the user with this address and password, or an
// EUnauthorized error that does not say which of the two was wrong. An
// invited account without a password yet, or a deactivated one, is
// refused like an unknown address, after the same slow comparison.
func (db *DB) Authenticate(ctx context.Context, email, password string) (*model.User, error) {
	u, err := db.UserByEmail(ctx, email)
	if err != nil && model.ErrorCode(err) != model.ENotFound {
		return nil, err
	}
	if u != nil && (u.PasswordHash == "" || !u.Active) {
		u = nil
	}
	hash := dummyHash(db.PasswordCost)
	if u != nil {
		hash = []byte(u.PasswordHash)
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || u == nil {
		return nil, &model.Error{Code: model.EUnauthorized, Message: "err_login"}
	}
	return u, nil
}

// UsersWithRole returns the staff accounts of a role, by name.
func (db *DB) UsersWithRole(ctx context.Context, role string) ([]model.User, error) {
	var users []model.User
	err := db.ro.SelectContext(ctx, &users, db.q(`SELECT `+userColumns+` FROM users WHERE role = ? ORDER BY name, id`), role)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	return users, nil
}

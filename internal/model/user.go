package model

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Staff roles.
const (
	RoleOrganiser   = "organiser"
	RoleFacilitator = "facilitator"
	// RoleDoor is a helper at the door: the check-in pages and nothing else.
	RoleDoor = "door"
)

// MinPasswordLength is the shortest password a staff account may have.
const MinPasswordLength = 10

// User is a staff account: an organiser, a facilitator or a door helper.
type User struct {
	ID           int64     `db:"id"`
	Email        string    `db:"email"`
	Name         string    `db:"name"`
	PasswordHash string    `db:"password_hash"`
	Role         string    `db:"role"`
	CreatedAt    time.Time `db:"created_at"`
	// Active is false for a deactivated account, which cannot log in.
	Active bool `db:"active"`
}

// NormalizeEmail trims and lower-cases an address so that one person has one account.
func NormalizeEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// Validate checks a user before it is stored; the password is checked
// separately because only its hash is kept.
func (u *User) Validate() error {
	f := fieldErrors{}
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		f.add("email", "err_email")
	}
	checkRequired(f, "name", u.Name, MaxShort)
	if u.Role != RoleOrganiser && u.Role != RoleFacilitator && u.Role != RoleDoor {
		f.add("role", "err_choice")
	}
	return f.err()
}

// ValidatePassword checks a new password's length.
func ValidatePassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return Invalid(map[string]string{"password": "err_password_short"})
	}
	if len(pw) > 72 { // bcrypt reads no further
		return Invalid(map[string]string{"password": "err_too_long"})
	}
	return nil
}

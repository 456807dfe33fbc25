package model

import "time"

// Purposes of a staff account's one-time link.
const (
	TokenInvite = "invite" // set the first password of an invited account
	TokenReset  = "reset"  // set a new password
)

// AccountTokenTTL is how long a one-time link of a staff account works.
const AccountTokenTTL = 7 * 24 * time.Hour

// Kinds of email to staff accounts.
const (
	EmailStaffInvite = "staff_invite" // an invitation with its one-time link
	EmailStaffReset  = "staff_reset"  // a link to set a new password
)

// Audited actions on staff accounts.
const (
	AuditStaffInvited     = "staff_invited"
	AuditStaffChanged     = "staff_changed" // name, role or workshops
	AuditStaffDeactivated = "staff_deactivated"
	AuditStaffReactivated = "staff_reactivated"
	AuditStaffResetLink   = "staff_reset_link"
)

// StaffAccount is a staff account as the staff pages show it: the user,
// whether a password was ever set, and the workshops it facilitates.
type StaffAccount struct {
	User
	Workshops []StaffWorkshop
}

// Pending reports whether the account was invited and has no password yet.
func (a *StaffAccount) Pending() bool { return a.PasswordHash == "" }

// StaffWorkshop is a workshop as the staff pages name it, with its edition.
type StaffWorkshop struct {
	ID              int64     `db:"id"`
	Title           string    `db:"title"`
	ConferenceID    int64     `db:"conference_id"`
	ConferenceTitle string    `db:"conference_title"`
	StartsAt        time.Time `db:"starts_at"` // the edition's start
}

// AccountToken is a one-time link as the store found it, unused and unexpired.
type AccountToken struct {
	UserID    int64     `db:"user_id"`
	Purpose   string    `db:"purpose"`
	ExpiresAt time.Time `db:"expires_at"`
	Name      string    `db:"name"`  // the account's
	Email     string    `db:"email"` // the account's
}

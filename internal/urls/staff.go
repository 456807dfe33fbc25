package urls

// Staff accounts: the organisers' pages, and the one-time link with which
// an invited or forgetful staff member sets a password.

// Staff is the list of staff accounts.
func Staff() string { return Admin() + "/staff" }

// NewStaff is the form that invites a staff member, and where it is posted.
func NewStaff() string { return Staff() + "/new" }

// NewStaffFor is the invitation form with a workshop ticked, opened from
// the workshop's page.
func NewStaffFor(workshopID int64) string { return NewStaff() + "?workshop=" + id(workshopID) }

// StaffAccount is one staff account's page, where its name, role and
// workshops are changed.
func StaffAccount(userID int64) string { return Staff() + "/" + id(userID) }

// DeactivateStaff is where an account is deactivated, after a confirmation.
func DeactivateStaff(userID int64) string { return StaffAccount(userID) + "/deactivate" }

// ReactivateStaff is where an account is reactivated, after a confirmation.
func ReactivateStaff(userID int64) string { return StaffAccount(userID) + "/reactivate" }

// StaffLink is where an organiser sends an account a new one-time link.
func StaffLink(userID int64) string { return StaffAccount(userID) + "/link" }

// Account is a staff account's one-time link, where its password is set.
func Account(token string) string { return "/konto/" + seg(token) }

// StaffFuncs are the staff pages' builders as template functions, named as
// in Funcs.
func StaffFuncs() map[string]any {
	return map[string]any{
		"staffPath":           Staff,
		"newStaffPath":        NewStaff,
		"newStaffForPath":     NewStaffFor,
		"staffAccountPath":    StaffAccount,
		"deactivateStaffPath": DeactivateStaff,
		"reactivateStaffPath": ReactivateStaff,
		"staffLinkPath":       StaffLink,
		"accountPath":         Account,
	}
}

package model

import "time"

// Audited actions on personal data.
const (
	AuditExportCSV  = "export_csv"           // an organiser downloaded an edition's registrations
	AuditAnonymised = "anonymised"           // a participant deleted their data
	AuditPublished  = "assignment_published" // an organiser published a workshop assignment
	// AuditEditionDeleted: an organiser deleted an edition that had registrations.
	AuditEditionDeleted = "edition_deleted"
)

// AuditEvent records who did something to personal data, and when.
type AuditEvent struct {
	ID           int64     `db:"id"`
	At           time.Time `db:"at"`
	UserID       *int64    `db:"user_id"`
	Actor        string    `db:"actor"` // the user's email, kept when the user is deleted; "participant" for a participant
	Action       string    `db:"action"`
	ConferenceID *int64    `db:"conference_id"`
	Detail       string    `db:"detail"`
}

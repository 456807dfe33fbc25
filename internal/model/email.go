package model

import "time"

// Kinds of email the app sends.
const (
	EmailConfirmation = "confirmation" // after registering, with the personal link and the calendar file
	EmailLinkAgain    = "link_again"   // the same address registered again: its link, anew
	EmailPromoted     = "promoted"     // a place came free and the person moved up from the waiting list
	EmailAssignment   = "assignment"   // the published workshop assignment placed the person, or placed them anew
)

// Why an email in the outbox will not be sent after all (Email.Obsolete).
const (
	ObsoleteSuperseded = "superseded" // a newer email of its kind for the same registration replaces it
	ObsoleteCancelled  = "cancelled"  // the registration was cancelled before it went out
)

// Email is one message in the outbox: composed when it is queued, sent by
// the mail worker, kept with its attempts so organisers can read it.
type Email struct {
	ID             int64      `db:"id"`
	Kind           string     `db:"kind"`
	RegistrationID *int64     `db:"registration_id"`
	Recipient      string     `db:"recipient"`
	Lang           string     `db:"lang"`
	Subject        string     `db:"subject"`
	Body           string     `db:"body"` // plain text
	AttachmentName string     `db:"attachment_name"`
	Attachment     []byte     `db:"attachment"` // an .ics file, or nil
	CreatedAt      time.Time  `db:"created_at"`
	Attempts       int        `db:"attempts"`
	NextAttemptAt  time.Time  `db:"next_attempt_at"`
	SentAt         *time.Time `db:"sent_at"`
	LastError      string     `db:"last_error"`
	// Obsolete is why the email will not be sent after all, "" while it
	// still holds: ObsoleteSuperseded or ObsoleteCancelled.
	Obsolete string `db:"obsolete"`
}

package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MaxChangeMessage is the longest message a change request takes, in
// characters: a few sentences, for the organisers to read at a glance.
const MaxChangeMessage = 500

// AuditChangeRequestHandled: an organiser marked a participant's change request handled.
const AuditChangeRequestHandled = "change_request_handled"

// ChangeRequest is a participant's request to change workshop, once the
// published assignment placed them: their wishes no longer change
// anything, so they ask the organisers, who mark the request handled when
// they have answered it. A registration has at most one open request.
type ChangeRequest struct {
	ID             int64      `db:"id"`
	RegistrationID int64      `db:"registration_id"`
	SessionID      *int64     `db:"session_id"` // the workshop slot it is about; nil if not said
	Message        string     `db:"message"`
	CreatedAt      time.Time  `db:"created_at"`
	HandledAt      *time.Time `db:"handled_at"`
	HandledBy      *int64     `db:"handled_by"`
}

// Validate checks the message: required, and at most MaxChangeMessage
// characters, the limit named in the problem.
func (r *ChangeRequest) Validate() error {
	const field = "change_message"
	switch {
	case strings.TrimSpace(r.Message) == "":
		return Invalid(map[string]string{field: "err_required"})
	case utf8.RuneCountInString(r.Message) > MaxChangeMessage:
		e := Invalid(map[string]string{field: "frozen_err_message_long"})
		e.Counts = map[string]int{field: MaxChangeMessage}
		return e
	}
	return nil
}

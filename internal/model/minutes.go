package model

import "time"

// Minutes states: a facilitator writes a draft and submits it; an organiser
// approves it or returns it with a comment; approved minutes are published.
const (
	MinutesDraft     = "draft"
	MinutesSubmitted = "submitted"
	MinutesReturned  = "returned"
	MinutesApproved  = "approved"
	MinutesPublished = "published"
)

// What made a revision of minutes.
const (
	RevisionSaved    = "saved"
	RevisionUploaded = "uploaded"
	RevisionRestored = "restored"
)

// Audited actions on minutes.
const (
	AuditMinutesApproved    = "minutes_approved"
	AuditMinutesReturned    = "minutes_returned"
	AuditMinutesPublished   = "minutes_published"
	AuditMinutesUnpublished = "minutes_unpublished"
	AuditAttachmentDeleted  = "minutes_attachment_deleted"
)

// MaxMinutes is the longest text of minutes, in characters: a long day's
// minutes are far shorter, and a converted document longer than this is
// more likely a mistake than a record.
const MaxMinutes = 200000

// MinutesLanguages are the languages minutes may be written in, each named
// in itself: German and the written ones participants speak
// (InterpretLanguages without sign language).
var MinutesLanguages = minutesLanguages()

func minutesLanguages() []InterpretLanguage {
	out := []InterpretLanguage{{"de", "Deutsch"}}
	for _, l := range InterpretLanguages {
		if l.Code != "dgs" {
			out = append(out, l)
		}
	}
	return out
}

// Minutes are the record of a workshop, or of a plenary item (a session
// that is not a workshop slot): exactly one of WorkshopID and SessionID.
type Minutes struct {
	ID            int64      `db:"id"`
	ConferenceID  int64      `db:"conference_id"`
	WorkshopID    *int64     `db:"workshop_id"`
	SessionID     *int64     `db:"session_id"`
	Language      string     `db:"language"`
	Status        string     `db:"status"`
	ReturnComment string     `db:"return_comment"`
	Body          string     `db:"body"`
	Version       int64      `db:"version"`
	UpdatedBy     *int64     `db:"updated_by"`
	CreatedAt     time.Time  `db:"created_at"`
	UpdatedAt     time.Time  `db:"updated_at"`
	PublishedAt   *time.Time `db:"published_at"`
}

// Plenary reports whether the minutes belong to a plenary item, which only
// organisers write.
func (m *Minutes) Plenary() bool { return m.SessionID != nil }

// FacilitatorMayEdit reports whether a workshop's facilitator may change
// the text: only before submission, or after it was returned.
func (m *Minutes) FacilitatorMayEdit() bool {
	return m.Status == MinutesDraft || m.Status == MinutesReturned
}

// Editable reports whether anyone may change the text: published minutes
// are unpublished first, so that the public text is always an approved one.
func (m *Minutes) Editable() bool { return m.Status != MinutesPublished }

// ValidateMinutesText checks a text and language of minutes before they are stored.
func ValidateMinutesText(body, lang string) error {
	f := fieldErrors{}
	checkLength(f, "body", body, MaxMinutes)
	known := false
	for _, l := range MinutesLanguages {
		known = known || l.Code == lang
	}
	if !known {
		f.add("language", "err_choice")
	}
	return f.err()
}

// Revision is one saved text of minutes; Number is the version it made.
type Revision struct {
	ID         int64     `db:"id"`
	MinutesID  int64     `db:"minutes_id"`
	Number     int64     `db:"number"`
	Body       string    `db:"body"`
	AuthorID   *int64    `db:"author_id"`
	AuthorName string    `db:"author_name"`
	Cause      string    `db:"cause"`
	CreatedAt  time.Time `db:"created_at"`
}

// ErrMinutesChanged is a save started from a version of the minutes that
// is no longer the current one: someone else saved meanwhile.
var ErrMinutesChanged = &Error{Code: EConflict, Message: "err_minutes_changed"}

// ErrMinutesLocked is a change the minutes' state does not allow, such as a
// facilitator's edit after submission or any edit while published.
var ErrMinutesLocked = &Error{Code: EConflict, Message: "err_minutes_locked"}

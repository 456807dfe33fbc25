package model

import (
	"strconv"
	"time"
)

// Agenda item kinds.
const (
	KindPlenary      = "plenary"
	KindKeynote      = "keynote"
	KindPanel        = "panel"
	KindExchange     = "exchange"
	KindBreak        = "break"
	KindWorkshopSlot = "workshop_slot"
	KindClosing      = "closing"
)

// SessionKinds lists the agenda item kinds, for forms.
var SessionKinds = []string{KindPlenary, KindKeynote, KindPanel, KindExchange, KindBreak, KindWorkshopSlot, KindClosing}

// Session is an item of an edition's agenda. A workshop slot holds the
// parallel workshops.
type Session struct {
	ID           int64     `db:"id"`
	ConferenceID int64     `db:"conference_id"`
	Kind         string    `db:"kind"`
	Title        string    `db:"title"`
	Description  string    `db:"description"`
	Room         string    `db:"room"`
	StartsAt     time.Time `db:"starts_at"`
	EndsAt       time.Time `db:"ends_at"`
	// CancelledAt is when the item was called off; it stays in the
	// programme and the calendars, marked as cancelled.
	CancelledAt *time.Time `db:"cancelled_at"`
	// Revision grows with every change of the item (kept by the store):
	// the SEQUENCE of its calendar event.
	Revision int64 `db:"revision"`

	People    []Person   `db:"-"`
	Workshops []Workshop `db:"-"`
}

// Cancelled says whether the item was called off.
func (s *Session) Cancelled() bool { return s.CancelledAt != nil }

// Validate checks an agenda item and its people before they are stored.
func (s *Session) Validate() error {
	f := fieldErrors{}
	s.check(f)
	return f.err()
}

// ValidateIn checks an agenda item as Validate does, and that it lies
// within the days of its edition c.
func (s *Session) ValidateIn(c *Conference) error {
	f := fieldErrors{}
	s.check(f)
	from, to := c.Days()
	if _, bad := f["starts_at"]; !bad && (s.StartsAt.Before(from) || !s.StartsAt.Before(to)) {
		f.add("starts_at", "err_outside_days")
	}
	if _, bad := f["ends_at"]; !bad && (!s.EndsAt.After(from) || s.EndsAt.After(to)) {
		f.add("ends_at", "err_outside_days")
	}
	return f.err()
}

func (s *Session) check(f fieldErrors) {
	if !oneOf(s.Kind, SessionKinds) {
		f.add("kind", "err_choice")
	}
	checkRequired(f, "title", s.Title, MaxShort)
	checkLength(f, "description", s.Description, MaxLong)
	checkLength(f, "room", s.Room, MaxShort)
	checkSpan(f, "starts_at", s.StartsAt, s.EndsAt, "ends_at")
	validatePeople(f, s.People)
}

// Workshop topics.
const (
	TopicHousing   = "housing"
	TopicHealth    = "health"
	TopicEducation = "education"
	TopicWork      = "work"
	TopicOther     = "other"
)

// WorkshopTopics lists the topics, for forms.
var WorkshopTopics = []string{TopicHousing, TopicHealth, TopicEducation, TopicWork, TopicOther}

// MaxWorkshopCapacity bounds a workshop's places; no room holds more.
const MaxWorkshopCapacity = 10000

// Workshop is one of the parallel groups of a workshop slot.
type Workshop struct {
	ID           int64  `db:"id"`
	ConferenceID int64  `db:"conference_id"`
	SessionID    int64  `db:"session_id"`
	Topic        string `db:"topic"`
	Title        string `db:"title"`
	Description  string `db:"description"`
	Room         string `db:"room"`
	Capacity     int    `db:"capacity"`
	Position     int    `db:"position"`
	TakenCount   int    `db:"taken_count"` // places granted at once in first-come mode; kept by the store
	// Languages the workshop is held in or interpreted into: interpretation
	// language codes separated by commas ("ar,fr"); SplitCodes reads them.
	Languages string `db:"languages"`
	// Revision grows with every change of the workshop (kept by the
	// store); with its slot's, the SEQUENCE of its calendar event.
	Revision int64 `db:"revision"`

	People []Person `db:"-"`
	// FacilitatorIDs are the staff accounts invited to facilitate it.
	FacilitatorIDs []int64 `db:"-"`
}

// InterpretLanguages returns the languages the workshop is held in or
// interpreted into, for pages.
func (w *Workshop) InterpretLanguages() []InterpretLanguage {
	return InterpretLanguagesOf(w.Languages)
}

// Validate checks a workshop and its people before they are stored.
func (w *Workshop) Validate() error {
	f := fieldErrors{}
	if !oneOf(w.Topic, WorkshopTopics) {
		f.add("topic", "err_choice")
	}
	checkRequired(f, "title", w.Title, MaxShort)
	checkLength(f, "description", w.Description, MaxLong)
	checkLength(f, "room", w.Room, MaxShort)
	if w.Capacity < 1 {
		f.add("capacity", "err_capacity")
	} else if w.Capacity > MaxWorkshopCapacity {
		f.add("capacity", "err_too_large")
	}
	for _, code := range SplitCodes(w.Languages) {
		if !IsInterpretLanguage(code) {
			f.add("languages", "err_choice")
		}
	}
	validatePeople(f, w.People)
	return f.err()
}

// People's roles on an agenda item or in a workshop.
const (
	RoleSpeaker   = "speaker"
	RoleModerator = "moderator"
	RoleInput     = "input"
	RoleGuest     = "guest"
)

// PersonRoles lists the roles, for forms.
var PersonRoles = []string{RoleSpeaker, RoleModerator, RoleInput, RoleGuest}

// MaxPeople bounds the people on one item, which also bounds the form.
const MaxPeople = 30

// Person is someone who appears in the programme: a speaker, a moderator,
// a workshop's facilitator or input giver.
type Person struct {
	ID          int64  `db:"id"`
	Name        string `db:"name"`
	Affiliation string `db:"affiliation"`
	Role        string `db:"role"`
	Position    int    `db:"position"`
}

// validatePeople reports problems as people.N.field, N counting from 0.
func validatePeople(f fieldErrors, people []Person) {
	if len(people) > MaxPeople {
		f.add("people", "err_too_many")
	}
	for i, p := range people {
		key := "people." + strconv.Itoa(i) + "."
		checkRequired(f, key+"name", p.Name, MaxShort)
		checkLength(f, key+"affiliation", p.Affiliation, MaxShort)
		if !oneOf(p.Role, PersonRoles) {
			f.add(key+"role", "err_choice")
		}
	}
}

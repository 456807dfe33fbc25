package model

import (
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // time zones work in a container without zoneinfo, too
)

// Series is a recurring conference, such as "Kommunale Flüchtlingskonferenz NRW".
type Series struct {
	ID          int64     `db:"id"`
	Slug        string    `db:"slug"`
	Title       string    `db:"title"`
	Description string    `db:"description"`
	CreatedAt   time.Time `db:"created_at"`
	UpdatedAt   time.Time `db:"updated_at"`
}

// Validate checks a series before it is stored.
func (s *Series) Validate() error {
	f := fieldErrors{}
	checkSlug(f, "slug", s.Slug)
	checkRequired(f, "title", s.Title, MaxShort)
	checkLength(f, "description", s.Description, MaxLong)
	return f.err()
}

// Conference statuses, in the order an edition goes through them.
const (
	StatusDraft      = "draft"
	StatusOpen       = "open"
	StatusClosed     = "closed"
	StatusHeld       = "held"
	StatusDocumented = "documented"
)

// ConferenceStatuses lists the statuses in order, for forms.
var ConferenceStatuses = []string{StatusDraft, StatusOpen, StatusClosed, StatusHeld, StatusDocumented}

// DefaultTimeZone is the zone of a conference unless the organiser says otherwise.
const DefaultTimeZone = "Europe/Berlin"

// Conference is one edition of a series. Times are UTC; TimeZone says how
// to show them.
type Conference struct {
	ID                   int64      `db:"id"`
	SeriesID             int64      `db:"series_id"`
	Slug                 string     `db:"slug"`
	Title                string     `db:"title"`
	Subtitle             string     `db:"subtitle"`
	StartsAt             time.Time  `db:"starts_at"`
	EndsAt               time.Time  `db:"ends_at"`
	TimeZone             string     `db:"time_zone"`
	Venue                string     `db:"venue"`
	Address              string     `db:"address"`
	Hosts                string     `db:"hosts"`
	Description          string     `db:"description"`
	RegistrationOpensAt  *time.Time `db:"registration_opens_at"`
	RegistrationClosesAt *time.Time `db:"registration_closes_at"`
	Capacity             int        `db:"capacity"` // 0: no limit
	Status               string     `db:"status"`
	Published            bool       `db:"published"`
	CopiedFrom           *int64     `db:"copied_from"`
	Revision             int64      `db:"revision"`          // grows with every change to the edition or its programme
	MaxChoices           int        `db:"max_choices"`       // workshops a participant may rank per slot
	PrivacyNotice        string     `db:"privacy_notice"`    // Markdown, linked from the registration form
	ConfirmedCount       int        `db:"confirmed_count"`   // places taken; kept by the store
	RegistrationMode     string     `db:"registration_mode"` // how workshop places are given: ModeAssign or ModeFirstCome
	// At most MaxShare percent of each workshop's places go to participants
	// of ShareCategory in the assignment; 0: no such limit.
	ShareCategory string `db:"share_category"`
	MaxShare      int    `db:"max_share"`
	// Language is what the edition's documents are written in: one of
	// EditionLanguages, German unless the organisers choose another.
	Language string `db:"language"`
	// LanguageRule and ShareRule say whether the assignment keeps a needed
	// language and the share limit even when that leaves someone without a
	// place (RuleStrict), or only whenever it can without (RulePrefer, the
	// default).
	LanguageRule string    `db:"language_rule"`
	ShareRule    string    `db:"share_rule"`
	CreatedAt    time.Time `db:"created_at"`
	UpdatedAt    time.Time `db:"updated_at"`
}

// locations keeps the zones Location has loaded, by name: LoadLocation
// reads and parses the zone database on every call, and a single page, email
// or calendar file asks for its edition's zone several times. A *Location is
// safe for concurrent use. Only names that load are kept, so the map is no
// larger than the zone database, whatever names it is asked for.
var locations sync.Map // zone name → *time.Location

// Location returns the conference's time zone, UTC if the name is unknown.
func (c *Conference) Location() *time.Location {
	if loc, ok := locations.Load(c.TimeZone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return time.UTC
	}
	locations.Store(c.TimeZone, loc)
	return loc
}

// Registration modes: how an edition gives workshop places.
const (
	// ModeAssign collects ranked choices; the assignment places people after the deadline.
	ModeAssign = "assign"
	// ModeFirstCome grants the best-ranked workshop with a free place at
	// once; the person waits for the better-ranked ones that were full.
	ModeFirstCome = "first_come"
)

// RegistrationModes lists the modes, for forms; the first is the default.
var RegistrationModes = []string{ModeAssign, ModeFirstCome}

// EditionLanguages are the languages an edition's documents can be written
// in: the interface's, whose catalogues have every fixed text of them. The
// first is the default.
var EditionLanguages = []string{"de", "en", "fr", "ar"}

// DefaultMaxChoices is how many workshops a participant ranks per slot unless the organiser says otherwise.
const DefaultMaxChoices = 3

// SetDefaults fills the settings left unset with their defaults.
func (c *Conference) SetDefaults() {
	if c.TimeZone == "" {
		c.TimeZone = DefaultTimeZone
	}
	if c.MaxChoices == 0 {
		c.MaxChoices = DefaultMaxChoices
	}
	if c.Status == "" {
		c.Status = StatusDraft
	}
	if c.RegistrationMode == "" {
		c.RegistrationMode = ModeAssign
	}
	if c.Language == "" {
		c.Language = EditionLanguages[0]
	}
	if c.LanguageRule == "" {
		c.LanguageRule = RulePrefer
	}
	if c.ShareRule == "" {
		c.ShareRule = RulePrefer
	}
}

// RegistrationOpen reports whether the edition takes registrations at now:
// its status is open and now lies in the registration window.
func (c *Conference) RegistrationOpen(now time.Time) bool {
	if c.Status != StatusOpen {
		return false
	}
	if c.RegistrationOpensAt != nil && now.Before(*c.RegistrationOpensAt) {
		return false
	}
	return c.RegistrationClosesAt == nil || now.Before(*c.RegistrationClosesAt)
}

// Days returns the edition's days in its time zone: from the midnight its
// first day begins to the midnight its last day ends.
func (c *Conference) Days() (from, to time.Time) {
	loc := c.Location()
	start, end := c.StartsAt.In(loc), c.EndsAt.In(loc)
	from = time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, loc)
	to = time.Date(end.Year(), end.Month(), end.Day()+1, 0, 0, 0, 0, loc)
	return from.UTC(), to.UTC()
}

// CheckOpening refuses to open registration for an edition that has begun
// at now: nobody registering could take part any more. Only a change to
// open is refused (was is the stored status, "" for a new edition), so an
// edition left open can still be corrected.
func (c *Conference) CheckOpening(was string, now time.Time) error {
	if c.Status == StatusOpen && was != StatusOpen && !c.StartsAt.IsZero() && !now.Before(c.StartsAt) {
		return Invalid(map[string]string{"status": "err_open_past"})
	}
	return nil
}

// Validate checks a conference before it is stored.
func (c *Conference) Validate() error {
	f := fieldErrors{}
	checkSlug(f, "slug", c.Slug)
	checkRequired(f, "title", c.Title, MaxShort)
	checkLength(f, "subtitle", c.Subtitle, MaxLine)
	checkSpan(f, "starts_at", c.StartsAt, c.EndsAt, "ends_at")
	if strings.TrimSpace(c.TimeZone) == "" {
		f.add("time_zone", "err_required")
	} else if _, err := time.LoadLocation(c.TimeZone); err != nil || c.TimeZone == "Local" {
		f.add("time_zone", "err_time_zone")
	}
	checkLength(f, "venue", c.Venue, MaxShort)
	checkLength(f, "address", c.Address, MaxLine)
	checkLength(f, "hosts", c.Hosts, MaxLine)
	checkLength(f, "description", c.Description, MaxLong)
	if c.RegistrationOpensAt != nil {
		checkTime(f, "registration_opens_at", *c.RegistrationOpensAt, false)
	}
	if c.RegistrationClosesAt != nil {
		checkTime(f, "registration_closes_at", *c.RegistrationClosesAt, false)
	}
	if c.RegistrationOpensAt != nil && c.RegistrationClosesAt != nil &&
		!c.RegistrationClosesAt.After(*c.RegistrationOpensAt) {
		f.add("registration_closes_at", "err_end_before_start")
	}
	// Whoever registers once the edition has begun cannot take part.
	if !c.StartsAt.IsZero() {
		if c.RegistrationOpensAt != nil && !c.RegistrationOpensAt.Before(c.StartsAt) {
			f.add("registration_opens_at", "err_opens_after_start")
		}
		if c.RegistrationClosesAt != nil && c.RegistrationClosesAt.After(c.StartsAt) {
			f.add("registration_closes_at", "err_closes_after_start")
		}
	}
	if c.Capacity < 0 {
		f.add("capacity", "err_negative")
	} else if c.Capacity > 1000000 {
		f.add("capacity", "err_too_large")
	}
	if c.MaxChoices < 1 || c.MaxChoices > 10 {
		f.add("max_choices", "err_max_choices")
	}
	checkLength(f, "privacy_notice", c.PrivacyNotice, MaxLong)
	if !oneOf(c.Status, ConferenceStatuses) {
		f.add("status", "err_choice")
	}
	if !oneOf(c.RegistrationMode, RegistrationModes) {
		f.add("registration_mode", "err_choice")
	}
	// Empty is the default, which SetDefaults fills in before storing.
	if c.Language != "" && !oneOf(c.Language, EditionLanguages) {
		f.add("language", "err_choice")
	}
	if c.LanguageRule != "" && !oneOf(c.LanguageRule, AssignmentRules) {
		f.add("language_rule", "err_choice")
	}
	if c.ShareRule != "" && !oneOf(c.ShareRule, AssignmentRules) {
		f.add("share_rule", "err_choice")
	}
	return f.err()
}

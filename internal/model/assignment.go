package model

import (
	"time"
)

// Where an assignment's placement came from.
const (
	SourceAuto   = "auto"   // the solver
	SourceManual = "manual" // an organiser moved the person (a pin)
	SourceFixed  = "fixed"  // a facilitator or speaker of the workshop
	// SourceLate is a placement made at once, into the published run, for
	// someone confirmed after it was published; nobody else moved for it.
	SourceLate = "late"
)

// AssignmentRun is one run of the workshop assignment of an edition. Every
// run is kept; the latest published one is what participants see.
type AssignmentRun struct {
	ID           int64      `db:"id"`
	ConferenceID int64      `db:"conference_id"`
	CreatedAt    time.Time  `db:"created_at"`
	CreatedBy    *int64     `db:"created_by"`
	Seed         int64      `db:"seed"`
	TotalCost    int64      `db:"total_cost"`
	SolveMS      float64    `db:"solve_ms"`
	Report       string     `db:"report"` // JSON of a RunReport
	PublishedAt  *time.Time `db:"published_at"`

	Assignments []Assignment `db:"-"`
}

// Assignment places one registration in one workshop slot; WorkshopID nil
// means no place in that slot.
type Assignment struct {
	RegistrationID int64  `db:"registration_id"`
	SessionID      int64  `db:"session_id"`
	WorkshopID     *int64 `db:"workshop_id"`
	Rank           int    `db:"rank"` // 1 for the first choice, 0 for a workshop not ranked
	Source         string `db:"source"`
}

// Pin is an organiser's move of a person into a workshop by hand, which
// every later run keeps.
type Pin struct {
	RegistrationID int64     `db:"registration_id"`
	SessionID      int64     `db:"session_id"`
	WorkshopID     int64     `db:"workshop_id"`
	CreatedAt      time.Time `db:"created_at"`
}

// RunReport is what a run's preview shows, stored with the run.
type RunReport struct {
	// Version 2 and later list each slot's people without a place.
	Version       int          `json:"version,omitempty"`
	ShareCategory string       `json:"share_category,omitempty"`
	MaxShare      int          `json:"max_share,omitempty"`
	Slots         []SlotReport `json:"slots"`
}

// SlotReport gives a workshop slot's figures.
type SlotReport struct {
	SessionID  int64            `json:"session_id"`
	RankCounts []int            `json:"rank_counts"` // how many got their first, second, ... choice
	Unranked   int              `json:"unranked"`    // placed in a workshop they did not rank
	Unassigned int              `json:"unassigned"`  // without a place
	Fixed      int              `json:"fixed"`       // facilitators, speakers and pins
	Workshops  []WorkshopReport `json:"workshops"`
	// Moved are the people a published run placed in another workshop of
	// the slot, or in none; NewlyPlaced those it did not place here and
	// this run does; Unplaced those without a place in this run, by
	// registration id.
	Moved       []MoveReport `json:"moved,omitempty"`
	NewlyPlaced []int64      `json:"newly_placed,omitempty"`
	Unplaced    []int64      `json:"unplaced,omitempty"`
	// AgainstLanguage counts people placed without the language they need,
	// AboveShare people placed above their category's share: the rules
	// "prefer" allow it rather than leave them without a place.
	AgainstLanguage int `json:"against_language,omitempty"`
	AboveShare      int `json:"above_share,omitempty"`
}

// Why a published person is moved, for the organisers' words.
const (
	MoveGone     = "gone"     // their workshop was deleted
	MovePin      = "pin"      // an organiser moved them by hand
	MoveFixed    = "fixed"    // they facilitate or speak in another workshop
	MoveRoom     = "room"     // made room for the person an organiser moved in (For)
	MoveCapacity = "capacity" // their workshop has fewer places than people placed there
	MovePinned   = "pinned"   // their workshop is filled by people placed there by hand
	MoveLanguage = "language" // their workshop no longer offers the language they need
	MoveShare    = "share"    // their category is above its share in their workshop
	MoveOthers   = "others"   // to give someone else a place
)

// MoveReport is a published person placed elsewhere: From the workshop
// they were told (0 if it was deleted), To the new one (0 for none), and
// Why one of the Move* reasons; For is the registration moved in by hand
// for whom a MoveRoom person left.
type MoveReport struct {
	RegistrationID int64  `json:"registration_id"`
	From           int64  `json:"from"`
	To             int64  `json:"to"`
	Why            string `json:"why"`
	For            int64  `json:"for,omitempty"`
}

// WorkshopReport gives a workshop's fill level and which rule kept someone
// out who ranked it above where they ended.
type WorkshopReport struct {
	WorkshopID       int64 `json:"workshop_id"`
	Capacity         int   `json:"capacity"`
	Filled           int   `json:"filled"`
	CapacityBinds    bool  `json:"capacity_binds,omitempty"`
	ShareBinds       bool  `json:"share_binds,omitempty"`
	LanguageExcluded int   `json:"language_excluded,omitempty"`
}

// How strictly the assignment keeps an edition's rule for languages or
// shares: RuleStrict even if it leaves someone without a place, RulePrefer
// whenever it can without.
const (
	RulePrefer = "prefer"
	RuleStrict = "strict"
)

// AssignmentRules are the choices for an edition's language and share rules.
var AssignmentRules = []string{RulePrefer, RuleStrict}

// AssignmentSettings are an edition's settings of its assignment: the share
// limit (a category of participants and at most what percentage of a
// workshop's places it may fill; 0 percent turns it off) and how strictly
// languages and the share are kept.
type AssignmentSettings struct {
	ShareCategory string
	MaxShare      int
	LanguageRule  string
	ShareRule     string
}

// Validate checks the settings before they are stored.
func (s *AssignmentSettings) Validate() error {
	f := fieldErrors{}
	switch {
	case s.MaxShare < 0 || s.MaxShare > 100:
		f.add("max_share", "err_percent")
	case s.MaxShare > 0 && !oneOf(s.ShareCategory, Categories):
		f.add("share_category", "err_choice")
	}
	if !oneOf(s.LanguageRule, AssignmentRules) {
		f.add("language_rule", "err_choice")
	}
	if !oneOf(s.ShareRule, AssignmentRules) {
		f.add("share_rule", "err_choice")
	}
	return f.err()
}

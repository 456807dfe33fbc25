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

// ValidateShareLimit checks an edition's share rule: a category of
// participants and at most what percentage of a workshop's places it may
// fill; 0 percent turns the rule off.
func ValidateShareLimit(category string, percent int) error {
	f := fieldErrors{}
	switch {
	case percent < 0 || percent > 100:
		f.add("max_share", "err_percent")
	case percent > 0 && !oneOf(category, Categories):
		f.add("share_category", "err_choice")
	}
	return f.err()
}

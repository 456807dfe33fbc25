package model

import (
	"net/mail"
	"slices"
	"strconv"
	"time"
)

// Registration statuses.
const (
	RegConfirmed = "confirmed"
	RegWaiting   = "waiting"
	RegCancelled = "cancelled"
)

// Participant categories: who someone comes as. Optional.
var Categories = []string{"councillor", "administration", "volunteer", "self_organisation", "counselling", "press", "other"}

// MaxChildren bounds the childcare field; larger families can say so in the ages field.
const MaxChildren = 20

// Registration is one person's registration for an edition. Only Name and
// the consent are required; everything else is optional and explained on
// the form. Personal fields are emptied when the registration is anonymised.
type Registration struct {
	ID           int64   `db:"id"`
	ConferenceID int64   `db:"conference_id"`
	Status       string  `db:"status"`
	Name         string  `db:"name"`
	Email        *string `db:"email"` // nil: none given; unique per edition
	Phone        string  `db:"phone"`
	Organisation string  `db:"organisation"`
	Municipality string  `db:"municipality"`
	Category     string  `db:"category"`
	Languages    string  `db:"languages"`      // languages spoken, free text
	Interpreting string  `db:"interpretation"` // code of the language to interpret into (InterpretLanguages), if any
	Access       string  `db:"accessibility"`
	Children     int     `db:"childcare_children"`
	ChildAges    string  `db:"childcare_ages"`
	Diet         string  `db:"diet"`
	ListConsent  bool    `db:"list_consent"`
	PhotoConsent bool    `db:"photo_consent"`
	ContactName  string  `db:"contact_name"`  // a volunteer registering someone else
	ContactEmail *string `db:"contact_email"` // where that volunteer is reached
	Lang         string  `db:"lang"`          // the language the person used, for emails

	ConsentedAt time.Time  `db:"consented_at"`
	CreatedAt   time.Time  `db:"created_at"`
	UpdatedAt   time.Time  `db:"updated_at"`
	CancelledAt *time.Time `db:"cancelled_at"`
	// AnonymisedAt is set once the person deleted their data: the row keeps
	// its status, so counts and waiting lists stay right, and nothing personal.
	AnonymisedAt *time.Time `db:"anonymised_at"`
	// CheckedInAt is when the person was marked present at the door, nil
	// while they are not; WalkIn marks someone added at the door without
	// having registered (store.AddWalkIn).
	CheckedInAt *time.Time `db:"checked_in_at"`
	WalkIn      bool       `db:"walk_in"`

	// Choices are the ranked workshops per workshop slot: slot id → workshop ids, first choice first.
	Choices map[int64][]int64 `db:"-"`
	// Position is the place on the waiting list (1 = next), 0 when not waiting.
	Position int `db:"-"`
	// Granted is, in first-come mode, the workshop granted per slot; Waiting
	// the better-ranked workshops of a slot the person waits for, best first.
	Granted map[int64]int64   `db:"-"`
	Waiting map[int64][]int64 `db:"-"`
	// LatePlacements are, for a registration confirmed after an assignment
	// was published, the placements made for it at once in the published
	// run, one per workshop slot (no workshop: none it ranked had a place
	// free); nil when nothing was published. Register sets them, so that
	// the confirmation can name the workshops.
	LatePlacements []Assignment `db:"-"`
}

// Validate checks a registration against the edition's workshops: slots
// maps each workshop slot to the ids of its workshops; maxChoices bounds the
// ranking per slot. consent says whether the person agreed to the processing of their data.
func (r *Registration) Validate(slots map[int64][]int64, maxChoices int, consent bool) error {
	f := fieldErrors{}
	checkRequired(f, "name", r.Name, MaxShort)
	if !consent {
		f.add("consent", "err_consent")
	}
	checkOptionalEmail(f, "email", r.Email)
	checkOptionalEmail(f, "contact_email", r.ContactEmail)
	for field, v := range map[string]string{
		"phone": r.Phone, "organisation": r.Organisation, "municipality": r.Municipality,
		"languages": r.Languages, "childcare_ages": r.ChildAges,
		"diet": r.Diet, "contact_name": r.ContactName,
	} {
		checkLength(f, field, v, MaxShort)
	}
	checkLength(f, "accessibility", r.Access, MaxLine)
	if r.Category != "" && !oneOf(r.Category, Categories) {
		f.add("category", "err_choice")
	}
	if r.Interpreting != "" && !IsInterpretLanguage(r.Interpreting) {
		f.add("interpretation", "err_choice")
	}
	if r.Children < 0 {
		f.add("childcare_children", "err_negative")
	} else if r.Children > MaxChildren {
		f.add("childcare_children", "err_too_large")
	}
	for slot, ranked := range r.Choices {
		workshops, ok := slots[slot]
		if !ok {
			f.add(ChoiceField(slot, 1), "err_choice")
			continue
		}
		if len(ranked) > maxChoices {
			f.add(ChoiceField(slot, maxChoices+1), "err_too_many")
		}
		seen := map[int64]bool{}
		for i, w := range ranked {
			field := ChoiceField(slot, i+1)
			switch {
			case !slices.Contains(workshops, w):
				f.add(field, "err_choice")
			case seen[w]:
				f.add(field, "err_same_workshop")
			}
			seen[w] = true
		}
	}
	return f.err()
}

// ChoiceField names the form field of a slot's rank-th choice.
func ChoiceField(slot int64, rank int) string {
	return "choice." + strconv.FormatInt(slot, 10) + "." + strconv.Itoa(rank)
}

func checkOptionalEmail(f fieldErrors, field string, v *string) {
	if v == nil {
		return
	}
	if a, err := mail.ParseAddress(*v); err != nil || a.Address != *v || len(*v) > MaxShort {
		f.add(field, "err_email")
	}
}

// OptionalEmail normalises an address typed into a form; empty means none.
func OptionalEmail(s string) *string {
	s = NormalizeEmail(s)
	if s == "" {
		return nil
	}
	return &s
}

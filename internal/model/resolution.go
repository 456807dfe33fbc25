package model

import (
	"strconv"
	"time"
)

// Resolution statuses: draft → proposed → adopted | rejected | withdrawn.
const (
	ResDraft     = "draft"
	ResProposed  = "proposed"
	ResAdopted   = "adopted"
	ResRejected  = "rejected"
	ResWithdrawn = "withdrawn"
)

// Addressee levels: who a demand is addressed to.
const (
	LevelMunicipality = "municipality"
	LevelDistrict     = "district"
	LevelState        = "state"
	LevelFederal      = "federal"
	LevelEU           = "eu"
	LevelOther        = "other"
)

// AddresseeLevels lists the levels, for forms and filters.
var AddresseeLevels = []string{LevelMunicipality, LevelDistrict, LevelState, LevelFederal, LevelEU, LevelOther}

// Resolution is a demand an edition's plenary votes on.
type Resolution struct {
	ID             int64      `db:"id"`
	ConferenceID   int64      `db:"conference_id"`
	WorkshopID     *int64     `db:"workshop_id"` // the origin workshop; nil: drafted by organisers
	Title          string     `db:"title"`
	Body           string     `db:"body"` // Markdown
	Reasoning      string     `db:"reasoning"`
	Topic          string     `db:"topic"`
	AddresseeLevel string     `db:"addressee_level"`
	AddresseeName  string     `db:"addressee_name"`
	Status         string     `db:"status"`
	Language       string     `db:"language"`
	CreatedBy      *int64     `db:"created_by"`
	CreatedAt      time.Time  `db:"created_at"`
	UpdatedAt      time.Time  `db:"updated_at"`
	DecidedAt      *time.Time `db:"decided_at"` // when it was adopted, rejected or withdrawn
}

// Public reports whether anyone may read the demand: only what the plenary
// adopted is a demand of the conference.
func (r *Resolution) Public() bool { return r.Status == ResAdopted }

// Frozen reports whether its text may only change through an amendment
// with its own vote.
func (r *Resolution) Frozen() bool { return r.Status != ResDraft && r.Status != ResProposed }

// Validate checks a resolution before it is stored.
func (r *Resolution) Validate() error {
	f := fieldErrors{}
	checkRequired(f, "title", r.Title, MaxShort)
	checkRequired(f, "body", r.Body, MaxLong)
	checkLength(f, "reasoning", r.Reasoning, MaxLong)
	if !oneOf(r.Topic, WorkshopTopics) {
		f.add("topic", "err_choice")
	}
	if !oneOf(r.AddresseeLevel, AddresseeLevels) {
		f.add("addressee_level", "err_choice")
	}
	checkRequired(f, "addressee_name", r.AddresseeName, MaxShort)
	return f.err()
}

// Amendment statuses.
const (
	AmendProposed = "proposed"
	AmendAccepted = "accepted"
	AmendRejected = "rejected"
)

// Amendment proposes a new text for a resolution, with a reason.
type Amendment struct {
	ID           int64  `db:"id"`
	ResolutionID int64  `db:"resolution_id"`
	Body         string `db:"body"`      // the whole proposed text
	BaseBody     string `db:"base_body"` // the text it was proposed against
	Reason       string `db:"reason"`
	// Correction: proposed to an adopted resolution, so it needs its own vote.
	Correction   bool       `db:"correction"`
	ProposedBy   *int64     `db:"proposed_by"`
	ProposerName string     `db:"proposer_name"`
	Status       string     `db:"status"`
	DecidedBy    *int64     `db:"decided_by"`
	DecidedAt    *time.Time `db:"decided_at"`
	VotedIn      *int64     `db:"voted_in"` // the edition whose plenary voted on a correction
	CreatedAt    time.Time  `db:"created_at"`

	Vote []VoteGroup `db:"-"` // a correction's vote, once held
}

// Validate checks an amendment before it is stored.
func (a *Amendment) Validate() error {
	f := fieldErrors{}
	checkRequired(f, "body", a.Body, MaxLong)
	if a.Body == a.BaseBody {
		f.add("body", "err_amendment_unchanged")
	}
	checkRequired(f, "reason", a.Reason, MaxLong)
	return f.err()
}

// VoteGroup is one voter group's count in a plenary vote.
type VoteGroup struct {
	Label   string `db:"group_label"`
	Yes     int    `db:"yes"`
	No      int    `db:"no"`
	Abstain int    `db:"abstain"`
}

// MaxVoteGroups bounds the groups of one vote, which also bounds the form.
const MaxVoteGroups = 6

// Votes sums a vote's groups.
func Votes(groups []VoteGroup) (yes, no, abstain int) {
	for _, g := range groups {
		yes, no, abstain = yes+g.Yes, no+g.No, abstain+g.Abstain
	}
	return
}

// VoteLimit is how many votes an edition's plenary can cast: its confirmed
// registrations (check-in does not exist yet), or for an edition that
// recorded none, such as one documented after the fact, its capacity.
func VoteLimit(confirmed, capacity int) int {
	if confirmed == 0 {
		return capacity
	}
	return confirmed
}

// ValidateVote checks a vote: at least one group, each with a label and
// counts of zero or more, and no more votes in all than limit, the
// people registered for the edition that voted. Problems are reported as
// votes.N.field; a sum above the limit at the first group's yes count
// (VoteSumField), where correcting the numbers starts, with the limit as
// its number.
func ValidateVote(groups []VoteGroup, limit int) error {
	f := fieldErrors{}
	if len(groups) == 0 {
		f.add("votes.0.label", "err_vote_empty") // the first field to fill in
	}
	if len(groups) > MaxVoteGroups {
		f.add("votes", "err_too_many")
	}
	for i, g := range groups {
		key := "votes." + strconv.Itoa(i) + "."
		checkRequired(f, key+"label", g.Label, MaxShort)
		for field, n := range map[string]int{"yes": g.Yes, "no": g.No, "abstain": g.Abstain} {
			if n < 0 {
				f.add(key+field, "err_vote_negative")
			}
		}
	}
	if err := f.err(); err != nil {
		return err
	}
	yes, no, abstain := Votes(groups)
	if yes+no+abstain > limit {
		e := Invalid(map[string]string{VoteSumField: "err_vote_too_many"})
		e.Counts = map[string]int{VoteSumField: limit}
		return e
	}
	return nil
}

// VoteSumField is the field a vote's sum above its limit is reported at.
const VoteSumField = "votes.0.yes"

// Follow-up kinds: what happened to an adopted demand.
const (
	FollowSent              = "sent"
	FollowAnswered          = "answered"
	FollowPartlyImplemented = "partly_implemented"
	FollowImplemented       = "implemented"
	FollowRefused           = "refused"
)

// FollowUpKinds lists the kinds, for forms and filters.
var FollowUpKinds = []string{FollowSent, FollowAnswered, FollowPartlyImplemented, FollowImplemented, FollowRefused}

// FollowUp is one dated entry of what became of an adopted demand.
type FollowUp struct {
	ID           int64     `db:"id"`
	ResolutionID int64     `db:"resolution_id"`
	OccurredOn   time.Time `db:"occurred_on"` // a day, at midnight UTC
	Kind         string    `db:"kind"`
	Note         string    `db:"note"`
	ConferenceID *int64    `db:"conference_id"` // the edition during which it was entered, if any
	FileID       *int64    `db:"file_id"`       // its attachment, if any
	FileName     string    `db:"file_name"`     // the attachment's name, read with it
	CreatedBy    *int64    `db:"created_by"`
	CreatedAt    time.Time `db:"created_at"`
}

// Validate checks a follow-up before it is stored.
func (fu *FollowUp) Validate() error {
	f := fieldErrors{}
	checkTime(f, "occurred_on", fu.OccurredOn, true)
	if !oneOf(fu.Kind, FollowUpKinds) {
		f.add("kind", "err_choice")
	}
	checkLength(f, "note", fu.Note, MaxLong)
	return f.err()
}

// Audited actions on resolutions.
const (
	AuditResolutionVote      = "resolution_vote"
	AuditAmendmentAccepted   = "amendment_accepted"
	AuditAmendmentRejected   = "amendment_rejected"
	AuditResolutionWithdrawn = "resolution_withdrawn"
)

package store

import (
	"context"
	"fmt"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// The documentation of an edition prints counts, never people: these
// queries return numbers grouped by what the statistics show, so that no
// name leaves the database for them.

// ParticipantCount is how many confirmed registrations share a category
// and a municipality, as typed, and how many of them were marked present.
type ParticipantCount struct {
	Category     string `db:"category"`
	Municipality string `db:"municipality"`
	Registered   int    `db:"registered"`
	Present      int    `db:"present"`
}

// ParticipantCounts counts an edition's confirmed registrations by category
// and municipality.
func (db *DB) ParticipantCounts(ctx context.Context, conferenceID int64) ([]ParticipantCount, error) {
	var out []ParticipantCount
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT category, municipality, COUNT(*) AS registered,
		COUNT(checked_in_at) AS present FROM registrations WHERE conference_id = ? AND status = ?
		GROUP BY category, municipality ORDER BY category, municipality`), conferenceID, model.RegConfirmed)
	if err != nil {
		return nil, fmt.Errorf("store: participant counts: %w", err)
	}
	return out, nil
}

// SlotChoices is how many confirmed participants the published run placed
// in a workshop of a slot, and how many of them in their first choice.
type SlotChoices struct {
	SessionID int64 `db:"session_id"`
	Placed    int   `db:"placed"`
	First     int   `db:"first"`
}

// FirstChoices counts the placements of the edition's latest published run
// by slot; none before a run is published.
func (db *DB) FirstChoices(ctx context.Context, conferenceID int64) ([]SlotChoices, error) {
	var out []SlotChoices
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT a.session_id, COUNT(*) AS placed,
		COALESCE(SUM(CASE WHEN a.rank = 1 THEN 1 ELSE 0 END), 0) AS first
		FROM assignments a JOIN registrations r ON r.id = a.registration_id
		WHERE a.run_id = `+publishedRun+` AND a.workshop_id IS NOT NULL AND r.status = ?
		GROUP BY a.session_id ORDER BY a.session_id`), conferenceID, model.RegConfirmed)
	if err != nil {
		return nil, fmt.Errorf("store: first choices: %w", err)
	}
	return out, nil
}

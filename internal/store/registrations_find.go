package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// RegistrationFilter narrows an edition's registrations; a zero field
// matches every registration.
type RegistrationFilter struct {
	Status     string
	Category   string
	WorkshopID int64  // registrations that ranked this workshop, at any rank
	Query      string // part of the name, email, organisation or municipality, in any case
}

// FindRegistrations returns the registrations of an edition that match f,
// in the order they came, with their choices and waiting positions. A
// position is the place among everybody waiting for the edition, whatever
// the filter.
func (db *DB) FindRegistrations(ctx context.Context, conferenceID int64, f RegistrationFilter) ([]model.Registration, error) {
	where := []string{"r.conference_id = ?"}
	args := []any{conferenceID}
	if f.Status != "" {
		where = append(where, "r.status = ?")
		args = append(args, f.Status)
	}
	if f.Category != "" {
		where = append(where, "r.category = ?")
		args = append(args, f.Category)
	}
	if f.WorkshopID != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM preferences p WHERE p.registration_id = r.id AND p.workshop_id = ?)")
		args = append(args, f.WorkshopID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// Lowered on both sides: LIKE is case-sensitive on PostgreSQL, and ILIKE is PostgreSQL's own.
		pattern := "%" + escapeLike(strings.ToLower(q)) + "%"
		where = append(where, `(LOWER(r.name) LIKE ? ESCAPE '\' OR LOWER(r.email) LIKE ? ESCAPE '\'
			OR LOWER(r.organisation) LIKE ? ESCAPE '\' OR LOWER(r.municipality) LIKE ? ESCAPE '\')`)
		args = append(args, pattern, pattern, pattern, pattern)
	}
	var out []model.Registration
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+registrationColumns+` FROM registrations r
		WHERE `+strings.Join(where, " AND ")+` ORDER BY r.id`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: find registrations: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	if err := db.loadPositions(ctx, conferenceID, out); err != nil {
		return nil, err
	}
	return out, db.loadEditionChoices(ctx, conferenceID, out)
}

// escapeLike makes s match itself in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// loadPositions sets the waiting positions of regs, counted over all
// waiting registrations of the edition.
func (db *DB) loadPositions(ctx context.Context, conferenceID int64, regs []model.Registration) error {
	var waiting []int64
	err := db.ro.SelectContext(ctx, &waiting, db.q(`SELECT id FROM registrations
		WHERE conference_id = ? AND status = ? ORDER BY id`), conferenceID, model.RegWaiting)
	if err != nil {
		return fmt.Errorf("store: waiting list: %w", err)
	}
	position := make(map[int64]int, len(waiting))
	for i, id := range waiting {
		position[id] = i + 1
	}
	for i := range regs {
		regs[i].Position = position[regs[i].ID]
	}
	return nil
}

// loadEditionChoices sets the ranked choices of regs, which all belong to
// the edition, and in first-come mode the workshops granted and waited
// for: one query for the edition rather than one per registration.
func (db *DB) loadEditionChoices(ctx context.Context, conferenceID int64, regs []model.Registration) error {
	var prefs []preference
	err := db.ro.SelectContext(ctx, &prefs, db.q(`SELECT p.registration_id, p.session_id, p.workshop_id, p.state
		FROM preferences p JOIN registrations r ON r.id = p.registration_id
		WHERE r.conference_id = ? ORDER BY p.registration_id, p.session_id, p.rank`), conferenceID)
	if err != nil {
		return fmt.Errorf("store: choices: %w", err)
	}
	index := make(map[int64]int, len(regs))
	for i := range regs {
		index[regs[i].ID] = i
		regs[i].Choices, regs[i].Granted, regs[i].Waiting = map[int64][]int64{}, map[int64]int64{}, map[int64][]int64{}
	}
	for _, p := range prefs {
		i, ok := index[p.RegistrationID]
		if !ok {
			continue
		}
		p.addTo(&regs[i])
	}
	return nil
}

// StatusCounts counts an edition's registrations by status.
func (db *DB) StatusCounts(ctx context.Context, conferenceID int64) (map[string]int, error) {
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	err := db.ro.SelectContext(ctx, &rows, db.q(`SELECT status, COUNT(*) AS n FROM registrations
		WHERE conference_id = ? GROUP BY status`), conferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: status counts: %w", err)
	}
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.Status] = r.N
	}
	return counts, nil
}

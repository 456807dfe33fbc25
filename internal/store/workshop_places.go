package store

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Workshop places in first-come mode: each slot's best-ranked workshop with
// a place free is granted at registration, the better-ranked full ones are
// waited for, and a place given back goes to the first person waiting for
// it. Every transaction here holds the edition's lock (edition_places.go).

// Preference states.
const (
	prefGranted = "granted"
	prefWaiting = "waiting"
)

// takeWorkshopPlace takes a place in a workshop if one is free.
func (db *DB) takeWorkshopPlace(ctx context.Context, tx *sqlx.Tx, workshopID int64) (bool, error) {
	res, err := tx.ExecContext(ctx, db.q(`UPDATE workshops SET taken_count = taken_count + 1
		WHERE id = ? AND taken_count < capacity`), workshopID)
	if err != nil {
		return false, fmt.Errorf("store: take workshop place: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (db *DB) freeWorkshopPlace(ctx context.Context, tx *sqlx.Tx, workshopID int64) error {
	_, err := tx.ExecContext(ctx, db.q(`UPDATE workshops SET taken_count = taken_count - 1 WHERE id = ?`), workshopID)
	if err != nil {
		return fmt.Errorf("store: free workshop place: %w", err)
	}
	return nil
}

func (db *DB) setPrefState(ctx context.Context, tx *sqlx.Tx, registrationID, workshopID int64, state string) error {
	_, err := tx.ExecContext(ctx, db.q(`UPDATE preferences SET state = ? WHERE registration_id = ? AND workshop_id = ?`),
		state, registrationID, workshopID)
	if err != nil {
		return fmt.Errorf("store: preference state: %w", err)
	}
	return nil
}

// chooseWorkshops is the first-come rule: per slot, the best-ranked
// workshop with a free place is granted, and the person waits for the
// better-ranked ones that were full. The places granted are taken from free.
func chooseWorkshops(r *model.Registration, free map[int64]int) {
	r.Granted, r.Waiting = map[int64]int64{}, map[int64][]int64{}
	for _, slot := range sortedSlots(r.Choices) {
		for _, w := range r.Choices[slot] {
			if free[w] > 0 {
				free[w]--
				r.Granted[slot] = w
				break
			}
			r.Waiting[slot] = append(r.Waiting[slot], w)
		}
	}
}

// freeWorkshopPlaces reads the free places of the edition's workshops.
// Under the edition's lock nobody else changes them.
func (db *DB) freeWorkshopPlaces(ctx context.Context, tx *sqlx.Tx, conferenceID int64) (map[int64]int, error) {
	var rows []struct {
		ID   int64 `db:"id"`
		Free int   `db:"free"`
	}
	if err := tx.SelectContext(ctx, &rows, db.q(`SELECT id, capacity - taken_count AS free FROM workshops
		WHERE conference_id = ?`), conferenceID); err != nil {
		return nil, fmt.Errorf("store: free workshop places: %w", err)
	}
	free := make(map[int64]int, len(rows))
	for _, r := range rows {
		free[r.ID] = r.Free
	}
	return free, nil
}

// takeGranted returns the writes that count the workshop places
// chooseWorkshops granted to regs.
func takeGranted(regs ...*model.Registration) []statement {
	taken := map[int64]int{}
	for _, r := range regs {
		for _, w := range r.Granted {
			taken[w]++
		}
	}
	var writes []statement
	for _, w := range slices.Sorted(maps.Keys(taken)) {
		writes = append(writes, statement{`UPDATE workshops SET taken_count = taken_count + ? WHERE id = ?`, []any{taken[w], w}})
	}
	return writes
}

// grantWorkshops gives a person who moved up into a place their workshops,
// as if they registered now. Their choices are stored with no state.
func (db *DB) grantWorkshops(ctx context.Context, tx *sqlx.Tx, r *model.Registration) error {
	free, err := db.freeWorkshopPlaces(ctx, tx, r.ConferenceID)
	if err != nil {
		return err
	}
	chooseWorkshops(r, free)
	if err := db.execAll(ctx, tx, takeGranted(r)); err != nil {
		return err
	}
	for _, w := range r.Granted {
		if err := db.setPrefState(ctx, tx, r.ID, w, prefGranted); err != nil {
			return err
		}
	}
	for _, ws := range r.Waiting {
		for _, w := range ws {
			if err := db.setPrefState(ctx, tx, r.ID, w, prefWaiting); err != nil {
				return err
			}
		}
	}
	return nil
}

// releaseWorkshops gives back every workshop place a person holds and
// clears their waiting; it returns the workshops that have a place free now.
func (db *DB) releaseWorkshops(ctx context.Context, tx *sqlx.Tx, registrationID int64) ([]int64, error) {
	var freed []int64
	err := tx.SelectContext(ctx, &freed, db.q(`SELECT workshop_id FROM preferences
		WHERE registration_id = ? AND state = ? ORDER BY workshop_id`), registrationID, prefGranted)
	if err != nil {
		return nil, fmt.Errorf("store: granted workshops: %w", err)
	}
	for _, w := range freed {
		if err := db.freeWorkshopPlace(ctx, tx, w); err != nil {
			return nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, db.q(`UPDATE preferences SET state = '' WHERE registration_id = ?`), registrationID); err != nil {
		return nil, fmt.Errorf("store: clear preference states: %w", err)
	}
	return freed, nil
}

// fillWorkshops gives the free places of the freed workshops to the people
// waiting for them, first registered first. Moving up frees the place the
// person held in the same slot, which is filled in turn; this ends because
// every move gives someone a better-ranked workshop.
func (db *DB) fillWorkshops(ctx context.Context, tx *sqlx.Tx, freed []int64) error {
	for len(freed) > 0 {
		w := freed[0]
		freed = freed[1:]
		var next struct {
			RegistrationID int64 `db:"registration_id"`
			SessionID      int64 `db:"session_id"`
			Rank           int   `db:"rank"`
		}
		err := db.getOne(ctx, tx, &next, `SELECT p.registration_id, p.session_id, p.rank FROM preferences p
			JOIN registrations r ON r.id = p.registration_id
			WHERE p.workshop_id = ? AND p.state = ? AND r.status = ?
			ORDER BY p.registration_id LIMIT 1`, w, prefWaiting, model.RegConfirmed)
		if model.ErrorCode(err) == model.ENotFound {
			continue
		}
		if err != nil {
			return fmt.Errorf("store: next waiting for workshop: %w", err)
		}
		ok, err := db.takeWorkshopPlace(ctx, tx, w)
		if err != nil {
			return err
		}
		if !ok { // the organiser lowered the capacity meanwhile
			continue
		}
		var held []int64
		err = tx.SelectContext(ctx, &held, db.q(`SELECT workshop_id FROM preferences
			WHERE registration_id = ? AND session_id = ? AND state = ?`), next.RegistrationID, next.SessionID, prefGranted)
		if err != nil {
			return fmt.Errorf("store: held workshop: %w", err)
		}
		for _, h := range held {
			if err := db.freeWorkshopPlace(ctx, tx, h); err != nil {
				return err
			}
			freed = append(freed, h)
		}
		// Granted now; nothing ranked lower is held or waited for any more.
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE preferences SET state = ''
			WHERE registration_id = ? AND session_id = ? AND rank > ?`), next.RegistrationID, next.SessionID, next.Rank); err != nil {
			return fmt.Errorf("store: clear lower choices: %w", err)
		}
		if err := db.setPrefState(ctx, tx, next.RegistrationID, w, prefGranted); err != nil {
			return err
		}
		// The place may not be the last one free (a capacity raised): look again.
		freed = append(freed, w)
	}
	return nil
}

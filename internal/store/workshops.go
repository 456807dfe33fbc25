package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

const workshopColumns = `id, conference_id, session_id, topic, title, description, room, capacity, position, taken_count, languages, revision`

// CreateWorkshop adds a workshop with its people to a workshop slot; w.ID
// and w.ConferenceID are set. A session that is not a workshop slot is a
// conflict; the schema refuses it even if the kind changes meanwhile.
func (db *DB) CreateWorkshop(ctx context.Context, w *model.Workshop) error {
	if err := w.Validate(); err != nil {
		return err
	}
	slot, err := db.Session(ctx, w.SessionID)
	if err != nil {
		return err
	}
	if slot.Kind != model.KindWorkshopSlot {
		return model.Conflict("session_id", "err_not_workshop_slot")
	}
	w.ConferenceID = slot.ConferenceID
	return db.tx(ctx, func(tx *sqlx.Tx) error { return db.createWorkshop(ctx, tx, w) })
}

func (db *DB) createWorkshop(ctx context.Context, tx *sqlx.Tx, w *model.Workshop) error {
	id, err := db.insert(ctx, tx, `INSERT INTO workshops (conference_id, session_id, topic, title, description, room, capacity, position, languages)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		w.ConferenceID, w.SessionID, w.Topic, w.Title, w.Description, w.Room, w.Capacity, w.Position, w.Languages)
	if isForeignKey(err) {
		return model.Conflict("session_id", "err_not_workshop_slot")
	}
	if err != nil {
		return fmt.Errorf("store: create workshop: %w", err)
	}
	w.ID = id
	if err := db.bumpRevision(ctx, tx, "workshops", id); err != nil {
		return err
	}
	if err := db.setFacilitators(ctx, tx, id, w.FacilitatorIDs); err != nil {
		return err
	}
	return db.insertPeople(ctx, tx, "workshop_id", id, w.People)
}

// setFacilitators replaces the staff accounts invited to a workshop; an
// account deleted meanwhile is not found.
func (db *DB) setFacilitators(ctx context.Context, tx *sqlx.Tx, workshopID int64, userIDs []int64) error {
	if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM workshop_facilitators WHERE workshop_id = ?`), workshopID); err != nil {
		return fmt.Errorf("store: facilitators: %w", err)
	}
	for _, u := range userIDs {
		if err := db.execWrite(ctx, tx, statement{`INSERT INTO workshop_facilitators (workshop_id, user_id) VALUES (?, ?)`,
			[]any{workshopID, u}}); err != nil {
			return err
		}
	}
	return nil
}

// UpdateWorkshop saves a changed workshop and replaces its people. The
// workshop stays in its slot. In first-come mode its capacity does not fall
// below the places granted, and places added by a raised capacity go to the
// people waiting for the workshop. In assignment mode it may fall below the
// published placements: the placements stay as they were told, and the next
// run moves as few people as it must, lists them in its preview and tells
// them when it is published.
func (db *DB) UpdateWorkshop(ctx context.Context, w *model.Workshop) error {
	if err := w.Validate(); err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		e, err := db.lockWorkshopEdition(ctx, tx, w.ID)
		if err != nil {
			return err
		}
		if err := db.bumpRevision(ctx, tx, "workshops", w.ID); err != nil {
			return err
		}
		if e.Mode == model.ModeFirstCome {
			taken, err := db.workshopTaken(ctx, tx, w.ID)
			if err != nil {
				return err
			}
			if err := model.BelowTaken("capacity", "err_capacity_below_taken", w.Capacity, taken); err != nil {
				return err
			}
		}
		err = db.execOne(ctx, tx, `UPDATE workshops SET topic = ?, title = ?, description = ?, room = ?, capacity = ?, position = ?,
			languages = ?, revision = revision + 1 WHERE id = ?`, w.Topic, w.Title, w.Description, w.Room, w.Capacity, w.Position, w.Languages, w.ID)
		if err != nil {
			return err
		}
		if err := db.setFacilitators(ctx, tx, w.ID, w.FacilitatorIDs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM people WHERE workshop_id = ?`), w.ID); err != nil {
			return fmt.Errorf("store: update workshop people: %w", err)
		}
		if err := db.insertPeople(ctx, tx, "workshop_id", w.ID, w.People); err != nil {
			return err
		}
		if e.Mode != model.ModeFirstCome {
			return nil
		}
		return db.fillWorkshops(ctx, tx, []int64{w.ID})
	})
}

// WorkshopTaken counts the places people hold in a workshop (see
// workshopTaken), for the form to say when they are more than its capacity.
func (db *DB) WorkshopTaken(ctx context.Context, id int64) (int, error) {
	return db.workshopTaken(ctx, db.ro, id)
}

// workshopTaken counts the places of a workshop that people hold: those
// granted at once in first-come mode, or else those the edition's published
// assignment gives to people still registered.
func (db *DB) workshopTaken(ctx context.Context, tx sqlx.QueryerContext, id int64) (int, error) {
	var n struct {
		Granted  int `db:"granted"`
		Assigned int `db:"assigned"`
	}
	err := db.getOne(ctx, tx, &n, `SELECT w.taken_count AS granted, (SELECT COUNT(*) FROM assignments a
		JOIN registrations r ON r.id = a.registration_id
		WHERE a.workshop_id = w.id AND r.status = ? AND a.run_id = (SELECT id FROM assignment_runs
			WHERE conference_id = w.conference_id AND published_at IS NOT NULL ORDER BY published_at DESC, id DESC LIMIT 1)) AS assigned
		FROM workshops w WHERE w.id = ?`, model.RegConfirmed, id)
	if err != nil {
		return 0, err
	}
	return max(n.Granted, n.Assigned), nil
}

// DeleteWorkshop removes a workshop and its people, its minutes with their
// files; its resolutions stay, without an origin.
func (db *DB) DeleteWorkshop(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		// The places held in it go with it.
		if _, err := db.lockWorkshopEdition(ctx, tx, id); err != nil {
			return err
		}
		if err := db.bumpRevision(ctx, tx, "workshops", id); err != nil {
			return err
		}
		return db.deleteWithFiles(ctx, tx, workshopFiles, []any{id}, func() error {
			return db.execOne(ctx, tx, `DELETE FROM workshops WHERE id = ?`, id)
		})
	})
}

// lockWorkshopEdition locks the edition of a workshop (lockEdition); an
// unknown workshop is not found.
func (db *DB) lockWorkshopEdition(ctx context.Context, tx *sqlx.Tx, workshopID int64) (*edition, error) {
	var conferenceID int64
	if err := db.getOne(ctx, tx, &conferenceID, `SELECT conference_id FROM workshops WHERE id = ?`, workshopID); err != nil {
		return nil, err
	}
	return db.lockEdition(ctx, tx, conferenceID)
}

// Workshop returns one workshop with its people.
func (db *DB) Workshop(ctx context.Context, id int64) (*model.Workshop, error) {
	var w model.Workshop
	if err := db.getOne(ctx, db.ro, &w, `SELECT `+workshopColumns+` FROM workshops WHERE id = ?`, id); err != nil {
		return nil, err
	}
	err := db.ro.SelectContext(ctx, &w.People, db.q(`SELECT id, name, affiliation, role, position FROM people
		WHERE workshop_id = ? ORDER BY position, id`), id)
	if err != nil {
		return nil, fmt.Errorf("store: workshop people: %w", err)
	}
	err = db.ro.SelectContext(ctx, &w.FacilitatorIDs, db.q(`SELECT user_id FROM workshop_facilitators
		WHERE workshop_id = ? ORDER BY user_id`), id)
	if err != nil {
		return nil, fmt.Errorf("store: workshop facilitators: %w", err)
	}
	return &w, nil
}

// FacilitatedWorkshops returns the workshops a staff account is invited to
// facilitate, by edition and slot.
func (db *DB) FacilitatedWorkshops(ctx context.Context, userID int64) ([]model.Workshop, error) {
	var ws []model.Workshop
	err := db.ro.SelectContext(ctx, &ws, db.q(`SELECT `+prefixed("w.", workshopColumns)+` FROM workshops w
		JOIN workshop_facilitators f ON f.workshop_id = w.id
		JOIN sessions s ON s.id = w.session_id
		WHERE f.user_id = ? ORDER BY s.starts_at, w.conference_id, w.position, w.id`), userID)
	if err != nil {
		return nil, fmt.Errorf("store: facilitated workshops: %w", err)
	}
	return ws, nil
}

// Facilitates reports whether a staff account is invited to a workshop.
func (db *DB) Facilitates(ctx context.Context, userID, workshopID int64) (bool, error) {
	var n int
	err := db.getOne(ctx, db.ro, &n, `SELECT COUNT(*) FROM workshop_facilitators WHERE user_id = ? AND workshop_id = ?`,
		userID, workshopID)
	return n > 0, err
}

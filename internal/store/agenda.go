package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

const sessionColumns = `id, conference_id, kind, title, description, room, starts_at, ends_at, cancelled_at, revision`

// CreateSession adds an item with its people to an edition's agenda; s.ID is set.
// A new item takes place (its CancelledAt is not stored), also one copied
// from a cancelled item of an earlier edition.
func (db *DB) CreateSession(ctx context.Context, s *model.Session) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if _, err := db.Conference(ctx, s.ConferenceID); err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sqlx.Tx) error { return db.createSession(ctx, tx, s) })
}

func (db *DB) createSession(ctx context.Context, tx *sqlx.Tx, s *model.Session) error {
	id, err := db.insert(ctx, tx, `INSERT INTO sessions (conference_id, kind, title, description, room, starts_at, ends_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		s.ConferenceID, s.Kind, s.Title, s.Description, s.Room, s.StartsAt.UTC(), s.EndsAt.UTC())
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	s.ID = id
	if err := db.bumpRevision(ctx, tx, "sessions", id); err != nil {
		return err
	}
	return db.insertPeople(ctx, tx, "session_id", id, s.People)
}

// UpdateSession saves a changed agenda item and replaces its people; each
// save counts as a change of the item (its revision grows). Its
// CancelledAt is stored as given: nil for an item that takes place.
func (db *DB) UpdateSession(ctx context.Context, s *model.Session) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		// The schema refuses a new kind for a slot that holds workshops.
		var cancelled *time.Time
		if s.CancelledAt != nil {
			at := s.CancelledAt.UTC()
			cancelled = &at
		}
		err := db.execOne(ctx, tx, `UPDATE sessions SET kind = ?, title = ?, description = ?, room = ?, starts_at = ?, ends_at = ?,
			cancelled_at = ?, revision = revision + 1
			WHERE id = ?`, s.Kind, s.Title, s.Description, s.Room, s.StartsAt.UTC(), s.EndsAt.UTC(), cancelled, s.ID)
		if isForeignKey(err) {
			return model.Conflict("kind", "err_slot_has_workshops")
		}
		if err != nil {
			if model.ErrorCode(err) == model.ENotFound {
				return err
			}
			return fmt.Errorf("store: update session: %w", err)
		}
		if err := db.bumpRevision(ctx, tx, "sessions", s.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM people WHERE session_id = ?`), s.ID); err != nil {
			return fmt.Errorf("store: update session people: %w", err)
		}
		return db.insertPeople(ctx, tx, "session_id", s.ID, s.People)
	})
}

// DeleteSession removes an agenda item with its minutes and their files; a
// workshop slot that still holds workshops is a conflict, which the schema
// enforces.
func (db *DB) DeleteSession(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		if err := db.bumpRevision(ctx, tx, "sessions", id); err != nil {
			return err
		}
		return db.deleteWithFiles(ctx, tx, sessionFiles, []any{id}, func() error {
			err := db.execOne(ctx, tx, `DELETE FROM sessions WHERE id = ?`, id)
			if isForeignKey(err) {
				return &model.Error{Code: model.EConflict, Message: "err_slot_has_workshops"}
			}
			return err
		})
	})
}

// Session returns one agenda item with its people.
func (db *DB) Session(ctx context.Context, id int64) (*model.Session, error) {
	var s model.Session
	if err := db.getOne(ctx, db.ro, &s, `SELECT `+sessionColumns+` FROM sessions WHERE id = ?`, id); err != nil {
		return nil, err
	}
	err := db.ro.SelectContext(ctx, &s.People, db.q(`SELECT id, name, affiliation, role, position FROM people
		WHERE session_id = ? ORDER BY position, id`), id)
	if err != nil {
		return nil, fmt.Errorf("store: session people: %w", err)
	}
	return &s, nil
}

// insertPeople stores people in order under a session or a workshop (owner
// names the column).
func (db *DB) insertPeople(ctx context.Context, tx *sqlx.Tx, owner string, ownerID int64, people []model.Person) error {
	for i := range people {
		people[i].Position = i
		id, err := db.insert(ctx, tx, `INSERT INTO people (`+owner+`, name, affiliation, role, position) VALUES (?, ?, ?, ?, ?)`,
			ownerID, people[i].Name, people[i].Affiliation, people[i].Role, i)
		if err != nil {
			return fmt.Errorf("store: insert person: %w", err)
		}
		people[i].ID = id
	}
	return nil
}

// personRow is a person as the programme query reads them, with the owner.
type personRow struct {
	model.Person
	SessionID  *int64 `db:"session_id"`
	WorkshopID *int64 `db:"workshop_id"`
}

// Programme returns an edition's agenda by time: every item with its people
// and, for workshop slots, the workshops with theirs. Three queries, whatever
// the size of the agenda.
func (db *DB) Programme(ctx context.Context, conferenceID int64) ([]model.Session, error) {
	var sessions []model.Session
	err := db.ro.SelectContext(ctx, &sessions, db.q(`SELECT `+sessionColumns+` FROM sessions
		WHERE conference_id = ? ORDER BY starts_at, ends_at, id`), conferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: programme: %w", err)
	}
	var workshops []model.Workshop
	err = db.ro.SelectContext(ctx, &workshops, db.q(`SELECT `+workshopColumns+` FROM workshops
		WHERE conference_id = ? ORDER BY position, id`), conferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: programme workshops: %w", err)
	}
	var people []personRow
	err = db.ro.SelectContext(ctx, &people, db.q(`SELECT p.id, p.name, p.affiliation, p.role, p.position, p.session_id, p.workshop_id
		FROM people p
		LEFT JOIN sessions s ON s.id = p.session_id
		LEFT JOIN workshops w ON w.id = p.workshop_id
		WHERE s.conference_id = ? OR w.conference_id = ?
		ORDER BY p.position, p.id`), conferenceID, conferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: programme people: %w", err)
	}

	bySession := map[int64][]model.Person{}
	byWorkshop := map[int64][]model.Person{}
	for _, p := range people {
		if p.SessionID != nil {
			bySession[*p.SessionID] = append(bySession[*p.SessionID], p.Person)
		} else if p.WorkshopID != nil {
			byWorkshop[*p.WorkshopID] = append(byWorkshop[*p.WorkshopID], p.Person)
		}
	}
	workshopsBySession := map[int64][]model.Workshop{}
	for _, w := range workshops {
		w.People = byWorkshop[w.ID]
		workshopsBySession[w.SessionID] = append(workshopsBySession[w.SessionID], w)
	}
	for i := range sessions {
		sessions[i].People = bySession[sessions[i].ID]
		sessions[i].Workshops = workshopsBySession[sessions[i].ID]
	}
	return sessions, nil
}

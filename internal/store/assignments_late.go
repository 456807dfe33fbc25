package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Late placements. Once an edition's assignment is published, people have
// been told where they go. Someone confirmed after that (moved up from the
// waiting list, registered by an organiser or while registration is still
// open) is placed at once, in the transaction that confirms them, into the
// published run: in each workshop slot, in the best-ranked workshop with a
// place free, those that offer the language they need first. A place is
// free while the published run has fewer people still registered there
// than the workshop has places, late ones included. Nobody else moves. The
// transaction holds the edition's lock (edition_places.go), which every
// confirmation, cancellation, change of a workshop and publication takes,
// so two confirmations at once count each other's places and never
// overfill a workshop. Where no workshop the person ranked has room, their
// row has no workshop: they are told that the organisers will place them,
// and the assignment page lists them (Unplaced). A later run starts from
// the published one, late rows included, as from anything people were told.

// lateRoom is what the published run leaves free, read under the edition's lock.
type lateRoom struct {
	slots     []int64 // the workshop slots that take people, in programme order
	workshops map[int64]*lateWorkshop
}

// lateWorkshop is one workshop of the room and its free places.
type lateWorkshop struct {
	ID        int64  `db:"id"`
	SessionID int64  `db:"session_id"`
	Languages string `db:"languages"`
	Free      int    `db:"free"`
}

// readLateRoom reads the free places of the edition's workshops in its
// published run, e.PublishedRun; workshops of a cancelled slot take nobody.
func (db *DB) readLateRoom(ctx context.Context, tx *sqlx.Tx, e *edition) (*lateRoom, error) {
	var rows []*lateWorkshop
	err := tx.SelectContext(ctx, &rows, db.q(`SELECT w.id, w.session_id, w.languages, w.capacity - COALESCE(t.taken, 0) AS free
		FROM workshops w JOIN sessions s ON s.id = w.session_id
		LEFT JOIN (SELECT a.workshop_id, COUNT(*) AS taken FROM assignments a JOIN registrations r ON r.id = a.registration_id
			WHERE a.run_id = ? AND a.workshop_id IS NOT NULL AND r.status = ? GROUP BY a.workshop_id) t ON t.workshop_id = w.id
		WHERE w.conference_id = ? AND s.cancelled_at IS NULL
		ORDER BY s.starts_at, s.id, w.position, w.id`), e.PublishedRun, model.RegConfirmed, e.ID)
	if err != nil {
		return nil, fmt.Errorf("store: free places of the published run: %w", err)
	}
	room := &lateRoom{workshops: make(map[int64]*lateWorkshop, len(rows))}
	for _, w := range rows {
		if !slices.Contains(room.slots, w.SessionID) {
			room.slots = append(room.slots, w.SessionID)
		}
		room.workshops[w.ID] = w
	}
	return room, nil
}

// place chooses r's workshop in each slot of the room and takes its place:
// among the workshops r ranked in the slot, those that offer the language
// r needs come first, each group in r's order; the first with a place free
// is r's. It returns one row per slot, without a workshop where none of
// them has room.
func (room *lateRoom) place(r *model.Registration) []model.Assignment {
	offers := func(w int64) bool {
		ws := room.workshops[w]
		return ws != nil && model.IsInterpretLanguage(r.Interpreting) &&
			slices.Contains(model.SplitCodes(ws.Languages), r.Interpreting)
	}
	var out []model.Assignment
	for _, slot := range room.slots {
		a := model.Assignment{RegistrationID: r.ID, SessionID: slot, Source: model.SourceLate}
		ranked := r.Choices[slot]
		order := slices.Clone(ranked)
		slices.SortStableFunc(order, func(x, y int64) int {
			switch ox, oy := offers(x), offers(y); {
			case ox && !oy:
				return -1
			case oy && !ox:
				return 1
			}
			return 0
		})
		for _, w := range order {
			ws := room.workshops[w]
			if ws == nil || ws.SessionID != slot || ws.Free <= 0 {
				continue
			}
			ws.Free--
			id := w
			a.WorkshopID, a.Rank = &id, slices.Index(ranked, w)+1
			break
		}
		out = append(out, a)
	}
	return out
}

// placeLate places the confirmed ones of regs into the edition's published
// run, as above, and sets their LatePlacements; it returns the writes that
// store the rows, which must run after the registrations' own. Before
// anything is published it does nothing. The caller holds e's lock, and
// regs have their ids, choices and interpretation language.
func (db *DB) placeLate(ctx context.Context, tx *sqlx.Tx, e *edition, regs ...*model.Registration) ([]statement, error) {
	if e.PublishedRun == 0 {
		return nil, nil
	}
	var confirmed []*model.Registration
	for _, r := range regs {
		if r.Status == model.RegConfirmed {
			confirmed = append(confirmed, r)
		}
	}
	if len(confirmed) == 0 {
		return nil, nil
	}
	room, err := db.readLateRoom(ctx, tx, e)
	if err != nil {
		return nil, err
	}
	var rows []model.Assignment
	for _, r := range confirmed {
		r.LatePlacements = room.place(r)
		rows = append(rows, r.LatePlacements...)
	}
	var writes []statement
	// In slices, so that no statement outgrows SQLite's limit of parameters.
	for part := range slices.Chunk(rows, 500) {
		var args []any
		for _, a := range part {
			args = append(args, e.PublishedRun, a.RegistrationID, a.SessionID, a.WorkshopID, a.Rank, a.Source)
		}
		writes = append(writes, statement{`INSERT INTO assignments (run_id, registration_id, session_id, workshop_id, rank, source)
			VALUES ` + strings.Join(slices.Repeat([]string{"(?, ?, ?, ?, ?, ?)"}, len(part)), ", "), args})
	}
	return writes, nil
}

// placePromoted places a person who just moved up from the waiting list
// into the published run, if there is one; the caller holds e's lock.
func (db *DB) placePromoted(ctx context.Context, tx *sqlx.Tx, e *edition, id int64) error {
	if e.PublishedRun == 0 {
		return nil
	}
	r := &model.Registration{ID: id, ConferenceID: e.ID, Status: model.RegConfirmed}
	if err := db.getOne(ctx, tx, &r.Interpreting, `SELECT interpretation FROM registrations WHERE id = ?`, id); err != nil {
		return err
	}
	if err := db.loadChoices(ctx, tx, r); err != nil {
		return err
	}
	writes, err := db.placeLate(ctx, tx, e, r)
	if err != nil {
		return err
	}
	return db.execAll(ctx, tx, writes)
}

// Unplaced is a confirmed registration that the published run gives no
// workshop in some workshop slot: confirmed after publishing when none of
// the workshops they ranked had room (Late), or else not in the run at all
// (confirmed between the run and its publication, or added at the door)
// or left without a place by it.
type Unplaced struct {
	RegistrationID int64
	Name           string
	Slots          []int64 // the slots without a workshop, in programme order
	Late           bool    // confirmed after the run was published
}

// Unplaced lists the edition's confirmed registrations without a workshop
// in the published run, in the order they registered; none before a run
// is published.
func (db *DB) Unplaced(ctx context.Context, conferenceID int64) ([]Unplaced, error) {
	runID, err := db.PublishedRunID(ctx, conferenceID)
	if err != nil || runID == 0 {
		return nil, err
	}
	var rows []struct {
		RegistrationID int64  `db:"registration_id"`
		Name           string `db:"name"`
		SessionID      int64  `db:"session_id"`
		Late           bool   `db:"late"`
	}
	err = db.ro.SelectContext(ctx, &rows, db.q(`SELECT r.id AS registration_id, r.name, s.id AS session_id,
			EXISTS (SELECT 1 FROM assignments l WHERE l.run_id = ? AND l.registration_id = r.id AND l.source = ?) AS late
		FROM registrations r JOIN sessions s ON s.conference_id = r.conference_id
		WHERE r.conference_id = ? AND r.status = ? AND s.kind = ? AND s.cancelled_at IS NULL
			AND EXISTS (SELECT 1 FROM workshops w WHERE w.session_id = s.id)
			AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.run_id = ? AND a.registration_id = r.id
				AND a.session_id = s.id AND a.workshop_id IS NOT NULL)
		ORDER BY r.id, s.starts_at, s.id`), runID, model.SourceLate, conferenceID, model.RegConfirmed,
		model.KindWorkshopSlot, runID)
	if err != nil {
		return nil, fmt.Errorf("store: people without a workshop: %w", err)
	}
	var out []Unplaced
	for _, x := range rows {
		if n := len(out); n == 0 || out[n-1].RegistrationID != x.RegistrationID {
			out = append(out, Unplaced{RegistrationID: x.RegistrationID, Name: x.Name, Late: x.Late})
		}
		out[len(out)-1].Slots = append(out[len(out)-1].Slots, x.SessionID)
	}
	return out, nil
}

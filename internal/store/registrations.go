package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

const registrationColumns = `r.id, r.conference_id, r.status, r.name, r.email, r.phone, r.organisation, r.municipality,
	r.category, r.languages, r.interpretation, r.accessibility, r.childcare_children, r.childcare_ages, r.diet,
	r.list_consent, r.photo_consent, r.contact_name, r.contact_email, r.lang, r.consented_at, r.created_at,
	r.updated_at, r.cancelled_at, r.anonymised_at, r.checked_in_at, r.walk_in`

// newRegistrationToken makes a personal link's token: 128 random bits.
func newRegistrationToken() string {
	buf := make([]byte, 16)
	rand.Read(buf)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// waitingPosition counts the people waiting up to and including r: the
// list is in the order people registered.
func (db *DB) waitingPosition(ctx context.Context, r *model.Registration) (int, error) {
	var n int
	err := db.getOne(ctx, db.ro, &n, `SELECT COUNT(*) FROM registrations
		WHERE conference_id = ? AND status = ? AND id <= ?`, r.ConferenceID, model.RegWaiting, r.ID)
	return n, err
}

// RegistrationByToken returns the registration a personal link belongs to,
// with its choices and waiting position.
func (db *DB) RegistrationByToken(ctx context.Context, token string) (*model.Registration, error) {
	var r model.Registration
	err := db.getOne(ctx, db.ro, &r, `SELECT `+registrationColumns+` FROM registration_tokens t
		JOIN registrations r ON r.id = t.registration_id WHERE t.token_hash = ?`, hashToken(token))
	if err != nil {
		return nil, err
	}
	return &r, db.loadRegistrationDetails(ctx, &r)
}

// Registration returns one registration with its choices and waiting position.
func (db *DB) Registration(ctx context.Context, id int64) (*model.Registration, error) {
	var r model.Registration
	err := db.getOne(ctx, db.ro, &r, `SELECT `+registrationColumns+` FROM registrations r WHERE r.id = ?`, id)
	if err != nil {
		return nil, err
	}
	return &r, db.loadRegistrationDetails(ctx, &r)
}

// preference is one ranked choice as stored, read in rank order.
type preference struct {
	RegistrationID int64  `db:"registration_id"`
	SessionID      int64  `db:"session_id"`
	WorkshopID     int64  `db:"workshop_id"`
	State          string `db:"state"`
}

// addTo adds the choice to r's ranking and places; r's maps must exist.
func (p preference) addTo(r *model.Registration) {
	r.Choices[p.SessionID] = append(r.Choices[p.SessionID], p.WorkshopID)
	switch p.State {
	case prefGranted:
		r.Granted[p.SessionID] = p.WorkshopID
	case prefWaiting:
		r.Waiting[p.SessionID] = append(r.Waiting[p.SessionID], p.WorkshopID)
	}
}

func (db *DB) loadRegistrationDetails(ctx context.Context, r *model.Registration) error {
	var prefs []preference
	err := db.ro.SelectContext(ctx, &prefs, db.q(`SELECT registration_id, session_id, workshop_id, state FROM preferences
		WHERE registration_id = ? ORDER BY session_id, rank`), r.ID)
	if err != nil {
		return fmt.Errorf("store: choices: %w", err)
	}
	r.Choices, r.Granted, r.Waiting = map[int64][]int64{}, map[int64]int64{}, map[int64][]int64{}
	for _, p := range prefs {
		p.addTo(r)
	}
	r.Position = 0
	if r.Status == model.RegWaiting {
		r.Position, err = db.waitingPosition(ctx, r)
	}
	return err
}

// UpdateRegistration saves the person's changed details and choices; the
// status and the edition place stay as they are. In first-come mode,
// changed choices are granted anew, as if registering now: the places held
// go to the people waiting for them.
func (db *DB) UpdateRegistration(ctx context.Context, r *model.Registration) error {
	r.UpdatedAt = db.now()
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		old := &model.Registration{ID: r.ID}
		if err := db.loadChoices(ctx, tx, old); err != nil {
			return err
		}
		changed := !sameChoices(old.Choices, r.Choices)
		mode := model.ModeAssign
		if changed {
			// The edition first, then the registration (edition_places.go).
			e, err := db.lockEdition(ctx, tx, r.ConferenceID)
			if err != nil {
				return err
			}
			mode = e.Mode
			// Read under the lock: the person may have moved up since the
			// caller read the registration.
			if err := db.getOne(ctx, tx, &r.Status, `SELECT status FROM registrations WHERE id = ?`, r.ID); err != nil {
				return err
			}
		}
		err := db.execOne(ctx, tx, `UPDATE registrations SET name = ?, email = ?, phone = ?, organisation = ?,
			municipality = ?, category = ?, languages = ?, interpretation = ?, accessibility = ?,
			childcare_children = ?, childcare_ages = ?, diet = ?, list_consent = ?, photo_consent = ?,
			contact_name = ?, contact_email = ?, lang = ?, updated_at = ?
			WHERE id = ? AND status <> ? AND anonymised_at IS NULL`,
			r.Name, r.Email, r.Phone, r.Organisation, r.Municipality, r.Category, r.Languages, r.Interpreting,
			r.Access, r.Children, r.ChildAges, r.Diet, r.ListConsent, r.PhotoConsent, r.ContactName,
			r.ContactEmail, r.Lang, r.UpdatedAt, r.ID, model.RegCancelled)
		if isUnique(err) {
			return model.Conflict("email", "err_email_registered")
		}
		if err != nil || !changed {
			return err
		}
		var freed []int64
		r.Granted, r.Waiting = nil, nil
		if mode == model.ModeFirstCome && r.Status == model.RegConfirmed {
			if freed, err = db.releaseWorkshops(ctx, tx, r.ID); err != nil {
				return err
			}
			places, err := db.freeWorkshopPlaces(ctx, tx, r.ConferenceID)
			if err != nil {
				return err
			}
			chooseWorkshops(r, places)
			if err := db.execAll(ctx, tx, takeGranted(r)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM preferences WHERE registration_id = ?`), r.ID); err != nil {
			return fmt.Errorf("store: update choices: %w", err)
		}
		if w, ok := choiceWrite(r); ok {
			if err := db.execWrite(ctx, tx, w); err != nil {
				return err
			}
		}
		return db.fillWorkshops(ctx, tx, freed)
	})
}

// sameChoices reports whether two rankings are the same.
func sameChoices(a, b map[int64][]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for slot, ranked := range a {
		if !slices.Equal(ranked, b[slot]) {
			return false
		}
	}
	return true
}

// sortedSlots returns the slots of a ranking in a fixed order.
func sortedSlots(choices map[int64][]int64) []int64 {
	return slices.Sorted(maps.Keys(choices))
}

// CancelRegistration cancels a registration. If it held a place, the first
// person waiting gets it; that registration is returned so that they can be
// told (nil if nobody moved up). Cancelling twice is a conflict.
func (db *DB) CancelRegistration(ctx context.Context, id int64) (*model.Registration, error) {
	var promotedID int64
	err := db.tx(ctx, func(tx *sqlx.Tx) (err error) {
		promotedID, err = db.cancel(ctx, tx, id)
		return err
	})
	if err != nil || promotedID == 0 {
		return nil, err
	}
	return db.Registration(ctx, promotedID)
}

// cancel cancels a registration in tx and returns the id of the person who
// moved up into its place, 0 if none.
func (db *DB) cancel(ctx context.Context, tx *sqlx.Tx, id int64) (int64, error) {
	var conferenceID int64
	if err := db.getOne(ctx, tx, &conferenceID, `SELECT conference_id FROM registrations WHERE id = ?`, id); err != nil {
		return 0, err
	}
	e, err := db.lockEdition(ctx, tx, conferenceID)
	if err != nil {
		return 0, err
	}
	// Read under the lock: a promotion that committed meanwhile is seen.
	var status string
	if err := db.getOne(ctx, tx, &status, `SELECT status FROM registrations WHERE id = ?`, id); err != nil {
		return 0, err
	}
	now := db.now()
	// Conditional on the status read, so that of two cancellations at once only one counts.
	err = db.execOne(ctx, tx, `UPDATE registrations SET status = ?, cancelled_at = ?, updated_at = ?
		WHERE id = ? AND status = ? AND status <> ?`, model.RegCancelled, now, now, id, status, model.RegCancelled)
	if model.ErrorCode(err) == model.ENotFound {
		return 0, &model.Error{Code: model.EConflict, Message: "err_already_cancelled"}
	}
	if err != nil || status != model.RegConfirmed {
		return 0, err
	}
	if err := db.freePlace(ctx, tx, conferenceID); err != nil {
		return 0, err
	}
	if e.Mode == model.ModeFirstCome {
		freed, err := db.releaseWorkshops(ctx, tx, id)
		if err != nil {
			return 0, err
		}
		// Those already in, waiting for a better workshop, come before the person moving up.
		if err := db.fillWorkshops(ctx, tx, freed); err != nil {
			return 0, err
		}
	}
	return db.promoteWaiting(ctx, tx, e)
}

// promoteWaiting gives a free place to the first person waiting and returns
// their id, 0 if nobody is waiting or no place is free. The caller holds the
// edition's lock, so nobody else promotes meanwhile. In first-come mode the
// person is granted their workshops as if they registered now; once an
// assignment is published they are placed in it at once.
func (db *DB) promoteWaiting(ctx context.Context, tx *sqlx.Tx, e *edition) (int64, error) {
	conferenceID := e.ID
	var next int64
	err := db.getOne(ctx, tx, &next, `SELECT id FROM registrations WHERE conference_id = ? AND status = ?
		ORDER BY id LIMIT 1`, conferenceID, model.RegWaiting)
	if model.ErrorCode(err) == model.ENotFound {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	placed, err := db.takePlace(ctx, tx, conferenceID)
	if err != nil || !placed {
		return 0, err
	}
	err = db.execOne(ctx, tx, `UPDATE registrations SET status = ?, updated_at = ? WHERE id = ?`,
		model.RegConfirmed, db.now(), next)
	if err != nil {
		return 0, fmt.Errorf("store: promote: %w", err)
	}
	if e.Mode == model.ModeFirstCome {
		r := &model.Registration{ID: next, ConferenceID: conferenceID}
		if err := db.loadChoices(ctx, tx, r); err != nil {
			return 0, err
		}
		if err := db.grantWorkshops(ctx, tx, r); err != nil {
			return 0, err
		}
	}
	// After publishing, the person is placed at once (assignments_late.go).
	if err := db.placePromoted(ctx, tx, e, next); err != nil {
		return 0, err
	}
	return next, nil
}

// loadChoices reads a registration's ranking in tx.
func (db *DB) loadChoices(ctx context.Context, tx *sqlx.Tx, r *model.Registration) error {
	var prefs []struct {
		SessionID  int64 `db:"session_id"`
		WorkshopID int64 `db:"workshop_id"`
	}
	if err := tx.SelectContext(ctx, &prefs, db.q(`SELECT session_id, workshop_id FROM preferences
		WHERE registration_id = ? ORDER BY session_id, rank`), r.ID); err != nil {
		return fmt.Errorf("store: choices: %w", err)
	}
	r.Choices = map[int64][]int64{}
	for _, p := range prefs {
		r.Choices[p.SessionID] = append(r.Choices[p.SessionID], p.WorkshopID)
	}
	return nil
}

// NewLink makes another personal link for a registration, to send again;
// the earlier links keep working.
func (db *DB) NewLink(ctx context.Context, registrationID int64) (string, error) {
	token := newRegistrationToken()
	_, err := db.rw.ExecContext(ctx, db.q(`INSERT INTO registration_tokens (token_hash, registration_id, created_at) VALUES (?, ?, ?)`),
		hashToken(token), registrationID, db.now())
	if isForeignKey(err) {
		return "", model.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: new link: %w", err)
	}
	return token, nil
}

// RegistrationByEmail returns the edition's registration with the address,
// unless it was cancelled.
func (db *DB) RegistrationByEmail(ctx context.Context, conferenceID int64, email string) (*model.Registration, error) {
	var r model.Registration
	err := db.getOne(ctx, db.ro, &r, `SELECT `+registrationColumns+` FROM registrations r
		WHERE r.conference_id = ? AND r.email = ? AND r.status <> ?`, conferenceID, email, model.RegCancelled)
	if err != nil {
		return nil, err
	}
	return &r, db.loadRegistrationDetails(ctx, &r)
}

// AnonymiseRegistration deletes a person's data at their request: the
// registration is cancelled (its place goes to the first person waiting,
// who is returned) and every personal field emptied. The row stays, with
// its category and choices, so counts and waiting lists stay right; its
// links, emails and change requests go. The audit log records that it
// happened, not who.
func (db *DB) AnonymiseRegistration(ctx context.Context, id int64) (*model.Registration, error) {
	var promotedID int64
	err := db.tx(ctx, func(tx *sqlx.Tx) error {
		var err error
		promotedID, err = db.cancel(ctx, tx, id)
		if err != nil && model.ErrorCode(err) != model.EConflict { // already cancelled: anonymise all the same
			return err
		}
		now := db.now()
		set, args := anonymisedColumns()
		var conferenceID int64
		err = db.getOne(ctx, tx, &conferenceID, `UPDATE registrations SET `+set+`, updated_at = ?, anonymised_at = ?
			WHERE id = ? RETURNING conference_id`, append(args, now, now, id)...)
		if err != nil {
			return fmt.Errorf("store: anonymise: %w", err)
		}
		// Change requests carry the person's own words: they go too.
		for _, table := range []string{"registration_tokens", "outbox", "change_requests"} {
			if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM `+table+` WHERE registration_id = ?`), id); err != nil {
				return fmt.Errorf("store: anonymise %s: %w", table, err)
			}
		}
		return db.audit(ctx, tx, &model.AuditEvent{Actor: "participant", Action: model.AuditAnonymised,
			ConferenceID: &conferenceID, Detail: fmt.Sprintf("registration %d", id)})
	})
	if err != nil || promotedID == 0 {
		return nil, err
	}
	return db.Registration(ctx, promotedID)
}

// anonymisedColumns returns the SET list that empties a registration's
// personal fields (model.PersonalFields), and its arguments.
func anonymisedColumns() (string, []any) {
	var set []string
	var args []any
	for _, f := range model.PersonalFields() {
		set = append(set, f.Name+" = ?")
		args = append(args, f.Cleared())
	}
	return strings.Join(set, ", "), args
}

// PromoteWaiting gives the edition's free places to the people waiting, in
// order, as after its capacity was raised, and returns those who moved up
// so that they can be told.
func (db *DB) PromoteWaiting(ctx context.Context, conferenceID int64) ([]*model.Registration, error) {
	var ids []int64
	err := db.tx(ctx, func(tx *sqlx.Tx) error {
		ids = nil
		e, err := db.lockEdition(ctx, tx, conferenceID)
		if err != nil {
			return err
		}
		for {
			id, err := db.promoteWaiting(ctx, tx, e)
			if err != nil || id == 0 {
				return err
			}
			ids = append(ids, id)
		}
	})
	if err != nil {
		return nil, err
	}
	promoted := make([]*model.Registration, 0, len(ids))
	for _, id := range ids {
		r, err := db.Registration(ctx, id)
		if err != nil {
			return nil, err
		}
		promoted = append(promoted, r)
	}
	return promoted, nil
}

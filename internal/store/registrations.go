package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

const registrationColumns = `r.id, r.conference_id, r.status, r.name, r.email, r.phone, r.organisation, r.municipality,
	r.category, r.languages, r.interpretation, r.accessibility, r.childcare_children, r.childcare_ages, r.diet,
	r.list_consent, r.photo_consent, r.contact_name, r.contact_email, r.lang, r.consented_at, r.created_at,
	r.updated_at, r.cancelled_at, r.anonymised_at`

// newRegistrationToken makes a personal link's token: 128 random bits.
func newRegistrationToken() string {
	buf := make([]byte, 16)
	rand.Read(buf)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// Register stores a new registration with its choices and returns the
// token of its personal link. The person gets a place if the edition has
// one left, else the next place on the waiting list (r.Status and
// r.Position say which). The same address registering again for the same
// edition is a conflict on "email". The caller validates r against the
// edition's workshops first (model.Registration.Validate).
func (db *DB) Register(ctx context.Context, r *model.Registration) (string, error) {
	now := db.now()
	r.CreatedAt, r.UpdatedAt, r.ConsentedAt = now, now, now
	token := newRegistrationToken()
	err := db.tx(ctx, func(tx *sqlx.Tx) error {
		// The row goes in as waiting; the place is taken last, so that the
		// conference row, which every registration of the edition locks, is
		// held for as short a time as possible.
		r.Status = model.RegWaiting
		id, err := db.insert(ctx, tx, `INSERT INTO registrations (conference_id, status, name, email, phone,
			organisation, municipality, category, languages, interpretation, accessibility, childcare_children,
			childcare_ages, diet, list_consent, photo_consent, contact_name, contact_email, lang, consented_at,
			created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ConferenceID, r.Status, r.Name, r.Email, r.Phone, r.Organisation, r.Municipality, r.Category,
			r.Languages, r.Interpreting, r.Access, r.Children, r.ChildAges, r.Diet, r.ListConsent, r.PhotoConsent,
			r.ContactName, r.ContactEmail, r.Lang, r.ConsentedAt, r.CreatedAt, r.UpdatedAt)
		if isUnique(err) {
			return model.Conflict("email", "err_already_registered")
		}
		if isForeignKey(err) {
			return model.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: register: %w", err)
		}
		r.ID = id
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO registration_tokens (token_hash, registration_id, created_at) VALUES (?, ?, ?)`),
			hashToken(token), id, now); err != nil {
			return fmt.Errorf("store: register token: %w", err)
		}
		if err := db.insertChoices(ctx, tx, r); err != nil {
			return err
		}
		placed, err := db.takePlace(ctx, tx, r.ConferenceID)
		if err != nil || !placed {
			return err
		}
		r.Status = model.RegConfirmed
		_, err = tx.ExecContext(ctx, db.q(`UPDATE registrations SET status = ? WHERE id = ?`), r.Status, id)
		return err
	})
	if err != nil {
		return "", err
	}
	if r.Status == model.RegWaiting {
		if r.Position, err = db.waitingPosition(ctx, r); err != nil {
			return "", err
		}
	}
	return token, nil
}

// takePlace takes one of the edition's places if one is free. The
// condition and the increment are one statement: the limit holds however
// many instances register at once.
func (db *DB) takePlace(ctx context.Context, tx *sqlx.Tx, conferenceID int64) (bool, error) {
	res, err := tx.ExecContext(ctx, db.q(`UPDATE conferences SET confirmed_count = confirmed_count + 1
		WHERE id = ? AND (capacity = 0 OR confirmed_count < capacity)`), conferenceID)
	if err != nil {
		return false, fmt.Errorf("store: take place: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// insertChoices stores the ranked choices of r, rank 1 first.
func (db *DB) insertChoices(ctx context.Context, tx *sqlx.Tx, r *model.Registration) error {
	for slot, ranked := range r.Choices {
		for i, workshop := range ranked {
			_, err := tx.ExecContext(ctx, db.q(`INSERT INTO preferences (registration_id, session_id, workshop_id, rank)
				VALUES (?, ?, ?, ?)`), r.ID, slot, workshop, i+1)
			if err != nil {
				return fmt.Errorf("store: insert choice: %w", err)
			}
		}
	}
	return nil
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

func (db *DB) loadRegistrationDetails(ctx context.Context, r *model.Registration) error {
	var prefs []struct {
		SessionID  int64 `db:"session_id"`
		WorkshopID int64 `db:"workshop_id"`
	}
	err := db.ro.SelectContext(ctx, &prefs, db.q(`SELECT session_id, workshop_id FROM preferences
		WHERE registration_id = ? ORDER BY session_id, rank`), r.ID)
	if err != nil {
		return fmt.Errorf("store: choices: %w", err)
	}
	r.Choices = map[int64][]int64{}
	for _, p := range prefs {
		r.Choices[p.SessionID] = append(r.Choices[p.SessionID], p.WorkshopID)
	}
	r.Position = 0
	if r.Status == model.RegWaiting {
		r.Position, err = db.waitingPosition(ctx, r)
	}
	return err
}

// UpdateRegistration saves the person's changed details and choices; the
// status and place stay as they are.
func (db *DB) UpdateRegistration(ctx context.Context, r *model.Registration) error {
	r.UpdatedAt = db.now()
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		err := db.execOne(ctx, tx, `UPDATE registrations SET name = ?, email = ?, phone = ?, organisation = ?,
			municipality = ?, category = ?, languages = ?, interpretation = ?, accessibility = ?,
			childcare_children = ?, childcare_ages = ?, diet = ?, list_consent = ?, photo_consent = ?,
			contact_name = ?, contact_email = ?, lang = ?, updated_at = ?
			WHERE id = ? AND status <> ?`,
			r.Name, r.Email, r.Phone, r.Organisation, r.Municipality, r.Category, r.Languages, r.Interpreting,
			r.Access, r.Children, r.ChildAges, r.Diet, r.ListConsent, r.PhotoConsent, r.ContactName,
			r.ContactEmail, r.Lang, r.UpdatedAt, r.ID, model.RegCancelled)
		if isUnique(err) {
			return model.Conflict("email", "err_email_registered")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM preferences WHERE registration_id = ?`), r.ID); err != nil {
			return fmt.Errorf("store: update choices: %w", err)
		}
		return db.insertChoices(ctx, tx, r)
	})
}

// CancelRegistration cancels a registration. If it held a place, the first
// person waiting gets it; that registration is returned so that they can be
// told (nil if nobody moved up). Cancelling twice is a conflict.
func (db *DB) CancelRegistration(ctx context.Context, id int64) (*model.Registration, error) {
	var promotedID int64
	err := db.tx(ctx, func(tx *sqlx.Tx) error {
		var r struct {
			Status       string `db:"status"`
			ConferenceID int64  `db:"conference_id"`
		}
		if err := db.getOne(ctx, tx, &r, `SELECT status, conference_id FROM registrations WHERE id = ?`, id); err != nil {
			return err
		}
		now := db.now()
		// Conditional on the status read, so that of two cancellations at once only one counts.
		err := db.execOne(ctx, tx, `UPDATE registrations SET status = ?, cancelled_at = ?, updated_at = ?
			WHERE id = ? AND status = ? AND status <> ?`, model.RegCancelled, now, now, id, r.Status, model.RegCancelled)
		if model.ErrorCode(err) == model.ENotFound {
			return &model.Error{Code: model.EConflict, Message: "err_already_cancelled"}
		}
		if err != nil || r.Status != model.RegConfirmed {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE conferences SET confirmed_count = confirmed_count - 1 WHERE id = ?`),
			r.ConferenceID); err != nil {
			return fmt.Errorf("store: free place: %w", err)
		}
		promotedID, err = db.promoteWaiting(ctx, tx, r.ConferenceID)
		return err
	})
	if err != nil || promotedID == 0 {
		return nil, err
	}
	return db.Registration(ctx, promotedID)
}

// promoteWaiting gives a free place to the first person waiting and returns
// their id, 0 if nobody is waiting or no place is free.
func (db *DB) promoteWaiting(ctx context.Context, tx *sqlx.Tx, conferenceID int64) (int64, error) {
	// Another transaction may promote the same person first; then the next one is tried.
	for range 100 {
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
		err = db.execOne(ctx, tx, `UPDATE registrations SET status = ?, updated_at = ? WHERE id = ? AND status = ?`,
			model.RegConfirmed, db.now(), next, model.RegWaiting)
		if err == nil {
			return next, nil
		}
		if model.ErrorCode(err) != model.ENotFound {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE conferences SET confirmed_count = confirmed_count - 1 WHERE id = ?`),
			conferenceID); err != nil {
			return 0, err
		}
	}
	return 0, fmt.Errorf("store: promote: the waiting list kept changing")
}

// Registrations returns an edition's registrations in the order they came,
// each with its waiting position but without choices.
func (db *DB) Registrations(ctx context.Context, conferenceID int64) ([]model.Registration, error) {
	var out []model.Registration
	err := db.ro.SelectContext(ctx, &out, db.q(`SELECT `+registrationColumns+` FROM registrations r
		WHERE r.conference_id = ? ORDER BY r.id`), conferenceID)
	if err != nil {
		return nil, fmt.Errorf("store: registrations: %w", err)
	}
	waiting := 0
	for i := range out {
		if out[i].Status == model.RegWaiting {
			waiting++
			out[i].Position = waiting
		}
	}
	return out, nil
}

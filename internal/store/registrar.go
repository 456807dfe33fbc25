package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Registrations are written in groups. Every registration of an edition
// must lock the edition's row, to count its places exactly across
// instances, and hold it until its commit; one at a time, an edition takes
// a few hundred registrations a second. So each instance has one writer
// that takes every registration waiting when it is free and stores them
// in one transaction: one lock, one commit, a few statements for all. A
// caller waits until its registration is committed (or failed), so nothing
// is confirmed that is not stored.

// Compose writes the email that confirms a registration, given its personal
// link's token; nil for none. It runs in the transaction that stores the
// registration, so the email is stored with it or not at all.
type Compose func(r *model.Registration, token string) *model.Email

// maxBatch bounds one transaction: a few milliseconds of work at most.
const maxBatch = 100

// errClosed answers registrations after Close.
var errClosed = errors.New("store: closed")

// registrar is the writer of registrations.
type registrar struct {
	start sync.Once
	close sync.Once
	queue chan *pendingRegistration
	stop  chan struct{}
	done  chan struct{}
}

func newRegistrar() *registrar {
	return &registrar{queue: make(chan *pendingRegistration), stop: make(chan struct{}), done: make(chan struct{})}
}

// pendingRegistration is one caller's registration, waiting to be written.
type pendingRegistration struct {
	r       *model.Registration
	compose Compose
	token   string
	err     error
	written chan struct{}
}

// Register stores a new registration with its choices and returns the
// token of its personal link. The person gets a place if the edition has
// one left, else the next place on the waiting list (r.Status and
// r.Position say which); in first-come mode also their workshops (r.Granted,
// r.Waiting). The same address registering again for the same edition is
// a conflict on "email". compose, if not nil, writes the confirmation,
// which is queued in the outbox in the same transaction. The caller
// validates r against the edition's workshops first (model.Registration.Validate).
func (db *DB) Register(ctx context.Context, r *model.Registration, compose Compose) (string, error) {
	db.registrar.start.Do(func() { go db.writeRegistrations() })
	p := &pendingRegistration{r: r, compose: compose, written: make(chan struct{})}
	select {
	case db.registrar.queue <- p:
	case <-ctx.Done():
		return "", ctx.Err()
	case <-db.registrar.stop:
		return "", errClosed
	}
	// Once queued, the registration may be written: wait for the outcome
	// even if the caller has gone, so that it is never half known.
	<-p.written
	return p.token, p.err
}

// closeRegistrar stops the writer after the batch it is writing; closing
// twice is harmless, as for the pools.
func (db *DB) closeRegistrar() {
	db.registrar.close.Do(func() {
		close(db.registrar.stop)
		started := true
		db.registrar.start.Do(func() { started = false })
		if started {
			<-db.registrar.done
		}
	})
}

// writeRegistrations is the writer: it takes the registrations waiting,
// up to maxBatch, and writes them, until the store is closed.
func (db *DB) writeRegistrations() {
	defer close(db.registrar.done)
	for {
		var batch []*pendingRegistration
		select {
		case p := <-db.registrar.queue:
			batch = append(batch, p)
		case <-db.registrar.stop:
			return
		}
	more:
		for len(batch) < maxBatch {
			select {
			case p := <-db.registrar.queue:
				batch = append(batch, p)
			default:
				break more
			}
		}
		db.writeBatch(batch)
	}
}

// writeBatch writes a batch, one transaction per edition. If a transaction
// fails, its registrations are written one by one, so that one bad
// registration (an address taken meanwhile by a change on a personal page)
// fails alone.
func (db *DB) writeBatch(batch []*pendingRegistration) {
	byConference := map[int64][]*pendingRegistration{}
	var order []int64
	for _, p := range batch {
		id := p.r.ConferenceID
		if _, seen := byConference[id]; !seen {
			order = append(order, id)
		}
		byConference[id] = append(byConference[id], p)
	}
	for _, id := range order {
		group := byConference[id]
		err := db.writeGroup(group)
		switch {
		case err != nil && len(group) > 1:
			for _, p := range group {
				if err := db.writeGroup([]*pendingRegistration{p}); err != nil {
					p.err = err
				}
			}
		case err != nil:
			group[0].err = err
		}
		for _, p := range group {
			close(p.written)
		}
	}
}

// writeTimeout bounds one transaction; the callers' own contexts may not
// cancel a write that others share.
const writeTimeout = 30 * time.Second

// writeGroup stores registrations of one edition in one transaction. A
// registration refused on its own (its address is registered) gets its
// error in p.err; the returned error fails the whole group.
func (db *DB) writeGroup(group []*pendingRegistration) (err error) {
	defer func() {
		if v := recover(); v != nil { // a panicking compose must not take the writer down
			err = fmt.Errorf("store: register: panic: %v", v)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	conferenceID := group[0].r.ConferenceID
	var stored []*pendingRegistration
	err = db.tx(ctx, func(tx *sqlx.Tx) error {
		stored = nil
		edition, err := db.lockForRegistrations(ctx, tx, conferenceID)
		if err != nil {
			return err
		}
		taken, err := db.takenAddresses(ctx, tx, conferenceID, group)
		if err != nil {
			return err
		}
		for _, p := range group {
			p.err = nil
			if p.r.Email != nil && taken[*p.r.Email] {
				p.err = model.Conflict("email", "err_already_registered")
				continue
			}
			if p.r.Email != nil {
				taken[*p.r.Email] = true
			}
			stored = append(stored, p)
		}
		if len(stored) == 0 {
			return nil
		}
		if err := db.placeRegistrations(ctx, tx, edition, stored); err != nil {
			return err
		}
		return db.insertRegistrations(ctx, tx, stored)
	})
	if err != nil {
		for _, p := range stored {
			p.token = ""
		}
	}
	return err
}

// edition is what writing registrations needs to know of their edition.
type edition struct {
	ID        int64  `db:"id"`
	Capacity  int    `db:"capacity"`
	Confirmed int    `db:"confirmed_count"`
	Mode      string `db:"registration_mode"`
}

// lockForRegistrations locks the edition's row for the transaction and
// reads its places. On SQLite the transaction holds the database's one
// write lock already.
func (db *DB) lockForRegistrations(ctx context.Context, tx *sqlx.Tx, conferenceID int64) (*edition, error) {
	query := `SELECT id, capacity, confirmed_count, registration_mode FROM conferences WHERE id = ?`
	if db.dialect == Postgres {
		query += ` FOR UPDATE`
	}
	var e edition
	if err := db.getOne(ctx, tx, &e, query, conferenceID); err != nil {
		return nil, err
	}
	return &e, nil
}

// takenAddresses returns the addresses of the group already registered for
// the edition. Under the edition's lock no registration can come between.
func (db *DB) takenAddresses(ctx context.Context, tx *sqlx.Tx, conferenceID int64, group []*pendingRegistration) (map[string]bool, error) {
	taken := map[string]bool{}
	var addresses []any
	for _, p := range group {
		if p.r.Email != nil {
			addresses = append(addresses, *p.r.Email)
		}
	}
	if len(addresses) == 0 {
		return taken, nil
	}
	var found []string
	err := tx.SelectContext(ctx, &found, db.q(`SELECT email FROM registrations WHERE conference_id = ? AND email IN (`+
		placeholders(len(addresses))+`)`), append([]any{conferenceID}, addresses...)...)
	if err != nil {
		return nil, fmt.Errorf("store: registered addresses: %w", err)
	}
	for _, a := range found {
		taken[a] = true
	}
	return taken, nil
}

// placeRegistrations gives the edition's free places to the registrations
// in the order they came and the rest waiting positions; in first-come
// mode the confirmed get their workshops too. It counts what it gives.
func (db *DB) placeRegistrations(ctx context.Context, tx *sqlx.Tx, e *edition, stored []*pendingRegistration) error {
	free := e.Capacity - e.Confirmed
	waiting := -1 // not counted yet
	confirmed := 0
	for _, p := range stored {
		r := p.r
		if e.Capacity == 0 || free > 0 {
			r.Status, r.Position = model.RegConfirmed, 0
			free--
			confirmed++
			continue
		}
		if waiting < 0 {
			if err := db.getOne(ctx, tx, &waiting, `SELECT COUNT(*) FROM registrations WHERE conference_id = ? AND status = ?`,
				e.ID, model.RegWaiting); err != nil {
				return fmt.Errorf("store: waiting list: %w", err)
			}
		}
		waiting++
		r.Status, r.Position = model.RegWaiting, waiting
	}
	if confirmed > 0 {
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE conferences SET confirmed_count = confirmed_count + ? WHERE id = ?`),
			confirmed, e.ID); err != nil {
			return fmt.Errorf("store: take places: %w", err)
		}
	}
	if e.Mode != model.ModeFirstCome {
		return nil
	}
	places, err := db.freeWorkshopPlaces(ctx, tx, e.ID)
	if err != nil {
		return err
	}
	var granted []*model.Registration
	for _, p := range stored {
		if p.r.Status == model.RegConfirmed {
			chooseWorkshops(p.r, places)
			granted = append(granted, p.r)
		}
	}
	return db.takeGranted(ctx, tx, granted...)
}

// insertRegistrations stores the placed registrations, their links, their
// choices and their confirmations.
func (db *DB) insertRegistrations(ctx context.Context, tx *sqlx.Tx, stored []*pendingRegistration) error {
	stmt, err := tx.PreparexContext(ctx, db.q(`INSERT INTO registrations (conference_id, status, name, email, phone,
		organisation, municipality, category, languages, interpretation, accessibility, childcare_children,
		childcare_ages, diet, list_consent, photo_consent, contact_name, contact_email, lang, consented_at,
		created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`))
	if err != nil {
		return fmt.Errorf("store: register: %w", err)
	}
	defer stmt.Close()
	now := db.now()
	var tokens []string
	var tokenArgs []any
	regs := make([]*model.Registration, len(stored))
	var emails []*model.Email
	for i, p := range stored {
		r := p.r
		regs[i] = r
		r.CreatedAt, r.UpdatedAt, r.ConsentedAt = now, now, now
		err := stmt.QueryRowxContext(ctx, r.ConferenceID, r.Status, r.Name, r.Email, r.Phone, r.Organisation,
			r.Municipality, r.Category, r.Languages, r.Interpreting, r.Access, r.Children, r.ChildAges, r.Diet,
			r.ListConsent, r.PhotoConsent, r.ContactName, r.ContactEmail, r.Lang, r.ConsentedAt, r.CreatedAt,
			r.UpdatedAt).Scan(&r.ID)
		if isForeignKey(err) {
			return model.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: register: %w", err)
		}
		p.token = newRegistrationToken()
		tokens = append(tokens, "(?, ?, ?)")
		tokenArgs = append(tokenArgs, hashToken(p.token), r.ID, now)
		if p.compose != nil {
			if e := p.compose(r, p.token); e != nil {
				emails = append(emails, e)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO registration_tokens (token_hash, registration_id, created_at)
		VALUES `+strings.Join(tokens, ", ")), tokenArgs...); err != nil {
		return fmt.Errorf("store: register tokens: %w", err)
	}
	if err := db.insertChoices(ctx, tx, regs...); err != nil {
		return err
	}
	return db.insertEmails(ctx, tx, emails...)
}

// placeholders returns n comma-separated placeholders.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// insertChoices stores the ranked choices of regs, rank 1 first, with
// their first-come state, in one statement.
func (db *DB) insertChoices(ctx context.Context, tx *sqlx.Tx, regs ...*model.Registration) error {
	var rows []string
	var args []any
	for _, r := range regs {
		for _, slot := range sortedSlots(r.Choices) {
			for i, w := range r.Choices[slot] {
				state := ""
				switch {
				case r.Granted[slot] == w:
					state = prefGranted
				case slices.Contains(r.Waiting[slot], w):
					state = prefWaiting
				}
				rows = append(rows, "(?, ?, ?, ?, ?)")
				args = append(args, r.ID, slot, w, i+1, state)
			}
		}
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, db.q(`INSERT INTO preferences (registration_id, session_id, workshop_id, rank, state)
		VALUES `+strings.Join(rows, ", ")), args...)
	if err != nil {
		return fmt.Errorf("store: insert choices: %w", err)
	}
	return nil
}

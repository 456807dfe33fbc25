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
// link's token; nil for none. It runs first as if the person gets a place,
// and again if they must wait, or if an assignment is published and they
// are placed in it at once (r.LatePlacements), so that it names their
// workshops. The email is stored in the transaction that stores the
// registration: with it or not at all.
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
	placed  *model.Email // the confirmation as if the person gets a place, written by the caller
	email   *model.Email // the confirmation stored: placed, or written anew for someone who waits
	err     error
	written chan struct{}
}

// Register stores a new registration with its choices and returns the
// token of its personal link. The person gets a place if the edition has
// one left, else the next place on the waiting list (r.Status and
// r.Position say which); in first-come mode also their workshops (r.Granted,
// r.Waiting); once an assignment is published, their placements in it
// (r.LatePlacements, assignments_late.go). The same address registering
// again for the same edition is a conflict on "email". compose, if not
// nil, writes the confirmation, which is queued in the outbox in the same
// transaction. The caller validates r against the edition's workshops
// first (model.Registration.Validate).
func (db *DB) Register(ctx context.Context, r *model.Registration, compose Compose) (string, error) {
	db.registrar.start.Do(func() { go db.writeRegistrations() })
	p := &pendingRegistration{r: r, compose: compose, token: newRegistrationToken(), written: make(chan struct{})}
	if compose != nil {
		// Most people get a place. Their confirmation is written here, in
		// the caller's goroutine, rather than while the writer holds the
		// edition's lock; the writer writes it anew for those who wait.
		r.Status = model.RegConfirmed
		var err error
		if p.placed, err = composeSafely(compose, r, p.token); err != nil {
			return "", err
		}
	}
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
	if p.err != nil {
		return "", p.err
	}
	return p.token, nil
}

// errCompose marks a confirmation that could not be written: the fault of
// one registration, not of the others in its batch.
var errCompose = errors.New("store: register: composing the confirmation")

// composeSafely calls compose; a panic in it is an error for this
// registration, not the end of the writer or the caller.
func composeSafely(compose Compose, r *model.Registration, token string) (e *model.Email, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%w: %v", errCompose, v)
		}
	}()
	return compose(r, token), nil
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
// fails for any reason but the database's being unavailable, one
// registration's rows may be the cause (an address taken meanwhile by a
// change on a personal page, a workshop deleted meanwhile, a value the
// database refuses), so its registrations are written again one by one:
// the one at fault fails alone and the others are stored. An unavailable
// database fails them all at once, as trying each would fail the same way.
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
		case err != nil && len(group) > 1 && !Unavailable(err):
			for _, p := range group {
				if err := db.writeGroup([]*pendingRegistration{p}); err != nil {
					p.err = err
				}
			}
		case err != nil:
			for _, p := range group {
				p.err = err
			}
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
// error in p.err; the returned error fails the whole group. While the
// edition is locked every round trip counts: on PostgreSQL the write is
// BEGIN, the lock, a read of ids and addresses (and of the waiting list,
// the workshops' places or, after an assignment is published, its free
// places when needed), one statement that writes everything, and COMMIT.
func (db *DB) writeGroup(group []*pendingRegistration) error {
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	conferenceID := group[0].r.ConferenceID
	var stored []*pendingRegistration
	return db.tx(ctx, func(tx *sqlx.Tx) error {
		stored = nil
		edition, err := db.lockEdition(ctx, tx, conferenceID)
		if err != nil {
			return err
		}
		ids, known, err := db.reserveRegistrations(ctx, tx, conferenceID, group)
		if err != nil {
			return err
		}
		var cancelled []any // addresses of cancelled registrations, registering again
		for i, p := range group {
			// Each attempt starts afresh: a group may be tried again one by one.
			p.err, p.email = nil, p.placed
			p.r.Status, p.r.Position, p.r.Granted, p.r.Waiting, p.r.LatePlacements = model.RegConfirmed, 0, nil, nil, nil
			if p.r.Email != nil {
				switch known[*p.r.Email] {
				case "":
				case model.RegCancelled:
					cancelled = append(cancelled, *p.r.Email)
				default:
					p.err = model.Conflict("email", "err_already_registered")
					continue
				}
				known[*p.r.Email] = model.RegConfirmed // a second time in this group is taken
			}
			p.r.ID = ids[i]
			stored = append(stored, p)
		}
		if len(stored) == 0 {
			return nil
		}
		if err := db.freeCancelledAddresses(ctx, tx, conferenceID, cancelled); err != nil {
			return err
		}
		writes, err := db.placeRegistrations(ctx, tx, edition, stored)
		if err != nil {
			return err
		}
		regs := make([]*model.Registration, len(stored))
		for i, p := range stored {
			regs[i] = p.r
		}
		late, err := db.placeLate(ctx, tx, edition, regs...)
		if err != nil {
			return err
		}
		registrations, err := db.registrationWrites(stored)
		if err != nil {
			return err
		}
		// The late placements refer to the registrations: after them.
		err = db.execAll(ctx, tx, slices.Concat(writes, registrations, late))
		if model.ErrorCode(err) == model.ENotFound {
			// The edition is locked, so a missing row is a workshop (or
			// its slot) deleted since the form was checked.
			return &model.Error{Code: model.EConflict, Message: "err_workshop_gone"}
		}
		return err
	})
}

// reserveRegistrations reserves an id for each registration of the group,
// ascending, and returns the status of the edition's registration under
// each of the group's addresses that has one (an address is unique per
// edition). Ids are reserved, not returned by the INSERT, so that the rows
// that refer to a registration go in the same statement; they grow in the
// order people came, as the waiting list needs, because they are reserved
// under the edition's lock. Under that lock no registration comes between
// the addresses read and those written.
func (db *DB) reserveRegistrations(ctx context.Context, tx *sqlx.Tx, conferenceID int64, group []*pendingRegistration) ([]int64, map[string]string, error) {
	var addresses []string
	for _, p := range group {
		if p.r.Email != nil {
			addresses = append(addresses, *p.r.Email)
		}
	}
	known := map[string]string{}
	var found []struct {
		Email  string `db:"email"`
		Status string `db:"status"`
	}
	if db.dialect == Postgres {
		return db.pgReserveRegistrations(ctx, tx, conferenceID, len(group), addresses)
	}
	// SQLite: the transaction holds the database's write lock.
	var last int64
	if err := tx.GetContext(ctx, &last, `SELECT COALESCE(MAX(id), 0) FROM registrations`); err != nil {
		return nil, nil, fmt.Errorf("store: reserve registrations: %w", err)
	}
	ids := make([]int64, len(group))
	for i := range ids {
		ids[i] = last + int64(i) + 1
	}
	if len(addresses) == 0 {
		return ids, known, nil
	}
	args := []any{conferenceID}
	for _, a := range addresses {
		args = append(args, a)
	}
	if err := tx.SelectContext(ctx, &found, `SELECT email, status FROM registrations WHERE conference_id = ? AND email IN (`+
		placeholders(len(addresses))+`)`, args...); err != nil {
		return nil, nil, fmt.Errorf("store: registered addresses: %w", err)
	}
	for _, f := range found {
		known[f.Email] = f.Status
	}
	return ids, known, nil
}

// freeCancelledAddresses takes the addresses off the edition's cancelled
// registrations: someone who cancelled may register again, and an address
// is unique per edition.
func (db *DB) freeCancelledAddresses(ctx context.Context, tx *sqlx.Tx, conferenceID int64, addresses []any) error {
	if len(addresses) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, db.q(`UPDATE registrations SET email = NULL WHERE conference_id = ? AND status = ?
		AND email IN (`+placeholders(len(addresses))+`)`), append([]any{conferenceID, model.RegCancelled}, addresses...)...)
	if err != nil {
		return fmt.Errorf("store: free cancelled addresses: %w", err)
	}
	return nil
}

// placeRegistrations gives the edition's free places to the registrations
// in the order they came and the rest waiting positions; in first-come
// mode the confirmed get their workshops too. It returns the writes that
// count what it gave.
func (db *DB) placeRegistrations(ctx context.Context, tx *sqlx.Tx, e *edition, stored []*pendingRegistration) ([]statement, error) {
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
				return nil, fmt.Errorf("store: waiting list: %w", err)
			}
		}
		waiting++
		r.Status, r.Position = model.RegWaiting, waiting
	}
	var writes []statement
	if confirmed > 0 {
		writes = append(writes, statement{`UPDATE conferences SET confirmed_count = confirmed_count + ? WHERE id = ?`,
			[]any{confirmed, e.ID}})
	}
	if e.Mode != model.ModeFirstCome {
		return writes, nil
	}
	places, err := db.freeWorkshopPlaces(ctx, tx, e.ID)
	if err != nil {
		return nil, err
	}
	var granted []*model.Registration
	for _, p := range stored {
		if p.r.Status == model.RegConfirmed {
			chooseWorkshops(p.r, places)
			granted = append(granted, p.r)
		}
	}
	return append(writes, takeGranted(granted...)...), nil
}

// registrationWrites returns the writes that store the placed
// registrations, their links, their choices and their confirmations, each
// table one INSERT for all.
func (db *DB) registrationWrites(stored []*pendingRegistration) ([]statement, error) {
	now := db.now()
	var rows, tokens []string
	var args, tokenArgs []any
	regs := make([]*model.Registration, len(stored))
	var emails []*model.Email
	for i, p := range stored {
		r := p.r
		regs[i] = r
		r.CreatedAt, r.UpdatedAt, r.ConsentedAt = now, now, now
		rows = append(rows, "("+placeholders(23)+")")
		args = append(args, r.ID, r.ConferenceID, r.Status, r.Name, r.Email, r.Phone, r.Organisation,
			r.Municipality, r.Category, r.Languages, r.Interpreting, r.Access, r.Children, r.ChildAges, r.Diet,
			r.ListConsent, r.PhotoConsent, r.ContactName, r.ContactEmail, r.Lang, r.ConsentedAt, r.CreatedAt,
			r.UpdatedAt)
		tokens = append(tokens, "(?, ?, ?)")
		tokenArgs = append(tokenArgs, hashToken(p.token), r.ID, now)
		// Written anew for those who wait, and for those placed at once in
		// a published assignment, whose confirmation names their workshops.
		if p.compose != nil && (r.Status != model.RegConfirmed || r.LatePlacements != nil) {
			var err error
			if p.email, err = composeSafely(p.compose, r, p.token); err != nil {
				return nil, err
			}
		}
		if p.email != nil {
			id := r.ID
			p.email.RegistrationID = &id
			emails = append(emails, p.email)
		}
	}
	writes := []statement{
		{`INSERT INTO registrations (id, conference_id, status, name, email, phone, organisation, municipality,
			category, languages, interpretation, accessibility, childcare_children, childcare_ages, diet,
			list_consent, photo_consent, contact_name, contact_email, lang, consented_at, created_at, updated_at)
			VALUES ` + strings.Join(rows, ", "), args},
		{`INSERT INTO registration_tokens (token_hash, registration_id, created_at) VALUES ` + strings.Join(tokens, ", "), tokenArgs},
	}
	if w, ok := choiceWrite(regs...); ok {
		writes = append(writes, w)
	}
	if len(emails) > 0 {
		writes = append(writes, emailWrite(emails, now))
	}
	return writes, nil
}

// choiceWrite returns the INSERT that stores the ranked choices of regs,
// rank 1 first, with their first-come state; false if there are none.
func choiceWrite(regs ...*model.Registration) (statement, bool) {
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
	return statement{`INSERT INTO preferences (registration_id, session_id, workshop_id, rank, state)
		VALUES ` + strings.Join(rows, ", "), args}, len(rows) > 0
}

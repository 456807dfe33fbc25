package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

const conferenceColumns = `id, series_id, slug, title, subtitle, starts_at, ends_at, time_zone, venue, address, hosts,
	description, registration_opens_at, registration_closes_at, capacity, status, published, copied_from,
	revision, max_choices, privacy_notice, confirmed_count, registration_mode, share_category, max_share, language, language_rule, share_rule, created_at, updated_at`

// CreateConference stores a new edition of a series; c.ID is set.
func (db *DB) CreateConference(ctx context.Context, c *model.Conference) error {
	c.SetDefaults()
	if err := c.Validate(); err != nil {
		return err
	}
	if _, err := db.Series(ctx, c.SeriesID); err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sqlx.Tx) error { return db.createConference(ctx, tx, c) })
}

func (db *DB) createConference(ctx context.Context, tx *sqlx.Tx, c *model.Conference) error {
	c.CreatedAt = db.now()
	c.UpdatedAt = c.CreatedAt
	id, err := db.insert(ctx, tx, `INSERT INTO conferences (series_id, slug, title, subtitle, starts_at, ends_at,
		time_zone, venue, address, hosts, description, registration_opens_at, registration_closes_at, capacity,
		status, published, copied_from, max_choices, privacy_notice, registration_mode, share_category, max_share,
		language, language_rule, share_rule, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.SeriesID, c.Slug, c.Title, c.Subtitle, c.StartsAt.UTC(), c.EndsAt.UTC(), c.TimeZone, c.Venue, c.Address,
		c.Hosts, c.Description, utcPtr(c.RegistrationOpensAt), utcPtr(c.RegistrationClosesAt), c.Capacity,
		c.Status, c.Published, c.CopiedFrom, c.MaxChoices, c.PrivacyNotice, c.RegistrationMode, c.ShareCategory,
		c.MaxShare, c.Language, c.LanguageRule, c.ShareRule, c.CreatedAt, c.UpdatedAt)
	if isUnique(err) {
		return model.Conflict("slug", "err_slug_taken")
	}
	if err != nil {
		return fmt.Errorf("store: create conference: %w", err)
	}
	c.ID = id
	return nil
}

// utcPtr returns an optional time in UTC, as every time is stored.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// UpdateConference saves a changed edition. The registration mode changes
// only while nobody has registered: places already granted one way cannot
// be re-counted the other. The number of choices does not fall below a
// rank someone has given, the capacity not below the places taken, and
// the days not so that an agenda item falls outside them.
func (db *DB) UpdateConference(ctx context.Context, c *model.Conference) error {
	c.SetDefaults()
	if err := c.Validate(); err != nil {
		return err
	}
	c.UpdatedAt = db.now()
	from, to := c.Days()
	// Under the edition's lock no registration comes between the conditions
	// and the change.
	err := db.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := db.lockEdition(ctx, tx, c.ID); err != nil {
			return err
		}
		return db.execOne(ctx, tx, `UPDATE conferences SET slug = ?, title = ?, subtitle = ?, starts_at = ?,
		ends_at = ?, time_zone = ?, venue = ?, address = ?, hosts = ?, description = ?, registration_opens_at = ?,
		registration_closes_at = ?, capacity = ?, status = ?, published = ?, max_choices = ?,
		privacy_notice = ?, registration_mode = ?, language = ?, updated_at = ?, revision = revision + 1
		WHERE id = ? AND (registration_mode = ? OR NOT EXISTS (SELECT 1 FROM registrations WHERE conference_id = ?))
		AND NOT EXISTS (SELECT 1 FROM preferences p JOIN registrations r ON r.id = p.registration_id
			WHERE r.conference_id = ? AND p.rank > ?)
		AND (? = 0 OR confirmed_count <= ?)
		AND NOT EXISTS (SELECT 1 FROM sessions WHERE conference_id = ? AND (starts_at < ? OR ends_at > ?))`,
			c.Slug, c.Title, c.Subtitle, c.StartsAt.UTC(), c.EndsAt.UTC(), c.TimeZone, c.Venue, c.Address, c.Hosts,
			c.Description, utcPtr(c.RegistrationOpensAt), utcPtr(c.RegistrationClosesAt), c.Capacity, c.Status,
			c.Published, c.MaxChoices, c.PrivacyNotice, c.RegistrationMode, c.Language, c.UpdatedAt, c.ID, c.RegistrationMode, c.ID,
			c.ID, c.MaxChoices, c.Capacity, c.Capacity, c.ID, from, to)
	})
	if isUnique(err) {
		return model.Conflict("slug", "err_slug_taken")
	}
	if model.ErrorCode(err) == model.ENotFound {
		stored, cerr := db.Conference(ctx, c.ID)
		var registered int
		if cerr == nil {
			cerr = db.getOne(ctx, db.ro, &registered, `SELECT COUNT(*) FROM registrations WHERE conference_id = ?`, c.ID)
		}
		switch {
		case cerr != nil:
			return err
		case stored.RegistrationMode != c.RegistrationMode && registered > 0:
			return model.Conflict("registration_mode", "err_mode_has_registrations")
		case c.Capacity != 0 && stored.ConfirmedCount > c.Capacity:
			return model.BelowTaken("capacity", "err_capacity_below_confirmed", c.Capacity, stored.ConfirmedCount)
		default:
			n, err := db.sessionsOutside(ctx, c.ID, from, to)
			if err != nil {
				return err
			}
			if n > 0 {
				e := model.Conflict("starts_at", "err_sessions_outside_days")
				e.Counts = map[string]int{"starts_at": n}
				return e
			}
			// Fewer choices would drop ranks people gave, at their next save.
			return model.Conflict("max_choices", "err_max_choices_in_use")
		}
	}
	if err != nil {
		return fmt.Errorf("store: update conference: %w", err)
	}
	c.Revision++
	return nil
}

// sessionsOutside counts the edition's agenda items that do not lie
// within [from, to).
func (db *DB) sessionsOutside(ctx context.Context, conferenceID int64, from, to time.Time) (int, error) {
	var n int
	err := db.getOne(ctx, db.ro, &n, `SELECT COUNT(*) FROM sessions WHERE conference_id = ? AND (starts_at < ? OR ends_at > ?)`,
		conferenceID, from, to)
	return n, err
}

// bumpRevision records, in the transaction that made it, a change to the
// edition that owns the row id of table (sessions or workshops).
func (db *DB) bumpRevision(ctx context.Context, ext sqlx.ExtContext, table string, id int64) error {
	_, err := ext.ExecContext(ctx, db.q(`UPDATE conferences SET revision = revision + 1, updated_at = ?
		WHERE id = (SELECT conference_id FROM `+table+` WHERE id = ?)`), db.now(), id)
	if err != nil {
		return fmt.Errorf("store: bump revision: %w", err)
	}
	return nil
}

// PublishedRevision returns the revision of the published edition with the
// slug; an unpublished or unknown one is not found. Page caches ask it.
func (db *DB) PublishedRevision(ctx context.Context, slug string) (int64, error) {
	var rev int64
	err := db.getOne(ctx, db.ro, &rev, `SELECT revision FROM conferences WHERE slug = ? AND published = ?`, slug, true)
	return rev, err
}

// DeleteConference removes an edition with its agenda and workshops, its
// minutes and resolutions, and their files.
func (db *DB) DeleteConference(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *sqlx.Tx) error { return db.deleteConference(ctx, tx, id) })
}

func (db *DB) deleteConference(ctx context.Context, tx *sqlx.Tx, id int64) error {
	return db.deleteWithFiles(ctx, tx, editionFiles, []any{id, id}, func() error {
		return db.execOne(ctx, tx, `DELETE FROM conferences WHERE id = ?`, id)
	})
}

// Conference returns one edition.
func (db *DB) Conference(ctx context.Context, id int64) (*model.Conference, error) {
	var c model.Conference
	if err := db.getOne(ctx, db.ro, &c, `SELECT `+conferenceColumns+` FROM conferences WHERE id = ?`, id); err != nil {
		return nil, err
	}
	return &c, nil
}

// ConferenceBySlug returns the edition with the given slug.
func (db *DB) ConferenceBySlug(ctx context.Context, slug string) (*model.Conference, error) {
	var c model.Conference
	if err := db.getOne(ctx, db.ro, &c, `SELECT `+conferenceColumns+` FROM conferences WHERE slug = ?`, slug); err != nil {
		return nil, err
	}
	return &c, nil
}

// Conferences returns a series' editions, newest first; with publishedOnly
// just those the public may see.
func (db *DB) Conferences(ctx context.Context, seriesID int64, publishedOnly bool) ([]model.Conference, error) {
	query := `SELECT ` + conferenceColumns + ` FROM conferences WHERE series_id = ?`
	if publishedOnly {
		query += ` AND published = ?`
	}
	query += ` ORDER BY starts_at DESC, id DESC`
	args := []any{seriesID}
	if publishedOnly {
		args = append(args, true)
	}
	var out []model.Conference
	if err := db.ro.SelectContext(ctx, &out, db.q(query), args...); err != nil {
		return nil, fmt.Errorf("store: list conferences: %w", err)
	}
	return out, nil
}

// SetAssignmentSettings sets the edition's rule for a mix of voices in
// each workshop (at most a percentage of its places for one category; 0:
// none) and how strictly the assignment keeps languages and that share.
func (db *DB) SetAssignmentSettings(ctx context.Context, conferenceID int64, s model.AssignmentSettings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if s.MaxShare == 0 {
		s.ShareCategory = ""
	}
	return db.execOne(ctx, db.rw, `UPDATE conferences SET share_category = ?, max_share = ?, language_rule = ?, share_rule = ?,
		updated_at = ? WHERE id = ?`, s.ShareCategory, s.MaxShare, s.LanguageRule, s.ShareRule, db.now(), conferenceID)
}

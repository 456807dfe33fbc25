package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// CopyConference makes the next edition: a draft copy of src (its agenda,
// people and workshops) moved to the day newDate names in src's time zone,
// under a new slug and title. Every time moves by the same number of
// calendar days, so a 10:00 item stays at 10:00 even across a change to or
// from summer time. A documented edition's descriptions report what
// happened there, in the past tense; its copy keeps only the titles and
// the structure, and the organisers describe the new edition afresh.
func (db *DB) CopyConference(ctx context.Context, srcID int64, slug, title string, newDate time.Time) (*model.Conference, error) {
	src, err := db.Conference(ctx, srcID)
	if err != nil {
		return nil, err
	}
	programme, err := db.Programme(ctx, srcID)
	if err != nil {
		return nil, err
	}
	loc := src.Location()
	days := DaysBetween(src.StartsAt.In(loc), newDate.In(loc))
	shift := func(t time.Time) time.Time { return ShiftDays(t, loc, days) }

	c := *src
	c.ID = 0
	c.Slug, c.Title = slug, title
	c.StartsAt, c.EndsAt = shift(src.StartsAt), shift(src.EndsAt)
	if src.RegistrationOpensAt != nil {
		t := shift(*src.RegistrationOpensAt)
		c.RegistrationOpensAt = &t
	}
	if src.RegistrationClosesAt != nil {
		t := shift(*src.RegistrationClosesAt)
		c.RegistrationClosesAt = &t
	}
	c.Status = model.StatusDraft
	c.Published = false
	c.CopiedFrom = &src.ID
	report := src.Status == model.StatusDocumented
	if report {
		c.Description = ""
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}

	err = db.tx(ctx, func(tx *sqlx.Tx) error {
		if err := db.createConference(ctx, tx, &c); err != nil {
			return err
		}
		for _, s := range programme {
			s.ConferenceID = c.ID
			s.StartsAt, s.EndsAt = shift(s.StartsAt), shift(s.EndsAt)
			if report {
				s.Description = ""
			}
			if err := db.createSession(ctx, tx, &s); err != nil {
				return err
			}
			for _, w := range s.Workshops {
				w.ConferenceID, w.SessionID = c.ID, s.ID
				if report {
					w.Description = ""
				}
				if err := db.createWorkshop(ctx, tx, &w); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Adding the agenda moved the copy's revision on; read it as stored.
	return db.Conference(ctx, c.ID)
}

// FreeConferenceSlug returns base if no edition has that slug yet, else
// base with the first free number appended ("nrw-2017-2"), for a copy whose
// organiser left the slug to the application. A slug taken between this
// look-up and the insert is still refused by the unique constraint.
func (db *DB) FreeConferenceSlug(ctx context.Context, base string) (string, error) {
	// Leave room for the number within the 80 bytes a slug may have.
	if len(base) > 75 {
		base = strings.TrimSuffix(base[:75], "-")
	}
	slug := base
	for n := 2; ; n++ {
		_, err := db.ConferenceBySlug(ctx, slug)
		if model.ErrorCode(err) == model.ENotFound {
			return slug, nil
		}
		if err != nil {
			return "", err
		}
		slug = base + "-" + strconv.Itoa(n)
	}
}

// DaysBetween counts the calendar days from from's date to to's date, each
// read in its own location.
func DaysBetween(from, to time.Time) int {
	// Unix seconds, not a Duration: a Duration ends after 292 years.
	a := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC).Unix()
	b := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC).Unix()
	return int((b - a) / 86400)
}

// ShiftDays moves t by days calendar days in loc, keeping its wall-clock time, and returns UTC.
func ShiftDays(t time.Time, loc *time.Location, days int) time.Time {
	return t.In(loc).AddDate(0, 0, days).UTC()
}

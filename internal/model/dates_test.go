package model

import (
	"testing"
	"time"
)

func berlin(s string) time.Time {
	loc, _ := time.LoadLocation("Europe/Berlin")
	t, err := time.ParseInLocation("2006-01-02T15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func edition() *Conference {
	return &Conference{Slug: "dortmund-2017", Title: "Konferenz", TimeZone: "Europe/Berlin", Status: StatusDraft,
		MaxChoices: 3, RegistrationMode: ModeAssign, StartsAt: berlin("2017-03-11T10:00"), EndsAt: berlin("2017-03-12T16:00")}
}

// Registration that opens or closes after the edition has begun is
// refused at its field; closing as it begins is allowed.
func TestRegistrationWindowEndsByTheStart(t *testing.T) {
	for _, tc := range []struct {
		opens, closes string
		field, want   string
	}{
		{"", "2017-03-11T10:00", "", ""},
		{"2017-01-01T00:00", "2017-03-01T23:59", "", ""},
		{"", "2017-03-11T10:01", "registration_closes_at", "err_closes_after_start"},
		{"2017-03-11T10:00", "2017-03-11T12:00", "registration_opens_at", "err_opens_after_start"},
		{"2017-03-12T09:00", "", "registration_opens_at", "err_opens_after_start"},
	} {
		c := edition()
		if tc.opens != "" {
			t := berlin(tc.opens)
			c.RegistrationOpensAt = &t
		}
		if tc.closes != "" {
			t := berlin(tc.closes)
			c.RegistrationClosesAt = &t
		}
		err := c.Validate()
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s–%s: %v", tc.opens, tc.closes, err)
			}
			continue
		}
		if e := AsError(err); e == nil || e.Fields[tc.field] != tc.want {
			t.Errorf("%s–%s: %v, want %s at %s", tc.opens, tc.closes, err, tc.want, tc.field)
		}
	}
}

// An agenda item lies within the edition's days, counted in its time zone:
// the evening of its last day is in, the evening before its first is not.
func TestSessionWithinTheEditionsDays(t *testing.T) {
	for _, tc := range []struct {
		start, end  string
		field, want string
	}{
		{"2017-03-11T08:00", "2017-03-11T09:00", "", ""},
		{"2017-03-12T22:00", "2017-03-12T23:59", "", ""},
		{"2017-03-10T19:00", "2017-03-10T21:00", "starts_at", "err_outside_days"},
		{"2017-03-12T23:00", "2017-03-13T01:00", "ends_at", "err_outside_days"},
		{"2017-03-13T00:00", "2017-03-13T02:00", "starts_at", "err_outside_days"},
		{"2016-03-11T10:00", "2016-03-11T12:00", "starts_at", "err_outside_days"},
	} {
		s := &Session{Kind: KindPlenary, Title: "Plenum", StartsAt: berlin(tc.start), EndsAt: berlin(tc.end)}
		if err := s.Validate(); err != nil {
			t.Fatalf("%s: Validate, which knows no edition: %v", tc.start, err)
		}
		err := s.ValidateIn(edition())
		if tc.field == "" {
			if err != nil {
				t.Errorf("%s–%s: %v", tc.start, tc.end, err)
			}
			continue
		}
		if e := AsError(err); e == nil || e.Fields[tc.field] != tc.want {
			t.Errorf("%s–%s: %v, want %s at %s", tc.start, tc.end, err, tc.want, tc.field)
		}
	}
}

func TestBelowTaken(t *testing.T) {
	if err := BelowTaken("capacity", "err_capacity_below_taken", 23, 23); err != nil {
		t.Errorf("as many places as taken: %v", err)
	}
	e := AsError(BelowTaken("capacity", "err_capacity_below_taken", 20, 23))
	if e == nil || e.Code != EConflict || e.Fields["capacity"] != "err_capacity_below_taken" || e.Counts["capacity"] != 23 {
		t.Errorf("20 places for 23 taken: %+v", e)
	}
}

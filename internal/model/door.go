package model

import "time"

// Arrival is one person on the door's list: a confirmed registration, with
// whether and when they were marked present.
type Arrival struct {
	ID           int64      `db:"id"`
	ConferenceID int64      `db:"conference_id"`
	Name         string     `db:"name"`
	Organisation string     `db:"organisation"`
	Municipality string     `db:"municipality"`
	WalkIn       bool       `db:"walk_in"`
	CheckedInAt  *time.Time `db:"checked_in_at"`
}

// Present reports whether the person was marked present.
func (a Arrival) Present() bool { return a.CheckedInAt != nil }

// Attendance is an edition's count at the door: the confirmed registrations
// and how many of them were marked present.
type Attendance struct {
	Present    int `db:"present"`
	Registered int `db:"registered"`
}

// WalkIn is someone added at the door without having registered: only the
// name is needed.
type WalkIn struct {
	Name         string
	Organisation string
	Municipality string
}

// Validate checks a walk-in before it is stored.
func (w *WalkIn) Validate() error {
	f := fieldErrors{}
	checkRequired(f, "name", w.Name, MaxShort)
	checkLength(f, "organisation", w.Organisation, MaxShort)
	checkLength(f, "municipality", w.Municipality, MaxShort)
	return f.err()
}

package store_test

// Shared helpers for the store tests. Every test runs through storetest.Each,
// so each subtest gets a fresh migrated SQLite file and a fresh PostgreSQL
// schema.

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/pressly/goose/v3/lock"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// berlin returns the Europe/Berlin location the conferences are held in.
func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatalf("load Europe/Berlin: %v", err)
	}
	return loc
}

// at returns the wall-clock time y-m-d h:min in loc.
func at(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, loc)
}

func ptr[T any](v T) *T { return &v }

// wantCode fails the test unless err is an application error with code and
// returns it.
func wantCode(t *testing.T, err error, code string) *model.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := model.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
	return model.AsError(err)
}

// wantField fails the test unless err is an application error with code
// that names field among its Fields.
func wantField(t *testing.T, err error, code, field string) {
	t.Helper()
	e := wantCode(t, err, code)
	if _, ok := e.Fields[field]; !ok {
		t.Fatalf("error %v names fields %v, want %q among them", err, e.Fields, field)
	}
}

func wantNotFound(t *testing.T, err error) {
	t.Helper()
	wantCode(t, err, model.ENotFound)
}

func noErr(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// sameTime fails the test unless got and want are the same instant.
func sameTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// sameTimePtr compares optional times: both nil or the same instant.
func sameTimePtr(t *testing.T, what string, got, want *time.Time) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Errorf("%s = %v, want %v", what, got, want)
	default:
		sameTime(t, what, *got, *want)
	}
}

// newSeries stores a series with the given slug.
func newSeries(t *testing.T, db *store.DB, slug string) *model.Series {
	t.Helper()
	s := &model.Series{Slug: slug, Title: "Kommunale Flüchtlingskonferenz " + slug, Description: "Eine **Reihe**."}
	noErr(t, db.CreateSeries(t.Context(), s), "create series")
	if s.ID == 0 {
		t.Fatal("CreateSeries set no ID")
	}
	return s
}

// conferenceAt returns an unsaved, valid one-day conference in Berlin on the
// given day, 09:30 to 17:00, with a registration window.
func conferenceAt(t *testing.T, seriesID int64, slug string, y int, m time.Month, d int) *model.Conference {
	t.Helper()
	loc := berlin(t)
	return &model.Conference{
		SeriesID:             seriesID,
		Slug:                 slug,
		Title:                "Konferenz " + slug,
		Subtitle:             "Ankommen in der Kommune",
		StartsAt:             at(loc, y, m, d, 9, 30),
		EndsAt:               at(loc, y, m, d, 17, 0),
		TimeZone:             model.DefaultTimeZone,
		Venue:                "Rathaus",
		Address:              "Marktplatz 1, 44135 Dortmund",
		Hosts:                "Stadt Dortmund",
		Description:          "Programm folgt.",
		RegistrationOpensAt:  ptr(at(loc, y, m, d, 9, 0).AddDate(0, -2, 0)),
		RegistrationClosesAt: ptr(at(loc, y, m, d, 23, 59).AddDate(0, 0, -7)),
		Capacity:             150,
		Status:               model.StatusOpen,
		Published:            true,
		MaxChoices:           model.DefaultMaxChoices,
	}
}

// fixture is a series with one conference, the usual starting point.
type fixture struct {
	series *model.Series
	conf   *model.Conference
}

// newFixture stores a series and a conference on 2016-02-13 in Berlin.
func newFixture(t *testing.T, db *store.DB) fixture {
	t.Helper()
	s := newSeries(t, db, "nrw")
	c := conferenceAt(t, s.ID, "nrw-2016", 2016, time.February, 13)
	noErr(t, db.CreateConference(t.Context(), c), "create conference")
	if c.ID == 0 {
		t.Fatal("CreateConference set no ID")
	}
	return fixture{series: s, conf: c}
}

// newSession stores an agenda item of the conference from h1:m1 to h2:m2 on
// the conference's first day (Berlin wall clock).
func newSession(t *testing.T, db *store.DB, c *model.Conference, kind, title string, h1, m1, h2, m2 int, people ...model.Person) *model.Session {
	t.Helper()
	loc := berlin(t)
	day := c.StartsAt.In(loc)
	s := &model.Session{
		ConferenceID: c.ID,
		Kind:         kind,
		Title:        title,
		Description:  "Beschreibung " + title,
		Room:         "Saal",
		StartsAt:     at(loc, day.Year(), day.Month(), day.Day(), h1, m1),
		EndsAt:       at(loc, day.Year(), day.Month(), day.Day(), h2, m2),
		People:       people,
	}
	noErr(t, db.CreateSession(t.Context(), s), "create session "+title)
	if s.ID == 0 {
		t.Fatalf("CreateSession(%s) set no ID", title)
	}
	return s
}

// newWorkshop stores a workshop in the slot.
func newWorkshop(t *testing.T, db *store.DB, slot *model.Session, title string, position int, people ...model.Person) *model.Workshop {
	t.Helper()
	w := &model.Workshop{
		SessionID:   slot.ID,
		Topic:       model.TopicHousing,
		Title:       title,
		Description: "Worum es geht: " + title,
		Room:        "Raum " + title,
		Capacity:    25,
		Position:    position,
		People:      people,
	}
	noErr(t, db.CreateWorkshop(t.Context(), w), "create workshop "+title)
	if w.ID == 0 {
		t.Fatalf("CreateWorkshop(%s) set no ID", title)
	}
	return w
}

func person(name, role string) model.Person {
	return model.Person{Name: name, Affiliation: "Stadt " + name, Role: role}
}

// personNames lists the names of people in order.
func personNames(people []model.Person) string {
	names := make([]string, len(people))
	for i, p := range people {
		names[i] = p.Name
	}
	return strings.Join(names, ",")
}

// wantPeople checks names, roles and affiliations in order, and that the
// positions count from 0 and every person has an ID.
func wantPeople(t *testing.T, what string, got, want []model.Person) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: people = [%s], want [%s]", what, personNames(got), personNames(want))
		return
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.Role != w.Role || g.Affiliation != w.Affiliation {
			t.Errorf("%s: person %d = %+v, want %+v", what, i, g, w)
		}
		if g.Position != i {
			t.Errorf("%s: person %d (%s) has position %d, want %d", what, i, g.Name, g.Position, i)
		}
		if g.ID == 0 {
			t.Errorf("%s: person %d (%s) has no ID", what, i, g.Name)
		}
	}
}

// countConferences counts the series' editions, published or not.
func countConferences(t *testing.T, db *store.DB, seriesID int64) int {
	t.Helper()
	cs, err := db.Conferences(t.Context(), seriesID, false)
	noErr(t, err, "list conferences")
	return len(cs)
}

// programme returns the conference's programme, failing the test on error.
func programme(t *testing.T, db *store.DB, conferenceID int64) []model.Session {
	t.Helper()
	p, err := db.Programme(t.Context(), conferenceID)
	noErr(t, err, "programme")
	return p
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// storetest has migrated from empty already; the store must work.
		f := newFixture(t, db)

		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		for i := range 2 {
			if err := db.Migrate(t.Context(), logger); err != nil {
				t.Fatalf("migrate again (%d): %v", i+1, err)
			}
		}

		// Nothing was dropped or recreated.
		got, err := db.Conference(t.Context(), f.conf.ID)
		noErr(t, err, "conference after second migration")
		if got.Slug != f.conf.Slug {
			t.Errorf("slug after migration = %q, want %q", got.Slug, f.conf.Slug)
		}
		if n := countConferences(t, db, f.series.ID); n != 1 {
			t.Errorf("%d conferences after migration, want 1", n)
		}
	})
}

// Migrating waits only for instances migrating the same schema, not for
// one that holds goose's lock for the whole database, as an instance
// migrating another schema with goose's default lock would (each test has
// a schema of its own on the shared server).
func TestMigrationLockIsPerSchema(t *testing.T) {
	dsn, _, err := store.PostgresDSN(storetest.URL(t, store.Postgres))
	if err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Other test runs on the server may hold it for a moment.
	if _, err := conn.ExecContext(t.Context(), `SELECT pg_advisory_lock($1)`, lock.DefaultLockID); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, lock.DefaultLockID)

	db, err := store.Open(t.Context(), storetest.URL(t, store.Postgres))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// goose tries its lock again every 5 seconds: a wait would miss this.
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	defer cancel()
	if err := db.Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("migrate while another schema's migration holds goose's default lock: %v", err)
	}
}

func TestDialect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// The subtest is named after the dialect it was meant to open.
		if d := db.Dialect(); !strings.HasSuffix(t.Name(), "/"+d) {
			t.Errorf("subtest %s opened a %q database", t.Name(), d)
		}
		noErr(t, db.Ping(t.Context()), "ping")
	})
}

// The pool size is ours to read from the URL: a bad value is refused before
// connecting, and a good one is not passed on to the server, which would
// refuse an unknown setting.
func TestOpenPoolSize(t *testing.T) {
	for _, bad := range []string{"0", "-3", "many"} {
		_, err := store.Open(t.Context(), "postgres://127.0.0.1:1/x?pool_max_conns="+bad)
		if err == nil || !strings.Contains(err.Error(), "pool_max_conns") {
			t.Errorf("pool_max_conns=%s: %v", bad, err)
		}
	}
	db := storetest.Open(t, store.Postgres) // its URL sets pool_max_conns
	if err := db.Ping(t.Context()); err != nil {
		t.Fatalf("ping with pool_max_conns: %v", err)
	}
}

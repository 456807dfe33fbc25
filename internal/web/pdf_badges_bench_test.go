package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// benchBadgePeople is how many people the badge benchmark prints.
const benchBadgePeople = 2000

// BenchmarkBadgesRoute measures GET /admin/editions/:id/namensschilder.pdf
// through the whole router on SQLite, for an edition of 2,000 confirmed
// registrations in first-come mode (each with a workshop): the queries,
// the door codes statement, 250 pages of badges with a QR code each. In
// "codes-new" every request is the edition's first print, whose statement
// gives all 2,000 people their codes; in "codes-kept" the badges are
// printed again and the statement finds nobody without one.
//
//	go test -run '^$' -bench BadgesRoute -count 5 ./internal/web/
func BenchmarkBadgesRoute(b *testing.B) {
	db := storetest.Open(b, store.SQLite)
	app, err := web.NewApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BaseURL: "https://konferenz.example.org"})
	if err != nil {
		b.Fatal(err)
	}
	h := app.Handler()
	series := &model.Series{Slug: "bench", Title: "Kommunale Flüchtlingskonferenz NRW"}
	if err := db.CreateSeries(context.Background(), series); err != nil {
		b.Fatal(err)
	}
	cookie := benchOrganiserCookie(b, db)
	editions := 0
	newEdition := func() int64 {
		editions++
		return benchBadgeEdition(b, db, series.ID, editions, benchBadgePeople)
	}
	get := func(confID int64) {
		req := httptest.NewRequest(http.MethodGet, urls.Badges(confID), nil)
		req.AddCookie(cookie)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" {
			b.Fatalf("GET badges: status %d, %s", w.Code, w.Header().Get("Content-Type"))
		}
		b.SetBytes(int64(w.Body.Len()))
	}
	b.Run("codes-new", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			id := newEdition()
			b.StartTimer()
			get(id)
		}
	})
	b.Run("codes-kept", func(b *testing.B) {
		id := newEdition()
		get(id)
		b.ReportAllocs()
		for b.Loop() {
			get(id)
		}
	})
}

// benchOrganiserCookie makes an organiser and returns a session cookie.
func benchOrganiserCookie(b *testing.B, db *store.DB) *http.Cookie {
	b.Helper()
	u := &model.User{Email: "orga@example.test", Name: "Orga", Role: model.RoleOrganiser}
	if err := db.CreateUserWithPassword(context.Background(), u, organiserPassword); err != nil {
		b.Fatal(err)
	}
	token, err := db.CreateStaffSession(context.Background(), u.ID, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	return &http.Cookie{Name: "konferenz_session", Value: token}
}

// benchBadgeEdition makes an edition in first-come mode with four
// workshops and n confirmed registrations, with names in Latin, Arabic,
// Cyrillic and Ge'ez script and the languages people type.
func benchBadgeEdition(b *testing.B, db *store.DB, seriesID int64, n, people int) int64 {
	b.Helper()
	ctx := context.Background()
	day := time.Date(2027, time.March, 13, 0, 0, 0, 0, time.UTC)
	conf := &model.Conference{SeriesID: seriesID, Slug: fmt.Sprintf("bench-%d", n), Title: "Kommunale Flüchtlingskonferenz",
		StartsAt: day.Add(9 * time.Hour), EndsAt: day.Add(17 * time.Hour), TimeZone: model.DefaultTimeZone, Venue: "Rathaus",
		Status: model.StatusOpen, Published: true, MaxChoices: model.DefaultMaxChoices, RegistrationMode: model.ModeFirstCome}
	if err := db.CreateConference(ctx, conf); err != nil {
		b.Fatal(err)
	}
	slot := &model.Session{ConferenceID: conf.ID, Kind: model.KindWorkshopSlot, Title: "Arbeitsgruppen",
		StartsAt: day.Add(13 * time.Hour), EndsAt: day.Add(15 * time.Hour)}
	if err := db.CreateSession(ctx, slot); err != nil {
		b.Fatal(err)
	}
	var workshops []int64
	for i, title := range []string{"Wohnen", "Gesundheit", "Bildung", "Arbeit"} {
		w := &model.Workshop{SessionID: slot.ID, Topic: model.TopicOther, Title: title, Capacity: people, Position: i}
		if err := db.CreateWorkshop(ctx, w); err != nil {
			b.Fatal(err)
		}
		workshops = append(workshops, w.ID)
	}
	names := []string{"Amina Diallo", "أمل حداد", "Олена Коваленко", "ተስፋይ ገብረማርያም", "Jürgen Wolff"}
	languages := []string{"Französisch, Deutsch", "Arabisch", "Ukrainisch, Russisch", "Tigrinya", ""}
	var wg sync.WaitGroup
	errs := make(chan error, people)
	for g := range 8 {
		wg.Go(func() {
			for i := g; i < people; i += 8 {
				r := &model.Registration{ConferenceID: conf.ID, Name: fmt.Sprintf("%s %04d", names[i%len(names)], i),
					Organisation: "Flüchtlingsrat Wuppertal", Languages: languages[i%len(languages)], Lang: "de",
					Choices: map[int64][]int64{slot.ID: {workshops[i%len(workshops)]}}}
				if _, err := db.Register(ctx, r, nil); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	return conf.ID
}

package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// benchRerunPeople is how many people the re-run benchmark places.
const benchRerunPeople = 2000

// BenchmarkRerunAfterPublishing measures what an organiser waits for after
// clicking "compute again" on an edition with a published run: POST
// /admin/editions/:id/assignment (read the edition, its 2,000
// registrations, pins and published run; solve; store the run) and the GET
// of the new run's page it redirects to, through the whole router on
// SQLite. The edition is shaped like the demo: two workshop slots of eight
// workshops each, three choices per slot, a tenth needing Arabic (offered
// by two workshops a slot), a share limit for councillors; the first run
// is published and 5 % have cancelled since.
//
//	go test -run '^$' -bench RerunAfterPublishing -count 5 ./internal/web/
func BenchmarkRerunAfterPublishing(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b, store.SQLite)
	app, err := web.NewApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BaseURL: "https://konferenz.example.org"})
	if err != nil {
		b.Fatal(err)
	}
	h := app.Handler()
	cookie := benchOrganiserCookie(b, db)
	confID, regs := benchRerunEdition(b, db)
	do := func(method, path string, form url.Values, want int) *httptest.ResponseRecorder {
		var req *http.Request
		if form != nil {
			req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			req = httptest.NewRequest(method, path, nil)
		}
		req.AddCookie(cookie)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != want {
			b.Fatalf("%s %s: status %d, want %d", method, path, w.Code, want)
		}
		return w
	}
	rerun := func() string {
		run := do(http.MethodPost, urls.Assignment(confID), url.Values{}, http.StatusSeeOther).Header().Get("Location")
		page := do(http.MethodGet, run, nil, http.StatusOK)
		if !strings.Contains(page.Body.String(), "verschoben:") {
			b.Fatalf("the run page lacks its figures")
		}
		return run
	}
	first := rerun()
	do(http.MethodPost, first+"/publish", url.Values{"confirm": {"yes"}}, http.StatusSeeOther)
	for i := 0; i < len(regs); i += 20 {
		if _, err := db.CancelRegistration(ctx, regs[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		rerun()
	}
}

// benchRerunEdition makes an edition in assign mode with two slots of
// eight workshops and benchRerunPeople confirmed registrations, and
// returns it with the registrations' ids.
func benchRerunEdition(b *testing.B, db *store.DB) (int64, []int64) {
	b.Helper()
	ctx := context.Background()
	series := &model.Series{Slug: "bench", Title: "Kommunale Flüchtlingskonferenz NRW"}
	if err := db.CreateSeries(ctx, series); err != nil {
		b.Fatal(err)
	}
	day := time.Date(2027, time.March, 13, 0, 0, 0, 0, time.UTC)
	conf := &model.Conference{SeriesID: series.ID, Slug: "bench-rerun", Title: "Kommunale Flüchtlingskonferenz",
		StartsAt: day.Add(9 * time.Hour), EndsAt: day.Add(17 * time.Hour), TimeZone: model.DefaultTimeZone, Venue: "Rathaus",
		Status: model.StatusOpen, Published: true, MaxChoices: model.DefaultMaxChoices, RegistrationMode: model.ModeAssign,
		ShareCategory: "councillor", MaxShare: 40}
	if err := db.CreateConference(ctx, conf); err != nil {
		b.Fatal(err)
	}
	titles := []string{"Wohnen", "Gesundheit", "Bildung", "Arbeit", "Sprache", "Recht", "Kinder", "Ehrenamt"}
	// Popularity falls off with the position; the capacities add up to 5 %
	// more than the people.
	capacities := []int{330, 300, 280, 260, 240, 220, 250, 220}
	var slots []int64
	workshops := map[int64][]int64{}
	for s, start := range []time.Duration{11 * time.Hour, 14 * time.Hour} {
		slot := &model.Session{ConferenceID: conf.ID, Kind: model.KindWorkshopSlot, Title: "Arbeitsgruppen " + string(rune('A'+s)),
			StartsAt: day.Add(start), EndsAt: day.Add(start + 2*time.Hour)}
		if err := db.CreateSession(ctx, slot); err != nil {
			b.Fatal(err)
		}
		slots = append(slots, slot.ID)
		for i, title := range titles {
			w := &model.Workshop{SessionID: slot.ID, Topic: model.TopicOther, Title: title, Capacity: capacities[i], Position: i}
			if i%4 == 1 {
				w.Languages = "ar"
			}
			if err := db.CreateWorkshop(ctx, w); err != nil {
				b.Fatal(err)
			}
			workshops[slot.ID] = append(workshops[slot.ID], w.ID)
		}
	}
	categories := []string{"councillor", "administration", "volunteer", "refugee", "other"}
	ids := make([]int64, benchRerunPeople)
	var wg sync.WaitGroup
	errs := make(chan error, benchRerunPeople)
	for g := range 8 {
		wg.Go(func() {
			for i := g; i < benchRerunPeople; i += 8 {
				r := &model.Registration{ConferenceID: conf.ID, Name: "Teilnehmerin " + itoa(int64(i)), Lang: "de",
					Category: categories[i%len(categories)], Choices: map[int64][]int64{}}
				if i%10 == 0 {
					r.Interpreting = "ar"
				}
				for _, s := range slots {
					ws := workshops[s]
					// Three different workshops (the offsets add up to 2 to 5
					// of 8), the popular ones more often first.
					a, c := (i*7+int(s))%len(ws), (i*3+1)%len(ws)
					first := min(a, c)
					second := (first + 1 + i%3) % len(ws)
					third := (second + 1 + i%2) % len(ws)
					r.Choices[s] = []int64{ws[first], ws[second], ws[third]}
				}
				if _, err := db.Register(ctx, r, nil); err != nil {
					errs <- err
					return
				}
				ids[i] = r.ID
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	return conf.ID, ids
}

package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime/metrics"
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

// BenchmarkDocumentationGET measures the whole GET of a large edition's
// documentation through the router on SQLite: 5 slots of 10 workshops,
// each with published minutes of about two pages, 2,000 participants
// placed by a published run, 100 adopted demands. The goal is under 0.5 s.
//
//	go test -run '^$' -bench BenchmarkDocumentationGET -benchmem ./internal/web/
func BenchmarkDocumentationGET(b *testing.B) {
	db := storetest.Open(b, store.SQLite)
	app, err := web.NewApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BaseURL: "http://example.test"})
	if err != nil {
		b.Fatal(err)
	}
	h := app.Handler()
	slug := benchDocumentationEdition(b, db, h)
	path := urls.Documentation(slug)
	get := func() *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "%PDF-") {
			b.Fatalf("GET %s: status %d", path, w.Code)
		}
		return w
	}
	first := get().Body.String()
	b.SetBytes(int64(len(first)))
	b.ReportAllocs()
	stop := heapPeak()
	for b.Loop() {
		get()
	}
	b.ReportMetric(stop(), "MB-heap-peak")
	// fpdf opens each page's object with this line.
	b.ReportMetric(float64(strings.Count(first, "<</Type /Page\n")), "pages")
}

// benchDocumentationEdition stores the large edition and returns its slug.
func benchDocumentationEdition(b *testing.B, db *store.DB, h http.Handler) string {
	b.Helper()
	ctx := context.Background()
	series := &model.Series{Slug: "nrw", Title: "Kommunale Flüchtlingskonferenz NRW"}
	if err := db.CreateSeries(ctx, series); err != nil {
		b.Fatal(err)
	}
	day := time.Now().UTC().AddDate(0, 1, 0).Truncate(24 * time.Hour)
	conf := &model.Conference{SeriesID: series.ID, Slug: "gross", Title: "5. Kommunale Flüchtlingskonferenz NRW",
		Subtitle: "Ankommen, Wohnen, Arbeiten", StartsAt: day.Add(8 * time.Hour), EndsAt: day.Add(18 * time.Hour),
		TimeZone: model.DefaultTimeZone, Venue: "Rathaus", Address: "Musterstraße 1, 42103 Wuppertal",
		Hosts: "Kommunalpolitisches Forum NRW", Status: model.StatusOpen, Published: true,
		MaxChoices: model.DefaultMaxChoices, RegistrationMode: model.ModeAssign}
	if err := db.CreateConference(ctx, conf); err != nil {
		b.Fatal(err)
	}
	author := &model.User{Email: "orga@example.test", Name: "Orga", Role: model.RoleOrganiser}
	if err := db.CreateUserWithPassword(ctx, author, organiserPassword); err != nil {
		b.Fatal(err)
	}
	var slots []model.Session
	for s := range 5 {
		slot := model.Session{ConferenceID: conf.ID, Kind: model.KindWorkshopSlot, Title: fmt.Sprintf("Arbeitsgruppen %d", s+1),
			StartsAt: day.Add(time.Duration(9+s) * time.Hour), EndsAt: day.Add(time.Duration(10+s) * time.Hour)}
		if err := db.CreateSession(ctx, &slot); err != nil {
			b.Fatal(err)
		}
		for w := range 10 {
			ws := model.Workshop{SessionID: slot.ID, Topic: model.TopicHousing, Title: fmt.Sprintf("Arbeitsgruppe %d.%d", s+1, w+1),
				Capacity: 45, Position: w}
			if err := db.CreateWorkshop(ctx, &ws); err != nil {
				b.Fatal(err)
			}
			slot.Workshops = append(slot.Workshops, ws)
			m, err := db.WorkshopMinutes(ctx, ws.ID)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := db.SaveMinutes(ctx, m.ID, store.MinutesEdit{Body: benchDocMinutes(ws.Title), Language: "de", By: author,
				Cause: model.RevisionSaved, Allowed: []string{model.MinutesDraft}}); err != nil {
				b.Fatal(err)
			}
			for _, to := range []string{model.MinutesSubmitted, model.MinutesApproved, model.MinutesPublished} {
				if err := db.MoveMinutes(ctx, m.ID, store.MinutesMove{From: []string{model.MinutesDraft, model.MinutesSubmitted, model.MinutesApproved}, To: to}); err != nil {
					b.Fatal(err)
				}
			}
		}
		slots = append(slots, slot)
	}
	// 2,000 registrations from 8 goroutines, which the store writes in batches.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := g; i < 2000; i += 8 {
				r := &model.Registration{ConferenceID: conf.ID, Name: fmt.Sprintf("Person %d", i), Lang: "de",
					Municipality: fmt.Sprintf("Gemeinde %d", i%90), Category: model.Categories[i%len(model.Categories)],
					Choices: map[int64][]int64{}}
				for s, slot := range slots {
					for k := range 3 {
						r.Choices[slot.ID] = append(r.Choices[slot.ID], slot.Workshops[(i+s+k*3)%10].ID)
					}
				}
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
	for i := range 100 {
		r := &model.Resolution{ConferenceID: conf.ID, Title: fmt.Sprintf("Forderung %d: Gesundheitsversorgung ohne Hürden", i+1),
			Body: "Die Kommunen führen die **elektronische Gesundheitskarte** für Geflüchtete ein.", Reasoning: "Weil es nötig ist.",
			Topic: model.TopicHealth, AddresseeLevel: model.LevelMunicipality, AddresseeName: "Räte der Städte und Gemeinden in NRW"}
		if err := db.CreateResolution(ctx, r); err != nil {
			b.Fatal(err)
		}
		if err := db.ProposeResolution(ctx, r.ID); err != nil {
			b.Fatal(err)
		}
		if err := db.RecordVote(ctx, r.ID, []model.VoteGroup{{Label: "Alle", Yes: 1500, No: 300, Abstain: 100}}, model.ResAdopted, nil); err != nil {
			b.Fatal(err)
		}
	}
	// The run, through the organisers' pages.
	c := &benchClient{h: h}
	c.do(b, http.MethodPost, urls.Login(), url.Values{"email": {author.Email}, "password": {organiserPassword}, "next": {"/admin"}})
	run := c.do(b, http.MethodPost, "/admin/editions/"+itoa(conf.ID)+"/assignment", nil)
	c.do(b, http.MethodPost, run+"/publish", url.Values{"confirm": {"yes"}})
	return conf.Slug
}

// benchClient posts forms with the session cookie it was given.
type benchClient struct {
	h       http.Handler
	cookies []*http.Cookie
}

// do sends a form and returns where the 303 answer leads.
func (c *benchClient) do(b *testing.B, method, path string, form url.Values) string {
	b.Helper()
	req := httptest.NewRequest(method, "http://example.test"+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	w := httptest.NewRecorder()
	c.h.ServeHTTP(w, req)
	if w.Code != http.StatusSeeOther {
		b.Fatalf("%s %s: status %d", method, path, w.Code)
	}
	c.cookies = append(c.cookies, w.Result().Cookies()...)
	return w.Header().Get("Location")
}

// benchDocMinutes is a workshop's minutes of about two pages.
func benchDocMinutes(title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Moderation der %s: Inken Vollmering.\n\n", title)
	for s := range 3 {
		fmt.Fprintf(&b, "## Abschnitt %d\n\n", s+1)
		for range 3 {
			b.WriteString("Im Mittelpunkt stand bezahlbarer Wohnraum: In NRW fehlen rund 400.000 Wohnungen, vor allem weil " +
				"der **soziale Wohnungsbau** lange vernachlässigt wurde. Der Flüchtlingsrat und *Médecins du Monde* " +
				"berichteten aus der Bahnhofstraße – „gemeinsam“.\n\n")
		}
		b.WriteString("- eine neue Wohnungsgemeinnützigkeit\n- Orte der Begegnung schaffen\n  - gegen Isolation\n\n")
	}
	return b.String()
}

// heapPeak samples the live heap every millisecond until stop is called,
// which returns the highest figure seen in MB: the peak memory of what ran
// in between, without stopping the world as runtime.ReadMemStats does.
func heapPeak() (stop func() float64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		<-finished
		return float64(peak) / (1 << 20)
	}
}

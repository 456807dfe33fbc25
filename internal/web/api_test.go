package web_test

import (
	"encoding/json"
	"html/template"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// What the tests read of the API's answers: the fields they compare with
// the pages.
type apiSeriesT struct {
	Slug, Title string
	Editions    []struct{ Slug, Title string }
}

type apiPersonT struct{ Name, Affiliation, Role string }

type apiEditionT struct {
	ID                    int64
	Slug, Title, Subtitle string
	StartsAt              string `json:"starts_at"`
	EndsAt                string `json:"ends_at"`
	Rooms                 []string
	Programme             []struct {
		ID          int64
		Kind, Title string
		Room        string
		Start       string `json:"starts_at"`
		End         string `json:"ends_at"`
		People      []apiPersonT
		Workshops   []struct {
			ID                 int64
			Topic, Title, Room string
			Places             int
			Languages          []string
			People             []apiPersonT
		}
	}
}

type apiMinutesT struct {
	ID          int64
	Title       string
	BodyHTML    string `json:"body_html"`
	Body        string
	WorkshopID  *int64 `json:"workshop_id"`
	ItemID      *int64 `json:"item_id"`
	PublishedAt string `json:"published_at"`
}

type apiFollowUpT struct {
	ID         int64
	OccurredOn string `json:"occurred_on"`
	Kind, Note string
	Edition    *struct{ Slug string }
}

type apiDemandT struct {
	ID        int64
	Title     string
	State     string
	Topic     string
	Edition   struct{ Slug string }
	FollowUps []apiFollowUpT `json:"follow_ups"`
	Vote      struct{ Yes, No, Abstain int }
	URL       string
}

// apiGet fetches an API address, with the given headers, and fails the
// test unless it answers status; on 200 it decodes the body into v.
func apiGet(t *testing.T, c *client, path string, status int, v any, header ...string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, siteURL.String()+strings.TrimPrefix(path, "/"), nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res := c.do(req)
	wantStatus(t, res, status)
	if ct := res.Header.Get("Content-Type"); status != http.StatusNotModified && ct != "application/json; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	if v != nil {
		if err := json.Unmarshal([]byte(res.Body), v); err != nil {
			t.Fatalf("%s: %v\n%.2000s", path, err, res.Body)
		}
	}
	return res
}

// pageTime is how the pages write a time in a datetime attribute.
func pageTime(t *testing.T, s string) string {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("time %q is not RFC 3339: %v", s, err)
	}
	if !strings.HasSuffix(s, "+01:00") && !strings.HasSuffix(s, "+02:00") {
		t.Errorf("time %q is not in the edition's zone, Europe/Berlin", s)
	}
	return `datetime="` + at.UTC().Format(time.RFC3339) + `"`
}

// esc is how the pages write a text.
func esc(s string) string { return template.HTMLEscapeString(s) }

// The API answers what the pages show of the demo: the same series and
// editions, titles, times, rooms, workshops and people, minutes' text, and
// demands with their states and follow-ups.
func TestAPIMatchesThePages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())

		var list struct{ Series []apiSeriesT }
		apiGet(t, c, urls.APISeriesList(), http.StatusOK, &list)
		home := c.get(urls.Home())
		if len(list.Series) != 1 || list.Series[0].Slug != demo.SeriesSlug {
			t.Fatalf("series %+v, want the demo's one", list.Series)
		}
		var slugs []string
		for _, ed := range list.Series[0].Editions {
			slugs = append(slugs, ed.Slug)
			wantContains(t, home, esc(ed.Title), `href="`+urls.Conference(ed.Slug)+`"`)
		}
		wantContains(t, home, esc(list.Series[0].Title))
		if want := []string{demo.UpcomingSlug, demo.WuppertalSlug}; !reflect.DeepEqual(slugs, want) {
			t.Errorf("editions %v, want the published ones, newest first, %v", slugs, want)
		}
		var one apiSeriesT
		apiGet(t, c, urls.APISeries(demo.SeriesSlug), http.StatusOK, &one)
		if !reflect.DeepEqual(one, list.Series[0]) {
			t.Errorf("the series alone %+v differs from the list's %+v", one, list.Series[0])
		}

		for _, slug := range slugs {
			var ed apiEditionT
			apiGet(t, c, urls.APIEdition(slug), http.StatusOK, &ed)
			page := c.get(urls.Conference(slug))
			wantStatus(t, page, http.StatusOK)
			wantContains(t, page, esc(ed.Title), esc(ed.Subtitle), pageTime(t, ed.StartsAt), pageTime(t, ed.EndsAt))
			if len(ed.Programme) == 0 || len(ed.Rooms) == 0 {
				t.Fatalf("%s: programme %d items, rooms %v", slug, len(ed.Programme), ed.Rooms)
			}
			for _, r := range ed.Rooms {
				wantContains(t, page, esc(r))
			}
			workshops := 0
			for _, it := range ed.Programme {
				wantContains(t, page, esc(it.Title), pageTime(t, it.Start), pageTime(t, it.End), "kind-"+it.Kind)
				for _, p := range it.People {
					wantContains(t, page, esc(p.Name))
				}
				for _, w := range it.Workshops {
					workshops++
					wantContains(t, page, esc(w.Title), "topic-"+w.Topic)
					if w.Room != "" {
						wantContains(t, page, esc(w.Room))
					}
					for _, p := range w.People {
						wantContains(t, page, esc(p.Name))
					}
				}
			}
			if workshops != 4 {
				t.Errorf("%s: %d workshops, want the four", slug, workshops)
			}
		}

		// Wuppertal's minutes: the keynote's and the four workshops', the
		// same text as on the page.
		var minutes struct{ Minutes []apiMinutesT }
		apiGet(t, c, urls.APIEditionMinutes(demo.WuppertalSlug), http.StatusOK, &minutes)
		if len(minutes.Minutes) != 5 {
			t.Fatalf("%d minutes, want 5", len(minutes.Minutes))
		}
		page := c.get(urls.Conference(demo.WuppertalSlug))
		for _, m := range minutes.Minutes {
			if m.Body == "" || m.PublishedAt == "" || (m.WorkshopID == nil) == (m.ItemID == nil) {
				t.Errorf("minutes %d: %+v", m.ID, m)
			}
			wantContains(t, page, `id="minutes-`+itoa(m.ID)+`"`, esc(m.Title), m.BodyHTML)
		}

		// Wuppertal's demands: each as its page and the series' filtered
		// list show it, with its follow-ups.
		conf, err := e.db.ConferenceBySlug(t.Context(), demo.WuppertalSlug)
		if err != nil {
			t.Fatal(err)
		}
		public, err := e.db.PublicDemands(t.Context(), conf.SeriesID)
		if err != nil {
			t.Fatal(err)
		}
		var demands struct{ Resolutions []apiDemandT }
		apiGet(t, c, urls.APIEditionResolutions(demo.WuppertalSlug), http.StatusOK, &demands)
		want := 0
		for _, d := range public {
			if d.ConferenceID == conf.ID {
				want++
			}
		}
		if len(demands.Resolutions) != want || want == 0 {
			t.Fatalf("%d demands, want Wuppertal's %d", len(demands.Resolutions), want)
		}
		followUps := 0
		for _, d := range demands.Resolutions {
			dp := c.get(urls.Demand(d.ID))
			wantStatus(t, dp, http.StatusOK)
			wantContains(t, dp, esc(d.Title))
			if d.Edition.Slug != demo.WuppertalSlug || d.URL != "http://example.test"+urls.Demand(d.ID) || d.Vote.Yes == 0 {
				t.Errorf("demand %d: %+v", d.ID, d)
			}
			// The series' list filtered by state has it under its state only.
			link := `href="` + urls.Demand(d.ID) + `"`
			for _, state := range append([]string{model.ResAdopted}, model.FollowUpKinds...) {
				listed := strings.Contains(c.get(urls.SeriesDemandsFiltered(demo.SeriesSlug, d.Topic, "", state)).Body, link)
				if listed != (state == d.State) {
					t.Errorf("demand %d, state %q: listed under %q: %v", d.ID, d.State, state, listed)
				}
			}
			for _, f := range d.FollowUps {
				followUps++
				wantContains(t, dp, `datetime="`+f.OccurredOn+`"`)
				if f.Note != "" {
					wantContains(t, dp, esc(strings.Fields(f.Note)[0]))
				}
			}
			if n := len(d.FollowUps); n > 0 && d.State != d.FollowUps[n-1].Kind || n == 0 && d.State != model.ResAdopted {
				t.Errorf("demand %d: state %q with follow-ups %+v", d.ID, d.State, d.FollowUps)
			}
			var alone apiDemandT
			apiGet(t, c, urls.APIResolution(d.ID), http.StatusOK, &alone)
			if !reflect.DeepEqual(alone, d) {
				t.Errorf("demand %d alone %+v differs from the list's %+v", d.ID, alone, d)
			}
		}
		if followUps == 0 {
			t.Error("no demand has follow-ups; the demo has some")
		}
	})
}

// What is not public is not in the API, for an organiser either: the
// draft edition, the draft minutes and the demand not yet voted on; and
// what is not there is a JSON 404.
func TestAPIShowsOnlyWhatIsPublic(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		orga := e.organiser(t)
		// The organiser sees the draft's page as a preview; the API, as
		// anybody, does not find it.
		wantStatus(t, orga.get(urls.Conference(demo.NextEditionSlug)), http.StatusOK)
		var errBody struct{ Error string }
		for _, path := range []string{urls.APIEdition(demo.NextEditionSlug), urls.APIEditionMinutes(demo.NextEditionSlug),
			urls.APIEditionResolutions(demo.NextEditionSlug), urls.APIEdition("gibt-es-nicht"), urls.APISeries("gibt-es-nicht"),
			urls.APIResolution(999999), "/api/v1/resolutions/abc", "/api/v1/nichts"} {
			res := apiGet(t, orga, path, http.StatusNotFound, &errBody)
			if errBody.Error != "not found" || res.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s: error %q, CORS %q", path, errBody.Error, res.Header.Get("Access-Control-Allow-Origin"))
			}
		}
		var list struct{ Series []apiSeriesT }
		res := apiGet(t, orga, urls.APISeriesList(), http.StatusOK, &list)
		wantLacks(t, res, demo.NextEditionSlug)

		// The upcoming edition has draft minutes and a demand before its
		// plenary; neither is public.
		up, err := e.db.ConferenceBySlug(t.Context(), demo.UpcomingSlug)
		if err != nil {
			t.Fatal(err)
		}
		var minutes struct{ Minutes []apiMinutesT }
		apiGet(t, orga, urls.APIEditionMinutes(demo.UpcomingSlug), http.StatusOK, &minutes)
		if len(minutes.Minutes) != 0 {
			t.Errorf("the upcoming edition's draft minutes are public: %+v", minutes.Minutes)
		}
		proposed, err := e.db.Resolutions(t.Context(), up.ID)
		if err != nil || len(proposed) == 0 {
			t.Fatalf("the upcoming edition's demands: %v, %v", proposed, err)
		}
		var demands struct{ Resolutions []apiDemandT }
		res = apiGet(t, orga, urls.APIEditionResolutions(demo.UpcomingSlug), http.StatusOK, &demands)
		if len(demands.Resolutions) != 0 {
			t.Errorf("demands not adopted are public: %+v", demands.Resolutions)
		}
		for _, r := range proposed {
			wantLacks(t, res, esc(r.Title))
			apiGet(t, orga, urls.APIResolution(r.ID), http.StatusNotFound, nil)
		}

		// Minutes taken off the public page leave the API at once.
		w, err := e.db.ConferenceBySlug(t.Context(), demo.WuppertalSlug)
		if err != nil {
			t.Fatal(err)
		}
		published, err := e.db.PublishedMinutes(t.Context(), w.ID)
		if err != nil || len(published) == 0 {
			t.Fatal(published, err)
		}
		wantStatus(t, orga.post(urls.UnpublishMinutes(published[0].ID), confirmYes), http.StatusSeeOther)
		apiGet(t, orga, urls.APIEditionMinutes(demo.WuppertalSlug), http.StatusOK, &minutes)
		for _, m := range minutes.Minutes {
			if m.ID == published[0].ID {
				t.Errorf("unpublished minutes %d are still in the API", m.ID)
			}
		}
		if len(minutes.Minutes) != len(published)-1 {
			t.Errorf("%d minutes, want %d", len(minutes.Minutes), len(published)-1)
		}
	})
}

// No answer of the API holds anything of a registration: every name and
// email address of the demo's participants, and of the staff, is absent
// from every answer.
func TestAPIHoldsNoParticipantData(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())
		var bodies []string
		var list struct {
			Series []struct {
				Slug     string
				Editions []struct{ Slug string }
			}
		}
		bodies = append(bodies, apiGet(t, c, urls.APISeriesList(), http.StatusOK, &list).Body)
		var secrets []string
		for _, s := range list.Series {
			bodies = append(bodies, apiGet(t, c, urls.APISeries(s.Slug), http.StatusOK, nil).Body)
			for _, ed := range s.Editions {
				var demands struct{ Resolutions []apiDemandT }
				bodies = append(bodies,
					apiGet(t, c, urls.APIEdition(ed.Slug), http.StatusOK, nil).Body,
					apiGet(t, c, urls.APIEditionMinutes(ed.Slug), http.StatusOK, nil).Body,
					apiGet(t, c, urls.APIEditionResolutions(ed.Slug), http.StatusOK, &demands).Body)
				for _, d := range demands.Resolutions {
					bodies = append(bodies, apiGet(t, c, urls.APIResolution(d.ID), http.StatusOK, nil).Body)
				}
				conf, err := e.db.ConferenceBySlug(t.Context(), ed.Slug)
				if err != nil {
					t.Fatal(err)
				}
				regs, err := e.db.FindRegistrations(t.Context(), conf.ID, store.RegistrationFilter{})
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range regs {
					secrets = append(secrets, r.Name)
					for _, p := range []*string{r.Email, r.ContactEmail} {
						if p != nil {
							secrets = append(secrets, *p)
						}
					}
					if r.Phone != "" {
						secrets = append(secrets, r.Phone)
					}
				}
			}
		}
		if len(secrets) < 20 {
			t.Fatalf("only %d names and addresses to look for; the demo has more registrations", len(secrets))
		}
		secrets = append(secrets, demo.OrganiserEmail, demo.FacilitatorEmail)
		for _, body := range bodies {
			for _, s := range secrets {
				if strings.Contains(body, s) {
					t.Errorf("an API answer holds %q:\n%.500s", s, body)
				}
			}
		}
	})
}

// Answers carry an ETag, and the same request with it in If-None-Match
// gets 304 until the data changes; any site may read them; the API only
// reads; and it is made fresh, not taken from the page cache.
func TestAPICachingAndCORS(t *testing.T) {
	storetestEachWithCache(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())
		path := urls.APIEdition(demo.WuppertalSlug)
		first := apiGet(t, c, path, http.StatusOK, nil)
		etag := first.Header.Get("ETag")
		if !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
			t.Fatalf("ETag %q", etag)
		}
		for h, want := range map[string]string{"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=60",
			"Vary": "", "Content-Language": ""} {
			if got := first.Header.Get(h); got != want {
				t.Errorf("%s: %q, want %q", h, got, want)
			}
		}
		again := apiGet(t, c, path, http.StatusOK, nil)
		if again.Header.Get("ETag") != etag || again.Body != first.Body {
			t.Error("the same answer twice has another ETag or body")
		}
		for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
			res := apiGet(t, c, path, http.StatusNotModified, nil, "If-None-Match", inm)
			if res.Body != "" || res.Header.Get("ETag") != etag || res.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("If-None-Match %s: body %q, ETag %q, CORS %q", inm, res.Body, res.Header.Get("ETag"),
					res.Header.Get("Access-Control-Allow-Origin"))
			}
		}
		apiGet(t, c, path, http.StatusOK, nil, "If-None-Match", `"other"`)

		// HEAD is answered as GET, without the body.
		head := c.do(httptest.NewRequest(http.MethodHead, siteURL.String()+strings.TrimPrefix(path, "/"), nil))
		wantStatus(t, head, http.StatusOK)
		if head.Body != "" || head.Header.Get("ETag") != etag || head.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("HEAD: body %d bytes, ETag %q, CORS %q", len(head.Body), head.Header.Get("ETag"), head.Header.Get("Access-Control-Allow-Origin"))
		}

		// A browser's preflight from another site is answered.
		pre := httptest.NewRequest(http.MethodOptions, siteURL.String()+strings.TrimPrefix(path, "/"), nil)
		pre.Header.Set("Origin", "https://www.wuppertal.de")
		pre.Header.Set("Access-Control-Request-Method", "GET")
		res := c.do(pre)
		wantStatus(t, res, http.StatusNoContent)
		if res.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(res.Header.Get("Access-Control-Allow-Methods"), "GET") {
			t.Errorf("preflight headers %v", res.Header)
		}

		// Writing is refused, with what is allowed, from this site and
		// from another; the pages' forms still refuse other sites' posts.
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			req := httptest.NewRequest(m, siteURL.String()+strings.TrimPrefix(path, "/"), strings.NewReader("{}"))
			if m == http.MethodPost {
				req.Header.Set("Origin", "https://www.wuppertal.de")
				req.Header.Set("Sec-Fetch-Site", "cross-site")
			}
			res := c.do(req)
			wantStatus(t, res, http.StatusMethodNotAllowed)
			wantContains(t, res, `{"error":"method not allowed"}`)
			if res.Header.Get("Allow") != "GET, HEAD, OPTIONS" {
				t.Errorf("%s: Allow %q", m, res.Header.Get("Allow"))
			}
		}

		cross := newPost(urls.Register(demo.UpcomingSlug), "name=X")
		cross.Header.Set("Origin", "https://www.wuppertal.de")
		cross.Header.Set("Sec-Fetch-Site", "cross-site")
		wantStatus(t, c.do(cross), http.StatusForbidden)

		// The page, now in the page cache, still shows the old title when
		// the edition is renamed elsewhere (another instance); the API
		// shows the new one at once, with a new ETag.
		wantStatus(t, c.get(urls.Conference(demo.WuppertalSlug)), http.StatusOK)
		conf, err := e.db.ConferenceBySlug(t.Context(), demo.WuppertalSlug)
		if err != nil {
			t.Fatal(err)
		}
		old := conf.Title
		conf.Title = "Umbenannte Konferenz"
		if err := e.db.UpdateConference(t.Context(), conf); err != nil {
			t.Fatal(err)
		}
		wantContains(t, c.get(urls.Conference(demo.WuppertalSlug)), esc(old))
		var ed apiEditionT
		res = apiGet(t, c, path, http.StatusOK, &ed, "If-None-Match", etag)
		if ed.Title != "Umbenannte Konferenz" || res.Header.Get("ETag") == etag {
			t.Errorf("after the change: title %q, ETag %q (was %q)", ed.Title, res.Header.Get("ETag"), etag)
		}
	})
}

// storetestEachWithCache runs fn over each database with the page cache
// trusting its pages for an hour, so that only a cache bypassed shows a
// change made behind the app's back.
func storetestEachWithCache(t *testing.T, fn func(t *testing.T, e *env)) {
	each(t, func(t *testing.T, e *env) {
		fn(t, newEnvWith(t, e.db, web.Config{BaseURL: "http://example.test", PageCacheTTL: time.Hour}))
	})
}

package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// minutesRoute is one address of the minutes with who may use it.
type minutesRoute struct {
	method, path string
	form         url.Values
	allowed      map[string]bool // roles: "facA", "organiser"
	destroys     bool            // those allowed are not sent it, so that later routes find what it deletes
}

// minutesRoutes lists every minutes route for workshop A's minutes (its
// facilitator and organisers) and for the keynote's (organisers only).
func minutesRoutes(x *minutesEdition, files map[int64]int64) []minutesRoute {
	orga := map[string]bool{"organiser": true}
	both := map[string]bool{"organiser": true, "facA": true}
	routes := []minutesRoute{
		{get, urls.WorkshopMinutes(x.a.ID), nil, both, false},
		{post, urls.SessionMinutes(x.keynote.ID), nil, orga, false},
	}
	for _, m := range []struct {
		id     int64
		writer map[string]bool
	}{{x.aMinutes, both}, {x.keyNote, orga}} {
		routes = append(routes,
			minutesRoute{get, urls.AdminMinutes(m.id), nil, m.writer, false},
			minutesRoute{post, urls.AdminMinutes(m.id), url.Values{"body": {"geändert"}, "language": {"de"}, "base": {"1"}, "action": {"preview"}}, m.writer, false},
			minutesRoute{get, urls.MinutesRevisions(m.id), nil, m.writer, false},
			minutesRoute{get, urls.MinutesRevision(m.id, 1), nil, m.writer, false},
			minutesRoute{post, urls.RestoreRevision(m.id, 1), nil, m.writer, false},
			minutesRoute{post, urls.SubmitMinutes(m.id), nil, m.writer, false},
			minutesRoute{post, urls.ApproveMinutes(m.id), nil, orga, false},
			minutesRoute{post, urls.ReturnMinutes(m.id), url.Values{"return_comment": {"bitte ergänzen"}}, orga, false},
			minutesRoute{get, urls.PublishMinutes(m.id), nil, orga, false},
			minutesRoute{post, urls.PublishMinutes(m.id), confirmYes, orga, false},
			minutesRoute{get, urls.UnpublishMinutes(m.id), nil, orga, false},
			minutesRoute{post, urls.UnpublishMinutes(m.id), confirmYes, orga, false},
			minutesRoute{post, urls.UploadMinutes(m.id), url.Values{"file": {"kein Dateifeld"}}, m.writer, false},
			minutesRoute{get, urls.MinutesAttachment(m.id, files[m.id]), nil, m.writer, false},
			minutesRoute{get, urls.DeleteAttachment(m.id, files[m.id]), nil, m.writer, false},
			// Without the confirmation: those allowed see the page again.
			minutesRoute{post, urls.DeleteAttachment(m.id, files[m.id]), nil, m.writer, false},
			minutesRoute{post, urls.DeleteAttachment(m.id, files[m.id]), confirmYes, m.writer, true},
		)
	}
	return routes
}

// Every minutes route for anonymous visitors, a participant's personal
// link, the facilitators of workshops A and B and an organiser: those not
// logged in are sent to the login, a facilitator of another workshop (and
// any facilitator for plenary minutes or organisers' actions) gets 404 and
// changes nothing, and those allowed reach the page.
func TestMinutesAccessMatrix(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newMinutesEdition(t, e)
		wantStatus(t, minutesSave(x.facA, x.aMinutes, 0, "Text A"), http.StatusSeeOther)
		wantStatus(t, minutesSave(x.organiser, x.keyNote, 0, "Text Hauptvortrag"), http.StatusSeeOther)
		files := map[int64]int64{}
		for id, c := range map[int64]*client{x.aMinutes: x.facA, x.keyNote: x.organiser} {
			wantStatus(t, minutesUpload(t, c, id, "anhang.pdf", minutesPDF), http.StatusSeeOther)
			list, err := e.db.MinutesAttachments(t.Context(), id)
			if err != nil || len(list) != 1 {
				t.Fatalf("attachments of %d: %v, %v", id, list, err)
			}
			files[id] = list[0].ID
		}
		anon := newClient(t, e.app.Handler())
		clients := map[string]*client{"anonymous": anon, "participant": x.participant, "facA": x.facA, "facB": x.facB, "organiser": x.organiser}
		routes := minutesRoutes(x, files)
		do := func(c *client, r minutesRoute) response {
			if r.method == get {
				return c.get(r.path)
			}
			return c.post(r.path, r.form)
		}
		// First everyone who may not: nothing changes.
		for _, role := range []string{"anonymous", "participant", "facB", "facA"} {
			for _, r := range routes {
				if r.allowed[role] {
					continue
				}
				res := do(clients[role], r)
				switch role {
				case "anonymous", "participant":
					if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, urls.Login()) {
						t.Errorf("%s %s %s: %d %q, want the login", role, r.method, r.path, res.Status, res.Location)
					}
				default:
					if res.Status != http.StatusNotFound {
						t.Errorf("%s %s %s: %d, want 404", role, r.method, r.path, res.Status)
					}
					wantLacks(t, res, "Text A", "Text Hauptvortrag")
				}
			}
		}
		for _, id := range []int64{x.aMinutes, x.keyNote} {
			if m := minutesStored(t, e, id); m.Version != 1 || m.Status != "draft" {
				t.Fatalf("minutes %d changed by someone not allowed: %+v", id, m)
			}
			if list, err := e.db.MinutesAttachments(t.Context(), id); err != nil || len(list) != 1 {
				t.Fatalf("attachments of %d after those not allowed: %v, %v", id, list, err)
			}
		}
		// Nothing unpublished is public: the attachments are 404 for
		// everyone, and the API shows no text.
		for role, c := range clients {
			wantLacks(t, c.get(urls.APIEditionMinutes(x.conf.Slug)), "Text A", "Text Hauptvortrag")
			for id, file := range files {
				if res := c.get(urls.PublicAttachment(x.conf.Slug, id, file)); res.Status != http.StatusNotFound {
					t.Errorf("%s: public attachment of unpublished minutes %d: %d", role, id, res.Status)
				}
			}
		}
		// Then those who may: they reach the handler.
		for _, role := range []string{"facA", "organiser"} {
			for _, r := range routes {
				if !r.allowed[role] || r.destroys {
					continue
				}
				res := do(clients[role], r)
				if res.Status == http.StatusNotFound || res.Status >= 500 || strings.HasPrefix(res.Location, urls.Login()) {
					t.Errorf("%s %s %s: %d %q", role, r.method, r.path, res.Status, res.Location)
				}
			}
		}
		minutesCoverAll(t, e, append(routes, minutesRoute{method: get, path: urls.PublicAttachment(x.conf.Slug, 1, 1)},
			minutesRoute{method: get, path: urls.APIEditionMinutes(x.conf.Slug)}))
		// Unknown minutes are not found, for organisers too.
		wantStatus(t, x.organiser.get(urls.AdminMinutes(9999)), http.StatusNotFound)
		wantStatus(t, x.organiser.get(urls.WorkshopMinutes(9999)), http.StatusNotFound)
		wantStatus(t, x.organiser.post(urls.SessionMinutes(9999), nil), http.StatusNotFound)
	})
}

// minutesCoverAll fails unless the routes tested include every route of
// the router that serves minutes, so that a new one cannot go untested.
func minutesCoverAll(t *testing.T, e *env, tested []minutesRoute) {
	t.Helper()
	probe := gin.New()
	all := e.app.Router().Routes()
	for _, r := range all {
		probe.Handle(r.Method, r.Path, func(c *gin.Context) { c.String(http.StatusOK, c.FullPath()) })
	}
	covered := map[string]bool{}
	for _, r := range tested {
		rec := httptest.NewRecorder()
		probe.ServeHTTP(rec, httptest.NewRequest(r.method, r.path, nil))
		covered[r.method+" "+rec.Body.String()] = true
	}
	for _, r := range all {
		if strings.Contains(r.Path, "minutes") || strings.Contains(r.Path, "protokolle") {
			if r.Method != http.MethodHead && !covered[r.Method+" "+r.Path] {
				t.Errorf("%s %s is not in the access matrix", r.Method, r.Path)
			}
		}
	}
}

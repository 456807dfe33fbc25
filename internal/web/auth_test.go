package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Every organiser route, found from the router itself so that a new route
// cannot escape this test, sends an anonymous visitor to the login form.
func TestOrganiserRoutesNeedLogin(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		public := map[string]bool{"/admin/login": true, "/admin/logout": true}
		c := newClient(t, e.app.Handler())
		n := 0
		for _, r := range e.app.Router().Routes() {
			if !strings.HasPrefix(r.Path, "/admin") || public[r.Path] {
				continue
			}
			n++
			path := strings.ReplaceAll(r.Path, ":id", "1")
			var res response
			if r.Method == http.MethodPost {
				res = c.post(path, url.Values{"title": {"x"}})
			} else {
				res = c.get(path)
			}
			if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/admin/login?next=") {
				t.Errorf("%s %s: status %d, location %q; want 303 to the login", r.Method, path, res.Status, res.Location)
			}
		}
		if n < 20 {
			t.Fatalf("only %d organiser routes found", n)
		}
		// Nothing was created by the anonymous posts.
		if all, _ := e.db.AllSeries(t.Context()); len(all) != 0 {
			t.Fatalf("anonymous posts stored %d series", len(all))
		}
	})
}

func TestLoginAndLogout(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		wantStatus(t, c.get("/admin"), http.StatusOK)

		res := c.post("/admin/logout", nil)
		wantStatus(t, res, http.StatusSeeOther)
		res = c.get("/admin")
		if res.Status != http.StatusSeeOther {
			t.Fatalf("after logout /admin gives %d, want a redirect to the login", res.Status)
		}
	})
}

func TestLoginRejectsWrongPassword(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.organiser(t)
		c := newClient(t, e.app.Handler())
		res := c.post("/admin/login", url.Values{"email": {"orga@example.test"}, "password": {"wrong password!"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "E-Mail-Adresse oder Passwort stimmen nicht.", `value="orga@example.test"`)
		wantStatus(t, c.get("/admin"), http.StatusSeeOther)
	})
}

func TestLoginReturnsToTheRequestedPage(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.organiser(t)
		c := newClient(t, e.app.Handler())
		res := c.get("/admin/series/new")
		login := c.get(res.Location)
		wantContains(t, login, `name="next" value="/admin/series/new"`)
		res = c.post("/admin/login", url.Values{"email": {"orga@example.test"}, "password": {organiserPassword}, "next": {"/admin/series/new"}})
		if res.Location != "/admin/series/new" {
			t.Fatalf("after login: location %q", res.Location)
		}
		// A next pointing elsewhere is not followed.
		res = c.post("/admin/login", url.Values{"email": {"orga@example.test"}, "password": {organiserPassword}, "next": {"//evil.example/"}})
		if res.Location != "/admin" {
			t.Fatalf("open redirect: location %q", res.Location)
		}
	})
}

func TestLoginExpires(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		wantStatus(t, c.get("/admin"), http.StatusOK)
		e.db.Now = func() time.Time { return time.Now().Add(13 * time.Hour) }
		res := c.get("/admin")
		if res.Status != http.StatusSeeOther {
			t.Fatalf("a login 13 hours old still works: status %d", res.Status)
		}
	})
}

func TestLoginIsRateLimited(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := newClient(t, e.app.Handler())
		var res response
		for range 11 {
			res = c.post("/admin/login", url.Values{"email": {"nobody@example.test"}, "password": {"guess guess guess"}})
		}
		wantStatus(t, res, http.StatusTooManyRequests)
		wantContains(t, res, "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie 1 Minute")
	})
}

func TestFacilitatorIsNoOrganiser(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		u := &model.User{Email: "fac@example.test", Name: "Fac", Role: model.RoleFacilitator}
		if err := e.db.CreateUserWithPassword(t.Context(), u, organiserPassword); err != nil {
			t.Fatal(err)
		}
		c := newClient(t, e.app.Handler())
		c.post("/admin/login", url.Values{"email": {u.Email}, "password": {organiserPassword}})
		res := c.get("/admin")
		if res.Status != http.StatusSeeOther {
			t.Fatalf("facilitator reached the organisers' pages: %d", res.Status)
		}
	})
}

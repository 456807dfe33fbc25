package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
)

func loadDemo(t *testing.T, e *env) {
	t.Helper()
	if err := demo.Load(t.Context(), e.db); err != nil {
		t.Fatal(err)
	}
}

func TestDemoProgramme(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())

		home := c.get("/")
		wantStatus(t, home, http.StatusOK)
		wantContains(t, home, "Kommunale Flüchtlingskonferenz NRW", `href="/k/wuppertal-2016"`, `href="/s/kommunale-fluechtlingskonferenz-nrw"`)
		// The draft next edition is not public.
		wantLacks(t, home, demo.NextEditionSlug)

		page := c.get("/k/wuppertal-2016")
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page,
			"Flüchtlingspolitik in Nordrhein-Westfalen: Willkommenskultur oder Ausgrenzung und Abschieberegime?",
			"Ulrike Detjen", "Thomas Zitzmann", "Kölner Flüchtlingsrat", "Barbara Schmidt", "Jörg Detjen",
			"Wohnen", "Inken Vollmering", "Knut Unger", "Gesundheit", "Anamaria Diaz",
			"Medizinische Flüchtlingshilfe Bochum", "Bildung", "Gunhild Böth", "Arbeit", "Voix des Migrants",
			"Samstag, 13.2.2016", ">10:00<", "Europe/Berlin")
		// Times run in order down the page.
		agenda := page.Body[strings.Index(page.Body, `id="programme"`):]
		if strings.Index(agenda, "Ulrike Detjen") > strings.Index(agenda, "Voix des Migrants") {
			t.Error("the closing comes before the introduction")
		}

		series := c.get("/s/kommunale-fluechtlingskonferenz-nrw")
		wantStatus(t, series, http.StatusOK)
		wantContains(t, series, `href="/k/wuppertal-2016"`)
		wantLacks(t, series, demo.NextEditionSlug)
	})
}

func TestUnpublishedEditionIsHidden(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		anon := newClient(t, e.app.Handler())
		res := anon.get("/k/" + demo.NextEditionSlug)
		wantStatus(t, res, http.StatusNotFound)

		orga := e.organiser(t)
		res = orga.get("/k/" + demo.NextEditionSlug)
		wantStatus(t, res, http.StatusOK)
		wantContains(t, res, "Vorschau", "Zitzmann")
	})
}

func TestLanguages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())
		de := c.get("/k/wuppertal-2016")
		wantContains(t, de, `<html lang="de"`, "Programm", "Raum")

		en := c.get("/k/wuppertal-2016?lang=en")
		wantContains(t, en, `<html lang="en"`, "Programme", "Room", "Saturday, 13 February 2016", "Housing")
		// The choice is remembered.
		wantContains(t, c.get("/"), `<html lang="en"`, "Municipal refugee conferences")

		// A newcomer's browser language is the first guess.
		fresh := newClient(t, e.app.Handler())
		fresh.lang = "en-GB,en;q=0.9"
		wantContains(t, fresh.get("/"), `<html lang="en"`)
		fresh.lang = "pl-PL,cs;q=0.8"
		wantContains(t, fresh.get("/"), `<html lang="de"`)
	})
}

func TestNotFoundPageSpeaksTheUsersLanguage(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := newClient(t, e.app.Handler())
		res := c.get("/no/such/page")
		wantStatus(t, res, http.StatusNotFound)
		wantContains(t, res, "Seite nicht gefunden")
		c.lang = "en"
		res = c.get("/k/no-such-edition")
		wantStatus(t, res, http.StatusNotFound)
		wantContains(t, res, "Page not found")
		wantStatus(t, c.get("/admin/editions/notanumber"), http.StatusSeeOther) // login first
	})
}

func TestInternalErrorLeaksNothing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := newClient(t, e.app.Handler())
		e.db.Close()
		res := c.get("/")
		// A closed database is an outage, answered 503 (edge_test.go), and
		// says no more than a 500 would.
		wantStatus(t, res, http.StatusServiceUnavailable)
		wantContains(t, res, "Kurz nicht erreichbar")
		wantLacks(t, res, "sql", "closed", "database")
	})
}

func TestHealth(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := newClient(t, e.app.Handler())
		wantStatus(t, c.get("/healthz"), http.StatusOK)
		wantStatus(t, c.get("/readyz"), http.StatusOK)
		e.db.Close()
		wantStatus(t, c.get("/healthz"), http.StatusOK)
		wantStatus(t, c.get("/readyz"), http.StatusServiceUnavailable)
	})
}

func TestSecurityHeadersAndAssets(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := newClient(t, e.app.Handler())
		res := c.get("/")
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("Content-Security-Policy %q", csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("headers %v", res.Header)
		}
		css := c.get("/assets/css/site.css")
		wantStatus(t, css, http.StatusOK)
		if !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") {
			t.Errorf("stylesheet served as %q", css.Header.Get("Content-Type"))
		}
		// No page asks another server for anything.
		wantLacks(t, res, "http://", "https://")
	})
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		req := newPost("/admin/series", "title=Evil&slug=evil")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res := c.do(req)
		wantStatus(t, res, http.StatusForbidden)
		if all, _ := e.db.AllSeries(t.Context()); len(all) != 0 {
			t.Fatalf("a cross-site post stored a series")
		}
	})
}

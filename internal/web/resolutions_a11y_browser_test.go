package web_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// The pages of demands pass axe-core at phone width, in German and in
// Arabic: the public list and page of a demand, and the staff pages with
// the vote form rejected once.
func TestResolutionsBrowserAccessibility(t *testing.T) {
	chromium(t)
	db := storetest.Open(t, store.SQLite)
	loadDemo(t, &env{db: db})
	orga := &model.User{Email: "orga@example.test", Name: "Orga", Role: model.RoleOrganiser}
	if err := db.CreateUserWithPassword(t.Context(), orga, organiserPassword); err != nil {
		t.Fatal(err)
	}
	series, err := db.SeriesBySlug(t.Context(), demo.SeriesSlug)
	if err != nil {
		t.Fatal(err)
	}
	demands, err := db.PublicDemands(t.Context(), series.ID)
	if err != nil || len(demands) == 0 {
		t.Fatalf("demo demands: %v, %v", demands, err)
	}
	upcoming, err := db.ConferenceBySlug(t.Context(), demo.UpcomingSlug)
	if err != nil {
		t.Fatal(err)
	}
	open, err := db.Resolutions(t.Context(), upcoming.ID)
	if err != nil || len(open) != 1 {
		t.Fatalf("open demand: %v, %v", open, err)
	}
	srv := startServer(t, db, web.Config{})
	auditInEachLanguage(t, srv.URL, 3*time.Minute, func(t *testing.T, a *audit, lang string) {
		a.visit("demands", urls.SeriesDemandsFiltered(demo.SeriesSlug, "", "", "partly_implemented")+"&lang="+lang, http.StatusOK)
		a.visit("demand", urls.Demand(demands[0].ID), http.StatusOK)
		a.visit("login", urls.Login(), http.StatusOK)
		a.do("log in",
			chromedp.SendKeys(chromedp.CSS("#f-email"), orga.Email),
			chromedp.SendKeys(chromedp.CSS("#f-password"), organiserPassword),
		)
		a.submit("dashboard", `main form.form button[type="submit"]`, http.StatusOK)
		a.visit("resolutions", urls.EditionResolutions(upcoming.ID), http.StatusOK)
		a.visit("resolution", urls.AdminResolution(open[0].ID), http.StatusOK)
		a.visit("resolution-form", urls.NewResolution(upcoming.ID), http.StatusOK)
		a.visit("amendment-form", urls.NewAmendment(open[0].ID), http.StatusOK)
		a.visit("followup-form", urls.NewFollowUp(demands[0].ID), http.StatusOK)
		a.visit("vote-form", urls.ResolutionVote(open[0].ID), http.StatusOK)
		a.do("too many votes", chromedp.SendKeys(chromedp.CSS("#f-votes\\.0\\.yes"), "999"))
		a.submit("vote-errors", `main form.form button[type="submit"]`, http.StatusUnprocessableEntity)
		// As wantFocusOnErrorSummary, by id: the vote's field names hold
		// dots, which a fragment link follows and a CSS selector would not.
		got, err := chromedp.Run(a.ctx, chromedp.Evaluate[[]string](`[document.activeElement.className,
				document.getElementById(document.querySelector(".error-summary a").getAttribute("href").slice(1)).tagName]`))
		if err != nil {
			t.Fatal(err)
		}
		if got[0] != "error-summary" || got[1] != "INPUT" {
			t.Errorf("vote-errors: the focus is on %q, the summary's first link leads to a %s", got[0], got[1])
		}
	})
}

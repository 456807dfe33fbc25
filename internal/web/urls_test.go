package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// Every address the urls package builds leads to the route meant for it,
// as the router itself matches it; and every route has a builder, so no
// handler or template needs to write an address by hand.
func TestAddressesResolveToTheirRoutes(t *testing.T) {
	app, err := web.NewApp(nil, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BaseURL: "http://example.test"})
	if err != nil {
		t.Fatal(err)
	}
	// A router with the app's routes whose handlers only say which route
	// matched.
	probe := gin.New()
	for _, r := range app.Router().Routes() {
		probe.Handle(r.Method, r.Path, func(c *gin.Context) { c.String(http.StatusOK, c.FullPath()) })
	}
	tests := slices.Concat(coreAddresses, staffAddresses, uploadAddresses, minutesAddresses, resolutionAddresses, apiAddresses, calendarAddresses, doorAddresses, listAddresses, documentationAddresses, badgeAddresses, frozenAddresses, runsAddresses)
	covered := map[string]bool{}
	for _, tc := range tests {
		rec := httptest.NewRecorder()
		probe.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		if got := rec.Body.String(); rec.Code != http.StatusOK || got != tc.route {
			t.Errorf("%s %s: status %d, route %q, want %q", tc.method, tc.path, rec.Code, got, tc.route)
		}
		covered[tc.method+" "+tc.route] = true
	}
	// Operations are called by monitoring, which knows their addresses.
	operations := map[string]bool{"/healthz": true, "/readyz": true}
	for _, r := range app.Router().Routes() {
		if r.Method == http.MethodHead || operations[r.Path] {
			continue
		}
		if !covered[r.Method+" "+r.Path] {
			t.Errorf("%s %s has no address builder in internal/urls", r.Method, r.Path)
		}
	}
}

// The favicon is served with its type, at its own address and at the one
// browsers try by themselves, and the layout links it.
func TestFaviconIsServed(t *testing.T) {
	app, err := web.NewApp(nil, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BaseURL: "http://example.test"})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, app.Handler())
	for _, path := range []string{urls.Favicon(), urls.FaviconICO()} {
		res := c.get(path)
		wantStatus(t, res, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "image/svg+xml" {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		wantContains(t, res, "<svg", "</svg>")
	}
	wantContains(t, c.get(urls.Login()), `<link rel="icon" href="/assets/img/favicon.svg" type="image/svg+xml">`)
}

// addressCase is one address and the route it must reach.
type addressCase struct {
	method, path, route string
}

const get, post = http.MethodGet, http.MethodPost

var coreAddresses = []addressCase{
	{get, urls.Home(), "/"},
	{get, urls.Stylesheet(), "/assets/css/*filepath"},
	{get, urls.Favicon(), "/assets/img/*filepath"},
	{get, urls.FaviconICO(), "/favicon.ico"},
	{get, urls.Series("nrw"), "/s/:slug"},
	{get, urls.Conference("w-2016"), "/k/:slug"},
	{get, urls.Calendar("w-2016"), "/k/:slug/kalender.ics"},
	{get, urls.Register("w-2016"), "/k/:slug/anmelden"},
	{post, urls.Register("w-2016"), "/k/:slug/anmelden"},
	{get, urls.Personal("tok"), "/r/:token"},
	{post, urls.Personal("tok"), "/r/:token"},
	{post, urls.PersonalCancel("tok"), "/r/:token/cancel"},
	{get, urls.PersonalCancel("tok"), "/r/:token/cancel"},
	{get, urls.PersonalData("tok"), "/r/:token/daten.json"},
	{post, urls.PersonalDelete("tok"), "/r/:token/delete"},
	{get, urls.PersonalDelete("tok"), "/r/:token/delete"},
	{get, urls.Login(), "/admin/login"},
	{get, urls.LoginThen("/admin/outbox"), "/admin/login"},
	{post, urls.Login(), "/admin/login"},
	{post, urls.Logout(), "/admin/logout"},
	{get, urls.MyWorkshops(), "/admin/my-workshops"},
	{get, urls.WorkshopParticipants(3), "/admin/workshops/:id/participants"},
	{get, urls.Admin(), "/admin"},
	{get, urls.NewSeries(), "/admin/series/new"},
	{post, urls.SeriesList(), "/admin/series"},
	{get, urls.EditSeries(1), "/admin/series/:id/edit"},
	{post, urls.AdminSeries(1), "/admin/series/:id"},
	{post, urls.DeleteSeries(1), "/admin/series/:id/delete"},
	{get, urls.DeleteSeries(1), "/admin/series/:id/delete"},
	{get, urls.NewEdition(1), "/admin/series/:id/editions/new"},
	{post, urls.SeriesEditions(1), "/admin/series/:id/editions"},
	{get, urls.AdminEdition(2), "/admin/editions/:id"},
	{get, urls.EditEdition(2), "/admin/editions/:id/edit"},
	{post, urls.AdminEdition(2), "/admin/editions/:id"},
	{post, urls.DeleteEdition(2), "/admin/editions/:id/delete"},
	{get, urls.DeleteEdition(2), "/admin/editions/:id/delete"},
	{get, urls.Registrations(2), "/admin/editions/:id/registrations"},
	{get, urls.Outbox(), "/admin/outbox"},
	{get, urls.OutboxEmail(9), "/admin/outbox/:id"},
	{get, urls.RegistrationsCSV(2), "/admin/editions/:id/registrations.csv"},
	{get, urls.Needs(2), "/admin/editions/:id/needs"},
	{get, urls.AdminRegistration(4), "/admin/registrations/:id"},
	{post, urls.AdminRegistration(4), "/admin/registrations/:id"},
	{post, urls.CancelRegistration(4), "/admin/registrations/:id/cancel"},
	{get, urls.CancelRegistration(4), "/admin/registrations/:id/cancel"},
	{get, urls.CopyEdition(2), "/admin/editions/:id/copy"},
	{post, urls.CopyEdition(2), "/admin/editions/:id/copy"},
	{get, urls.NewSession(2), "/admin/editions/:id/sessions/new"},
	{post, urls.EditionSessions(2), "/admin/editions/:id/sessions"},
	{get, urls.EditSession(5), "/admin/sessions/:id/edit"},
	{post, urls.AdminSession(5), "/admin/sessions/:id"},
	{post, urls.DeleteSession(5), "/admin/sessions/:id/delete"},
	{get, urls.DeleteSession(5), "/admin/sessions/:id/delete"},
	{get, urls.NewWorkshop(5), "/admin/sessions/:id/workshops/new"},
	{post, urls.SessionWorkshops(5), "/admin/sessions/:id/workshops"},
	{get, urls.EditWorkshop(3), "/admin/workshops/:id/edit"},
	{post, urls.AdminWorkshop(3), "/admin/workshops/:id"},
	{post, urls.DeleteWorkshop(3), "/admin/workshops/:id/delete"},
	{get, urls.DeleteWorkshop(3), "/admin/workshops/:id/delete"},
	{get, urls.Assignment(2), "/admin/editions/:id/assignment"},
	{post, urls.Assignment(2), "/admin/editions/:id/assignment"},
	{post, urls.AssignmentSettings(2), "/admin/editions/:id/assignment/settings"},
	{post, urls.DeletePins(2), "/admin/editions/:id/pins/delete"},
	{get, urls.Run(6), "/admin/assignment-runs/:id"},
	{post, urls.MoveInRun(6), "/admin/assignment-runs/:id/move"},
	{post, urls.PublishRun(6), "/admin/assignment-runs/:id/publish"},
	{get, urls.PublishRun(6), "/admin/assignment-runs/:id/publish"},
}

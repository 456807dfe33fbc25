package web_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// An edit made elsewhere (another instance, here the store directly) shows
// on the cached public page once the cache's time is up, not before; hiding
// the edition takes it off at the same moment.
func TestProgrammeCacheFollowsTheDatabase(t *testing.T) {
	const ttl = 2 * time.Second
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clock := storetest.NewClock(db, time.Now())
		e := newEnvWith(t, db, web.Config{PageCacheTTL: ttl})
		loadDemo(t, e)
		c := newClient(t, e.app.Handler())
		path := "/k/" + demo.WuppertalSlug
		wantContains(t, c.get(path), "Mittagspause")

		conf, err := db.ConferenceBySlug(t.Context(), demo.WuppertalSlug)
		if err != nil {
			t.Fatal(err)
		}
		programme, err := db.Programme(t.Context(), conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range programme {
			if s.Kind == model.KindBreak {
				s.Title = "Mittagessen im Foyer"
				if err := db.UpdateSession(t.Context(), &s); err != nil {
					t.Fatal(err)
				}
			}
		}
		clock.Advance(ttl - time.Millisecond)
		wantContains(t, c.get(path), "Mittagspause")
		clock.Advance(time.Millisecond)
		res := c.get(path)
		wantContains(t, res, "Mittagessen im Foyer")
		wantLacks(t, res, "Mittagspause")

		conf.Published = false
		if err := db.UpdateConference(t.Context(), conf); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, c.get(path), http.StatusOK)
		clock.Advance(ttl)
		wantStatus(t, c.get(path), http.StatusNotFound)
	})
}

// Organisers never get the anonymous copy: their page carries their menu.
func TestProgrammeCacheIsForAnonymousVisitors(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		path := "/k/" + demo.WuppertalSlug
		anon := newClient(t, e.app.Handler())
		wantLacks(t, anon.get(path), "/admin/logout")
		orga := e.organiser(t)
		wantContains(t, orga.get(path), "/admin/logout")
		wantLacks(t, anon.get(path), "/admin/logout")
		// Each language has its own copy.
		wantContains(t, anon.get(path+"?lang=en"), `<html lang="en"`, "Programme")
		wantContains(t, anon.get(path+"?lang=de"), `<html lang="de"`, "Programm")
	})
}

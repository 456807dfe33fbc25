package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// The door on a phone, in German and Arabic, as a door helper uses it: the
// search, a mark by its button, the answer that names the person, a
// badge's page and the walk-in form with its errors. Each page passes
// axe-core and fits 320 px without scrolling sideways (audit.check); with
// A11Y_SHOTS set, screenshots are saved there.
func TestBrowserDoor(t *testing.T) {
	chromium(t)
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Open(t, store.SQLite)
	conf, _ := newOpenEdition(t, db, model.ModeAssign, 10, 3, 20)
	helper := &model.User{Email: "tuer@example.test", Name: "Tür", Role: model.RoleDoor}
	if err := db.CreateUserWithPassword(t.Context(), helper, organiserPassword); err != nil {
		t.Fatal(err)
	}
	names := []string{"Amina Diallo", "Amir Haddad", "عمر الخطيب", "Anna Müller-Lüdenscheidt"}
	ids := make([]int64, len(names))
	for i, name := range names {
		r := &model.Registration{ConferenceID: conf.ID, Name: name, Organisation: "Flüchtlingsrat Wuppertal", Lang: "de"}
		if _, err := db.Register(t.Context(), r, nil); err != nil {
			t.Fatal(err)
		}
		ids[i] = r.ID
	}
	code, err := db.DoorCode(t.Context(), ids[2])
	if err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, db, web.Config{})
	auditInEachLanguage(t, srv.URL, 2*time.Minute, func(t *testing.T, a *audit, lang string) {
		a.visit("door-login", "/admin/login?lang="+lang+"&next="+urls.Door(conf.ID), http.StatusOK)
		a.do("log in",
			chromedp.SendKeys(chromedp.CSS("#f-email"), helper.Email),
			chromedp.SendKeys(chromedp.CSS("#f-password"), organiserPassword),
		)
		a.submit("door", `main form.form button[type="submit"]`, http.StatusOK)
		a.do("search", chromedp.SendKeys(chromedp.CSS("#f-q"), "am"))
		a.submit("door-results", `main form.door-search button[type="submit"]`, http.StatusOK)
		l := bundle.Localizer(lang)
		// Both languages run against one database: the German run
		// marks Amina present, the Arabic run undoes the mark.
		button, did, present := urls.CheckIn(conf.ID, ids[0]), "door_done_in", 1
		if lang == "ar" {
			button, did, present = urls.UndoCheckIn(conf.ID, ids[0]), "door_done_out", 0
		}
		a.submit("door-marked", fmt.Sprintf(`main form[action="%s"] button`, button), http.StatusOK)
		status, err := chromedp.Run(a.ctx, chromedp.Text(chromedp.CSS(`main p[role="status"]`)))
		if err != nil {
			t.Fatal(err)
		}
		want := l.T(did, "Name", "Amina Diallo") + " " + l.T("door_count", "Present", present, "Registered", len(names))
		if strings.TrimSpace(status) != want {
			t.Errorf("the answer says %q, want %q", status, want)
		}
		a.visit("door-badge", urls.DoorCode(code), http.StatusOK)
		a.visit("door-walkin", urls.WalkIns(conf.ID), http.StatusOK)
		a.submit("door-walkin-errors", `main form.form button[type="submit"]`, http.StatusUnprocessableEntity)
		a.wantFocusOnErrorSummary("door-walkin-errors")
		a.visit("door-editions", urls.DoorEditions(), http.StatusOK)
	})
}

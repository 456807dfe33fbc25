package web_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// phoneWidth is the narrowest screen WCAG 2.1's reflow criterion (1.4.10)
// asks for: 320 CSS pixels.
const phoneWidth = 320

// axeRun runs axe-core's WCAG 2.1 A and AA rules and lists what they find.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
	.then(r => ({passes: r.passes.length, violations: r.violations.map(v => v.id + " (" + v.impact + "): " + v.help + " at " +
		v.nodes.slice(0, 5).map(n => n.target.join(" ")).join(", "))}))`

// axeResult is what axeRun returns: how many rules passed (none would mean
// axe-core did not look at the page) and each violation in a line.
type axeResult struct {
	Passes     int      `json:"passes"`
	Violations []string `json:"violations"`
}

// Every public and participant page, and the organisers' main pages, in
// German and Arabic on a 320 px wide phone: nothing scrolls sideways and
// axe-core (vendored in testdata/axe) finds no WCAG 2.1 A or AA violation.
// With A11Y_SHOTS set to a directory the test also leaves a screenshot of
// each page there, at 320 and at 1280 px, to look at.
func TestBrowserAccessibility(t *testing.T) {
	chromium(t) // before the database is made
	// The pages do not depend on the database; SQLite is enough.
	db := storetest.Open(t, store.SQLite)
	e := &env{db: db}
	loadDemo(t, e)
	conf, slot := newOpenEdition(t, db, model.ModeAssign, 10, 3, 20)
	orga := &model.User{Email: "orga@example.test", Name: "Orga", Role: model.RoleOrganiser}
	if err := db.CreateUserWithPassword(t.Context(), orga, organiserPassword); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, db, web.Config{})
	auditInEachLanguage(t, srv.URL, 3*time.Minute, func(t *testing.T, a *audit, lang string) {

		a.visit("home", "/?lang="+lang, http.StatusOK)
		a.visit("series", "/s/kommunale-fluechtlingskonferenz-nrw", http.StatusOK)
		a.visit("programme", "/k/wuppertal-2016", http.StatusOK)
		a.visit("open-programme", "/k/"+conf.Slug, http.StatusOK)
		a.visit("form", "/k/"+conf.Slug+"/anmelden", http.StatusOK)
		a.submit("form-errors", `main form.form button[type="submit"]`, http.StatusUnprocessableEntity)
		a.wantFocusOnErrorSummary("form-errors")
		a.do("fill in the form",
			chromedp.SendKeys(chromedp.CSS("#f-name"), "Amina Diallo"),
			chromedp.Click(chromedp.CSS("#f-consent")),
			chromedp.SetValue(chromedp.CSS(choiceSelect(slot, 1)), id(slot.Workshops[0].ID)),
		)
		a.submit("confirmation", `main form.form button[type="submit"]`, http.StatusOK)
		link, err := chromedp.Run(a.ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		personal := link[len(srv.URL):]
		a.visit("personal", personal, http.StatusOK)
		a.visit("personal-cancel", personal+"/cancel", http.StatusOK)
		a.visit("personal-delete", personal+"/delete", http.StatusOK)
		a.visit("demo-programme", "/k/naechste-konferenz", http.StatusOK)
		a.visit("demo-form", "/k/naechste-konferenz/anmelden", http.StatusOK)
		a.visit("not-found", "/no/such/page", http.StatusNotFound)
		a.visit("login", "/admin/login", http.StatusOK)
		a.submit("login-errors", `main form.form button[type="submit"]`, http.StatusUnprocessableEntity)
		a.wantFocusOnErrorSummary("login-errors")

		a.do("log in",
			chromedp.SendKeys(chromedp.CSS("#f-email"), orga.Email),
			chromedp.SendKeys(chromedp.CSS("#f-password"), organiserPassword),
		)
		a.submit("dashboard", `main form.form button[type="submit"]`, http.StatusOK)
		edition := "/admin/editions/" + id(conf.ID)
		a.visit("edition", edition, http.StatusOK)
		a.visit("edition-form", edition+"/edit", http.StatusOK)
		a.visit("registrations", edition+"/registrations", http.StatusOK)
		a.visit("needs", edition+"/needs", http.StatusOK)
		a.visit("assignment", edition+"/assignment", http.StatusOK)
		a.submit("run", `main form button[type="submit"]`, http.StatusOK)
		run, err := chromedp.Run(a.ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		a.visit("publish-confirm", run[len(srv.URL):]+"/publish", http.StatusOK)
		a.visit("delete-edition-confirm", edition+"/delete", http.StatusOK)
		a.visit("registration", "/admin/registrations/"+id(registrationOf(t, db, link)), http.StatusOK)
		a.visit("session-form", "/admin/sessions/"+id(slot.ID)+"/edit", http.StatusOK)
		a.visit("workshop-form", "/admin/workshops/"+id(slot.Workshops[0].ID)+"/edit", http.StatusOK)
		a.visit("outbox", "/admin/outbox", http.StatusOK)
		a.visit("minutes-editor", "/admin/workshops/"+id(slot.Workshops[0].ID)+"/minutes", http.StatusOK)
		minutes, err := chromedp.Run(a.ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		a.do("write minutes", chromedp.SendKeys(chromedp.CSS("#f-body"), "## Ergebnisse\n\n- Wohnungen statt Sammelunterkünfte\n"))
		a.submit("minutes-preview", `main form.minutes-editor button[value="preview"]`, http.StatusOK)
		a.submit("minutes-saved", `main form.minutes-editor button[value="save"]`, http.StatusOK)
		a.visit("minutes-revisions", minutes[len(srv.URL):]+"/revisions", http.StatusOK)
		a.visit("minutes-revision", minutes[len(srv.URL):]+"/revisions/1", http.StatusOK)
		a.visit("staff", urls.Staff(), http.StatusOK)
		a.visit("staff-invite", urls.NewStaff(), http.StatusOK)
		a.submit("staff-invite-errors", `main form.form button[type="submit"]`, http.StatusUnprocessableEntity)
		a.wantFocusOnErrorSummary("staff-invite-errors")
		a.visit("staff-account", urls.StaffAccount(orga.ID), http.StatusOK)
		a.visit("staff-deactivate", urls.DeactivateStaff(orga.ID), http.StatusOK)
		a.visit("account-link-gone", urls.Account("kein-gueltiger-link"), http.StatusGone)
	})
}

// auditInEachLanguage runs fn once in German and once in Arabic, each in a
// fresh browser tab narrowed to a phone's width, with an audit that checks
// every page fn visits (axe-core, no sideways scrolling) and, with
// A11Y_SHOTS set, leaves its screenshots there.
func auditInEachLanguage(t *testing.T, base string, timeout time.Duration, fn func(t *testing.T, a *audit, lang string)) {
	t.Helper()
	axe, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	browser := newBrowser(t)
	for _, lang := range []string{"de", "ar"} {
		t.Run(lang, func(t *testing.T) {
			tab, closeTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
			defer closeTab()
			if err := chromedp.Do(tab); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(tab, timeout)
			defer cancel()
			a := &audit{t: t, ctx: ctx, base: base, lang: lang, axe: string(axe), shots: os.Getenv("A11Y_SHOTS")}
			a.do("narrow the window", chromedp.EmulateViewport(phoneWidth, 640))
			fn(t, a, lang)
		})
	}
}

// registrationOf returns the id of the registration a personal link belongs to.
func registrationOf(t *testing.T, db *store.DB, link string) int64 {
	t.Helper()
	r, err := db.RegistrationByToken(t.Context(), link[strings.LastIndex(link, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// audit is one language's tour of the pages in one browser tab.
type audit struct {
	t     *testing.T
	ctx   context.Context
	base  string // the app's address
	lang  string
	axe   string // axe-core's source
	shots string // where screenshots go, if anywhere
}

func (a *audit) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	a.t.Helper()
	if err := chromedp.Do(a.ctx, steps...); err != nil {
		a.t.Fatalf("%s: %v", what, err)
	}
}

// visit opens path, expects the status and checks the page.
func (a *audit) visit(name, path string, status int) {
	a.t.Helper()
	res, err := chromedp.Run(a.ctx, chromedp.NavigateResponse(a.base+path))
	if err != nil {
		a.t.Fatalf("%s: open %s: %v", name, path, err)
	}
	if int(res.Status) != status {
		a.t.Fatalf("%s: %s answered %d, want %d", name, path, res.Status, status)
	}
	a.check(name)
}

// submit clicks a form's button, expects the status of the page it leads
// to and checks that page.
func (a *audit) submit(name, button string, status int) {
	a.t.Helper()
	res, err := chromedp.RunResponse(a.ctx, chromedp.Click(chromedp.CSS(button)))
	if err != nil {
		a.t.Fatalf("%s: click %s: %v", name, button, err)
	}
	if int(res.Status) != status {
		a.t.Fatalf("%s: %s answered %d, want %d", name, res.URL, res.Status, status)
	}
	a.check(name)
}

// wantFocusOnErrorSummary fails the test unless the page opened with the
// focus on its error summary, so that a screen reader reads it first, and
// the summary's first link leads to a field.
func (a *audit) wantFocusOnErrorSummary(name string) {
	a.t.Helper()
	got, err := chromedp.Run(a.ctx, chromedp.Evaluate[[]string](`[document.activeElement.className,
		document.querySelector(document.querySelector(".error-summary a").getAttribute("href")).tagName]`))
	if err != nil {
		a.t.Fatalf("%s: %v", name, err)
	}
	if got[0] != "error-summary" || (got[1] != "INPUT" && got[1] != "SELECT" && got[1] != "TEXTAREA") {
		a.t.Errorf("%s: the focus is on %q, the summary's first link leads to a %s", name, got[0], got[1])
	}
}

// check fails the test if the page scrolls sideways or axe-core finds a
// violation, and takes the screenshots asked for.
func (a *audit) check(name string) {
	a.t.Helper()
	lang, err := chromedp.Run(a.ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	if err != nil {
		a.t.Fatalf("%s: %v", name, err)
	}
	if lang != a.lang {
		a.t.Errorf("%s: the page is in %q, want %q", name, lang, a.lang)
	}
	widths, err := chromedp.Run(a.ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
	if err != nil {
		a.t.Fatalf("%s: %v", name, err)
	}
	if widths[0] > widths[1] {
		a.t.Errorf("%s: at %d px the page is %d px wide and scrolls sideways", name, widths[1], widths[0])
	}
	// Injected through the DevTools protocol, which the page's
	// Content-Security-Policy does not restrict.
	if _, err := chromedp.Run(a.ctx, chromedp.Evaluate[string](a.axe+"\n;typeof axe")); err != nil {
		a.t.Fatalf("%s: inject axe-core: %v", name, err)
	}
	res, err := chromedp.Run(a.ctx, chromedp.Evaluate[axeResult](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		a.t.Fatalf("%s: run axe-core: %v", name, err)
	}
	if res.Passes == 0 {
		a.t.Errorf("%s: axe-core checked nothing", name)
	}
	for _, v := range res.Violations {
		a.t.Errorf("%s: %s", name, v)
	}
	if a.shots != "" {
		a.screenshot(name)
	}
}

// screenshot saves the page at the phone's width and at a desktop's.
func (a *audit) screenshot(name string) {
	a.t.Helper()
	for _, width := range []int64{phoneWidth, 1280} {
		png, err := chromedp.Run(a.ctx, chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
			if _, err := chromedp.EmulateViewport(width, 800)(ctx, tg); err != nil {
				return nil, err
			}
			return chromedp.FullScreenshot(100)(ctx, tg)
		}))
		if err != nil {
			a.t.Fatalf("%s: screenshot: %v", name, err)
		}
		file := filepath.Join(a.shots, a.lang+"-"+name+"-"+strconv.FormatInt(width, 10)+".png")
		if err := os.WriteFile(file, png, 0o644); err != nil {
			a.t.Fatal(err)
		}
	}
	a.do("narrow the window again", chromedp.EmulateViewport(phoneWidth, 640))
}

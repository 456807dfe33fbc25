package web_test

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// chromium returns the path of the Chromium to drive. Without one the test
// is skipped on a developer's machine, but fails in CI (or with
// REQUIRE_BROWSER set): there a skipped browser test must not pass for a
// passed one.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" || os.Getenv("REQUIRE_BROWSER") != "" {
		t.Fatal("Chromium is not installed (apt-get install chromium); CI and REQUIRE_BROWSER need the browser tests")
	}
	t.Skip("Chromium is not installed: browser tests skipped")
	return ""
}

// newBrowser starts a headless Chromium for the test and returns its
// context; the browser stops when the test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], // headless, no-first-run, disable-background-networking, -sync, -dev-shm-usage
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox refuses to start
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		// Removed after the browser has stopped: cleanups run last first.
		chromedp.UserDataDir(t.TempDir()),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// Started here, without a deadline: the first run's context bounds the browser's life.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// A participant registers in a real browser, in German and in Arabic: opens
// the form, fills it in, submits it, sees the confirmation and the personal
// link, follows the link and changes a choice. Every page is in the chosen
// language and direction.
func TestBrowserRegistration(t *testing.T) {
	chromium(t) // before the databases are made
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		conf, slot := newOpenEdition(t, db, model.ModeAssign, 10, 3, 20)
		srv := startServer(t, db, web.Config{})
		browser := newBrowser(t)
		for _, tc := range []struct {
			lang, name, email string
		}{
			{"de", "Amina Diallo", "amina@example.org"},
			{"ar", "أمينة ديالو", "amina.ar@example.org"},
		} {
			t.Run(tc.lang, func(t *testing.T) {
				// A browser context of its own: no cookie of one language's run reaches the other.
				tab, closeTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
				defer closeTab()
				if err := chromedp.Do(tab); err != nil { // opens the tab
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(tab, 60*time.Second)
				defer cancel()
				b := &browserRun{t: t, ctx: ctx, loc: bundle.Localizer(tc.lang), db: db, base: srv.URL}
				b.registerAndChange(conf.Slug, slot, tc.name, tc.email)
			})
		}
	})
}

// browserRun is one participant's visit in one language.
type browserRun struct {
	t    *testing.T
	ctx  context.Context
	loc  *i18n.Localizer // the language the pages must speak
	db   *store.DB
	base string // the app's address
}

func (b *browserRun) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// follow clicks a link or a form's button and waits for the page it leads to.
func (b *browserRun) follow(sel string) {
	b.t.Helper()
	res, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("click %s: %v", sel, err)
	}
	if res.Status != 200 {
		b.t.Fatalf("click %s: %s answered %d", sel, res.URL, res.Status)
	}
}

func (b *browserRun) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (b *browserRun) value(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("value of %s: %v", sel, err)
	}
	return s
}

// wantText fails the test unless the element shows the catalogue message.
func (b *browserRun) wantText(sel, id string, pairs ...any) {
	b.t.Helper()
	if got, want := b.text(sel), b.loc.T(id, pairs...); got != want {
		b.t.Errorf("%s shows %q, want %q (%s)", sel, got, want, id)
	}
}

// wantLanguage checks the page's language and direction as the browser
// sees them, and its heading.
func (b *browserRun) wantLanguage(page, heading string) {
	b.t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[document.documentElement.lang, document.documentElement.dir]`))
	if err != nil {
		b.t.Fatalf("%s: %v", page, err)
	}
	if want := []string{b.loc.Code, b.loc.Dir()}; !slices.Equal(got, want) {
		b.t.Errorf("%s: lang and dir %q, want %q", page, got, want)
	}
	b.wantText("main h1", heading)
}

func choiceSelect(slot model.Session, rank int) string {
	return `select[name="` + model.ChoiceField(slot.ID, rank) + `"]`
}

func (b *browserRun) registerAndChange(slug string, slot model.Session, name, email string) {
	t := b.t
	formURL := b.base + "/k/" + slug + "/anmelden"
	// German through the language switch, from whatever the browser asked
	// for; Arabic through a link that names it.
	if b.loc.Code == "de" {
		b.do("open the form", chromedp.Navigate(formURL))
		b.follow(`nav.languages a[hreflang="de"]`)
	} else {
		b.do("open the form", chromedp.Navigate(formURL+"?lang="+b.loc.Code))
	}
	b.wantLanguage("form", "register_title")

	first, second, other := id(slot.Workshops[0].ID), id(slot.Workshops[1].ID), id(slot.Workshops[2].ID)
	b.do("fill in the form",
		chromedp.SendKeys(chromedp.CSS("#f-name"), name),
		chromedp.SendKeys(chromedp.CSS("#f-email"), email),
		chromedp.Click(chromedp.CSS("#f-consent")),
		chromedp.SetValue(chromedp.CSS(choiceSelect(slot, 1)), first),
		chromedp.SetValue(chromedp.CSS(choiceSelect(slot, 2)), second),
	)
	b.follow(`main form.form button[type="submit"]`)

	// The confirmation is the personal page, with the link to come back.
	b.wantLanguage("confirmation", "personal_title")
	b.wantText("p.flash", "flash_registered")
	b.wantText("section.status p", "status_reg_confirmed", "Name", name)
	here, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	link := b.text("section.personal-link p.link a")
	token := link[strings.LastIndex(link, "/")+1:]
	if link != b.base+"/r/"+token || !personalLink.MatchString("/r/"+token) || here != link {
		t.Fatalf("personal link %q shown on the page at %q", link, here)
	}

	// Later, through the personal link: the first choice changes.
	b.do("open the personal link", chromedp.Navigate(link))
	b.wantLanguage("personal page", "personal_title")
	if got := b.value(choiceSelect(slot, 1)); got != first {
		t.Errorf("first choice shows %q, want %q", got, first)
	}
	b.do("change the first choice", chromedp.SetValue(chromedp.CSS(choiceSelect(slot, 1)), other))
	b.follow(`main form.form button[type="submit"]`)
	b.wantLanguage("personal page after saving", "personal_title")
	b.wantText("p.flash", "flash_saved")
	if got := b.value(choiceSelect(slot, 1)); got != other {
		t.Errorf("after saving, the first choice shows %q, want %q", got, other)
	}

	r, err := b.db.RegistrationByToken(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{slot.Workshops[2].ID, slot.Workshops[1].ID}
	if r.Name != name || r.Lang != b.loc.Code || !slices.Equal(r.Choices[slot.ID], want) {
		t.Errorf("stored %q in %q choosing %v; want %q in %q choosing %v", r.Name, r.Lang, r.Choices[slot.ID], name, b.loc.Code, want)
	}
}

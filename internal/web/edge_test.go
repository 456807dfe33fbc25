package web_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// logBuffer is a log that tests read back; the app logs from several goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newLoggedEnv is newEnv with a log the test reads.
func newLoggedEnv(t *testing.T, db *store.DB, cfg web.Config) (*env, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	app, err := web.NewApp(db, slog.New(slog.NewTextHandler(logs, nil)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{db: db, app: app}, logs
}

// Every GET route answers HEAD with the GET's status and headers and no body.
func TestHeadAnswersLikeGet(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		orga := e.organiser(t)
		for _, path := range []string{"/healthz", "/readyz", "/", "/k/wuppertal-2016", "/k/wuppertal-2016/kalender.ics",
			"/admin/login", "/assets/css/site.css", "/admin"} {
			get := orga.get(path)
			head := orga.do(httptest.NewRequest(http.MethodHead, siteURL.String()+strings.TrimPrefix(path, "/"), nil))
			if head.Status != get.Status || get.Status != http.StatusOK {
				t.Errorf("%s: HEAD %d, GET %d", path, head.Status, get.Status)
			}
			if head.Body != "" {
				t.Errorf("HEAD %s has a body of %d bytes", path, len(head.Body))
			}
			if h, g := head.Header.Get("Content-Type"), get.Header.Get("Content-Type"); h != g {
				t.Errorf("HEAD %s: Content-Type %q, GET %q", path, h, g)
			}
		}
		res := orga.do(httptest.NewRequest(http.MethodHead, siteURL.String()+"k/nirgendwo", nil))
		wantStatus(t, res, http.StatusNotFound)
	})
}

// Logging out deletes the session cookie for real (Max-Age=0), and the
// flash cookie is deleted the same way once shown.
func TestLogoutDeletesTheCookie(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.organiser(t)
		res := c.post("/admin/logout", nil)
		wantStatus(t, res, http.StatusSeeOther)
		deleted := func(res response, name string) {
			t.Helper()
			for _, line := range res.Header.Values("Set-Cookie") {
				if strings.HasPrefix(line, name+"=") {
					if !strings.Contains(line, "Max-Age=0") {
						t.Errorf("%s is not deleted: %q", name, line)
					}
					return
				}
			}
			t.Errorf("no Set-Cookie for %s in %q", name, res.Header.Values("Set-Cookie"))
		}
		deleted(res, "konferenz_session")
		deleted(c.get("/"), "flash")
		if res := c.get("/admin"); res.Status != http.StatusSeeOther {
			t.Fatalf("after logout /admin answers %d", res.Status)
		}
	})
}

// Strict-Transport-Security is sent when cookies are secure (the site is
// served over HTTPS), and only then.
func TestStrictTransportSecurity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		secure := newClient(t, newEnvWith(t, db, web.Config{BaseURL: "https://example.test", SecureCookies: true}).app.Handler())
		if got := secure.get("/").Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
			t.Errorf("secure site: Strict-Transport-Security %q", got)
		}
		plain := newClient(t, newEnv(t, db).app.Handler())
		if got := plain.get("/").Header.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("plain HTTP site: Strict-Transport-Security %q", got)
		}
	})
}

// A facilitator named twice in the workshop form is stored once.
func TestWorkshopFormTakesDuplicateIDs(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := newOpenEdition(t, e.db, model.ModeAssign, 0, 2, 5)
		orga := e.organiser(t)
		fatima := &model.User{Email: "fatima@example.org", Name: "Fatima Yılmaz", Role: model.RoleFacilitator}
		if err := e.db.CreateUserWithPassword(t.Context(), fatima, organiserPassword); err != nil {
			t.Fatal(err)
		}
		w := slot.Workshops[0]
		form := workshopForm(w)
		form["facilitators"] = []string{itoa(fatima.ID), itoa(fatima.ID)}
		form["languages"] = []string{"ar", "ar"}
		wantStatus(t, orga.post("/admin/workshops/"+itoa(w.ID), form), http.StatusSeeOther)
		stored, err := e.db.Workshop(t.Context(), w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(stored.FacilitatorIDs, []int64{fatima.ID}) || stored.Languages != "ar" {
			t.Fatalf("stored facilitators %v, languages %q", stored.FacilitatorIDs, stored.Languages)
		}
	})
}

// Text that is no text (a NUL byte, broken UTF-8, a line break in a
// one-line field) is refused at the edge with a message at its field in
// the user's language, the form keeps the rest, and nothing is stored; on
// both databases alike.
func TestTextInputCheckedAtTheEdge(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		conf, slot := openEdition(t, e, 0)
		c := newClient(t, e.app.Handler())
		path := "/k/wuppertal-2016/anmelden"

		bad := registration(slot, "Amina\x00Diallo", "amina@example.org")
		bad.Set("organisation", "Flüchtlingsrat \xffWuppertal")
		bad.Set("municipality", "Wupper\ntal")
		res := c.post(path, bad)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-name-error">Dieser Text enthält Zeichen, die wir nicht speichern können`,
			`id="f-organisation-error">Dieser Text enthält Zeichen`,
			`id="f-municipality-error">Bitte schreiben Sie dies in eine Zeile`, `value="amina@example.org"`)
		c.lang = "ar"
		res = c.post(path, bad)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-name-error">يحتوي هذا النص على رموز لا يمكننا حفظها`)
		regs, err := e.db.FindRegistrations(t.Context(), conf.ID, store.RegistrationFilter{})
		if err != nil || len(regs) != 0 {
			t.Fatalf("%d registrations stored (%v) from refused forms", len(regs), err)
		}

		// Line breaks belong in a multi-line field.
		c.lang = ""
		good := registration(slot, "Amina Diallo", "amina@example.org")
		good.Set("accessibility", "Rollstuhl\r\nGebärdensprache")
		registerAs(t, c, good)

		// The organisers' forms and the login alike.
		orga := e.organiser(t)
		res = orga.post("/admin/series", url.Values{"title": {"Konferenz\nNRW"}, "description": {"eins\nzwei"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-title-error">Bitte schreiben Sie dies in eine Zeile`)
		wantLacks(t, res, `id="f-description-error"`)
		res = orga.post("/admin/sessions/"+itoa(slot.ID)+"/workshops", url.Values{"topic": {"housing"}, "title": {"Wohnen"},
			"people.0.name": {"Karim\x00"}, "people.0.role": {model.RoleModerator}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-people.0.name-error">Dieser Text enthält Zeichen`)
		res = newClient(t, e.app.Handler()).post("/admin/login", url.Values{"email": {"orga\x00@example.test"}, "password": {"x"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, `id="f-email-error">Dieser Text enthält Zeichen`)

		// Addresses: a path parameter that is no text names nothing; a
		// query value that is none is refused with a page that says so.
		for _, p := range []string{"/k/%ff", "/s/%00", "/r/%00", "/k/%ff/anmelden", "/admin/editions/%00"} {
			wantStatus(t, orga.get(p), http.StatusNotFound)
		}
		res = orga.get("/admin/editions/" + itoa(conf.ID) + "/registrations?q=%00")
		wantStatus(t, res, http.StatusUnprocessableEntity)
		wantContains(t, res, "Die Adresse enthält Zeichen, die keine lesbare Schrift sind")
		wantStatus(t, orga.get("/admin/editions/"+itoa(conf.ID)+"/registrations?q=%C3%B6"), http.StatusOK)
	})
}

// Many people registering at once, some with unstorable text: every valid
// registration is stored, every bad one is told why, in its own language.
func TestConcurrentRegistrationsWithBadRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, web.Config{BaseURL: "http://example.test", RegistrationLimit: -1})
		conf, slot := openEdition(t, e, 0)
		const n = 40
		bad := func(i int) bool { return i%8 == 5 }
		statuses := make([]int, n)
		bodies := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			form := registration(slot, "Person "+itoa(int64(i)), "p"+itoa(int64(i))+"@example.org")
			if bad(i) {
				form.Set("name", "Person\x00"+itoa(int64(i)))
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				req := newPost("/k/wuppertal-2016/anmelden", form.Encode())
				req.Header.Set("Accept-Language", "fr")
				rec := httptest.NewRecorder()
				e.app.Handler().ServeHTTP(rec, req)
				statuses[i], bodies[i] = rec.Code, rec.Body.String()
			}()
		}
		wg.Wait()
		valid := 0
		for i := range n {
			switch {
			case bad(i) && (statuses[i] != http.StatusUnprocessableEntity || !strings.Contains(bodies[i], "Ce texte contient des caractères")):
				t.Errorf("bad row %d: status %d", i, statuses[i])
			case !bad(i) && statuses[i] != http.StatusSeeOther:
				t.Errorf("valid row %d: status %d", i, statuses[i])
			case !bad(i):
				valid++
			}
		}
		regs, err := db.FindRegistrations(t.Context(), conf.ID, store.RegistrationFilter{})
		if err != nil || len(regs) != valid {
			t.Fatalf("%d stored (%v), want the %d valid", len(regs), err, valid)
		}
	})
}

// While the database is down, pages answer 503 with Retry-After and say
// so in the user's language; the log names the route of a personal page,
// never its token.
func TestDatabaseOutageAnswers503(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e, logs := newLoggedEnv(t, db, web.Config{BaseURL: "http://example.test", PageCacheTTL: -1})
		_, slot := openEdition(t, e, 0)
		visitor := newClient(t, e.app.Handler())
		personal := registerAs(t, visitor, registration(slot, "Amina Diallo", "amina@example.org"))
		orga := e.organiser(t)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			c    *client
			path string
		}{{visitor, "/"}, {visitor, "/k/wuppertal-2016"}, {visitor, personal}, {orga, "/admin"}, {visitor, "/readyz"}} {
			res := tc.c.get(tc.path)
			wantStatus(t, res, http.StatusServiceUnavailable)
			if res.Header.Get("Retry-After") == "" {
				t.Errorf("%s: no Retry-After", tc.path)
			}
			if tc.path != "/readyz" {
				wantContains(t, res, "Kurz nicht erreichbar", "Bitte versuchen Sie es in einer Minute noch einmal")
			}
		}
		visitor.lang = "en"
		wantContains(t, visitor.get(personal), "The service is briefly unavailable")
		res := visitor.post("/k/wuppertal-2016/anmelden", registration(slot, "Karim", ""))
		wantStatus(t, res, http.StatusServiceUnavailable)

		log := logs.String()
		if token := strings.TrimPrefix(personal, "/r/"); strings.Contains(log, token) {
			t.Errorf("the log holds a personal link's token:\n%s", log)
		}
		if !strings.Contains(log, "route=/r/:token") || !strings.Contains(log, "database unavailable") {
			t.Errorf("the log does not name the personal page's route:\n%s", log)
		}
	})
}

// A body over the limit is 413 with a page that says so, and changes
// nothing: the share rule stays, no registration is stored.
func TestBodyOverTheLimit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := newAssignmentEdition(t, e)
		settings := "/admin/editions/" + itoa(x.conf.ID) + "/assignment/settings"
		wantStatus(t, x.organiser.post(settings, url.Values{"share_category": {"volunteer"}, "max_share": {"50"},
			"share_rule": {"prefer"}, "language_rule": {"prefer"}}), http.StatusSeeOther)
		huge := strings.Repeat("x", 2<<20)
		res := x.organiser.post(settings, url.Values{"share_category": {""}, "max_share": {"0"}, "padding": {huge}})
		wantStatus(t, res, http.StatusRequestEntityTooLarge)
		wantContains(t, res, "Formular zu groß", "Es wurde nichts gespeichert")
		conf, err := e.db.Conference(t.Context(), x.conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		if conf.ShareCategory != "volunteer" || conf.MaxShare != 50 {
			t.Fatalf("share rule after a body over the limit: %q %d", conf.ShareCategory, conf.MaxShare)
		}

		form := registration(x.slot, "Karim Özdemir", "karim@example.org")
		form.Set("accessibility", huge)
		visitor := newClient(t, e.app.Handler())
		visitor.lang = "fr"
		res = visitor.post("/k/"+x.conf.Slug+"/anmelden", form)
		wantStatus(t, res, http.StatusRequestEntityTooLarge)
		wantContains(t, res, "Formulaire trop volumineux")
		regs, err := e.db.FindRegistrations(t.Context(), x.conf.ID, store.RegistrationFilter{Query: "Karim"})
		if err != nil || len(regs) != 0 {
			t.Fatalf("%d registrations stored (%v) from a body over the limit", len(regs), err)
		}
	})
}

// loginFrom posts a login from a client address of its own.
func loginFrom(t *testing.T, e *env, addr, address, password string) response {
	t.Helper()
	req := newPost("/admin/login", url.Values{"email": {address}, "password": {password}, "next": {"/admin"}}.Encode())
	req.RemoteAddr = addr + ":4711"
	return newClient(t, e.app.Handler()).do(req)
}

// Failed logins are counted per account as well as per address, and only
// failures count: guessing one account's password from many addresses is
// slowed down, an office logging in from one address is not, and the
// message says how long to wait.
func TestLoginThrottledPerAccountOnFailures(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.organiser(t)
		slowed := 0
		var last response
		for i := range 50 {
			last = loginFrom(t, e, "198.51.100."+itoa(int64(i+1)), "orga@example.test", "wrong password "+itoa(int64(i)))
			if last.Status == http.StatusTooManyRequests {
				slowed++
			}
		}
		if slowed < 39 {
			t.Fatalf("%d of 50 guesses from 50 addresses slowed down", slowed)
		}
		wantContains(t, last, "Bitte warten Sie 1 Minute")
		// The right password waits too: the account is what is guarded.
		wantStatus(t, loginFrom(t, e, "198.51.100.99", "orga@example.test", organiserPassword), http.StatusTooManyRequests)

		// Eleven colleagues behind one address, each logging in.
		for i := range 11 {
			u := &model.User{Email: "kollegin" + itoa(int64(i)) + "@example.test", Name: "Kollegin", Role: model.RoleOrganiser}
			if err := e.db.CreateUserWithPassword(t.Context(), u, organiserPassword); err != nil {
				t.Fatal(err)
			}
			wantStatus(t, loginFrom(t, e, "203.0.113.7", u.Email, organiserPassword), http.StatusSeeOther)
		}
		c := newClient(t, e.app.Handler())
		c.lang = "ar"
		var res response
		for range 11 {
			req := newPost("/admin/login", url.Values{"email": {"nobody@example.test"}, "password": {"guess"}}.Encode())
			req.RemoteAddr = "203.0.113.9:4711"
			res = c.do(req)
		}
		wantStatus(t, res, http.StatusTooManyRequests)
		wantContains(t, res, "يُرجى الانتظار دقيقة واحدة")
	})
}

// Guesses sent all at once do not pass on the same free attempts: each
// attempt holds its account's token while its password is checked, so no
// more guesses are checked than the account has attempts.
func TestLoginThrottleHoldsUnderConcurrentGuesses(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.organiser(t)
		const guesses = 40
		statuses := make(chan int, guesses)
		var wg sync.WaitGroup
		for i := range guesses {
			wg.Go(func() {
				statuses <- loginFrom(t, e, "198.51.100."+itoa(int64(i+1)), "orga@example.test", "wrong "+itoa(int64(i))).Status
			})
		}
		wg.Wait()
		close(statuses)
		checked := 0
		for s := range statuses {
			switch s {
			case http.StatusUnprocessableEntity:
				checked++
			case http.StatusTooManyRequests:
			default:
				t.Errorf("a guess answered %d", s)
			}
		}
		if checked > 10 {
			t.Errorf("%d of %d guesses sent at once were checked; the account allows 10", checked, guesses)
		}
	})
}

// A volunteer registering a group of 15 from one address is not stopped
// by the default limit; a flood is, with a message that says what
// happened and when to send again, and keeps the form.
func TestGroupRegistrationFromOneAddress(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := openEdition(t, e, 0)
		c := newClient(t, e.app.Handler())
		for i := range 30 {
			registerAs(t, c, registration(slot, "Person "+itoa(int64(i)), ""))
		}
		res := c.post("/k/wuppertal-2016/anmelden", registration(slot, "Einunddreißig", ""))
		wantStatus(t, res, http.StatusTooManyRequests)
		wantContains(t, res, "Von Ihrem Anschluss kamen gerade sehr viele Anmeldungen kurz nacheinander",
			"Bitte senden Sie das Formular in 1 Minute noch einmal", `value="Einunddreißig"`)
		wantLacks(t, res, "Bitte prüfen Sie die markierten Angaben")
	})
}

// Registering again with an address sends its link again at most once an
// hour, and says so when it does not.
func TestLinkSentAgainAtMostHourly(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, slot := openEdition(t, e, 0)
		registerAs(t, newClient(t, e.app.Handler()), registration(slot, "Amina", "amina@example.org"))
		again := func() response {
			t.Helper()
			res := newClient(t, e.app.Handler()).post("/k/wuppertal-2016/anmelden", registration(slot, "Amina D.", "amina@example.org"))
			wantStatus(t, res, http.StatusUnprocessableEntity)
			return res
		}
		linksAgain := func() int {
			t.Helper()
			n := 0
			for _, m := range outbox(t, e.db) {
				if m.Kind == model.EmailLinkAgain {
					n++
				}
			}
			return n
		}
		wantContains(t, again(), "Wir haben den persönlichen Link noch einmal an diese Adresse geschickt")
		for range 3 {
			wantContains(t, again(), "in der letzten Stunde schon an diese Adresse geschickt", `value="Amina D."`)
		}
		if n := linksAgain(); n != 1 {
			t.Fatalf("%d links sent again within an hour, want 1", n)
		}
		later := time.Now().Add(61 * time.Minute)
		e.db.Now = func() time.Time { return later }
		wantContains(t, again(), "Wir haben den persönlichen Link noch einmal an diese Adresse geschickt")
		if n := linksAgain(); n != 2 {
			t.Fatalf("%d links sent again after an hour, want 2", n)
		}
	})
}

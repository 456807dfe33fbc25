package web_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

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

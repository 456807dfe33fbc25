package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// TestMain fails the run if any page looked up a message that a catalogue
// lacks: every test renders pages, so together they check the catalogues.
func TestMain(m *testing.M) {
	code := m.Run()
	if missing := i18n.Missing(); len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "messages missing from the catalogues: %v\n", missing)
		code = 1
	}
	os.Exit(code)
}

// client drives the whole router in the test's goroutine, keeping cookies
// like a browser and not following redirects, so tests see each 303.
type client struct {
	t       *testing.T
	handler http.Handler
	jar     http.CookieJar
	lang    string // Accept-Language, if set
}

var siteURL, _ = url.Parse("http://example.test/")

func newClient(t *testing.T, h http.Handler) *client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{t: t, handler: h, jar: jar}
}

// response is what a request returned.
type response struct {
	Status   int
	Body     string
	Header   http.Header
	Location string
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	for _, ck := range c.jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	if c.lang != "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, req)
	res := rec.Result()
	c.jar.SetCookies(req.URL, res.Cookies())
	body, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Body: string(body), Header: res.Header, Location: res.Header.Get("Location")}
}

func (c *client) get(path string) response {
	c.t.Helper()
	return c.do(httptest.NewRequest(http.MethodGet, siteURL.String()+strings.TrimPrefix(path, "/"), nil))
}

func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	req := httptest.NewRequest(http.MethodPost, siteURL.String()+strings.TrimPrefix(path, "/"), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// env is a test's app on a fresh database.
type env struct {
	db  *store.DB
	app *web.App
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	return newEnvWith(t, db, web.Config{BaseURL: "http://example.test"})
}

func newEnvWith(t *testing.T, db *store.DB, cfg web.Config) *env {
	t.Helper()
	app, err := web.NewApp(db, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{db: db, app: app}
}

// each runs fn on a fresh app over each database.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { fn(t, newEnv(t, db)) })
}

const organiserPassword = "correct horse battery"

// organiser returns a client logged in as a new organiser.
func (e *env) organiser(t *testing.T) *client {
	t.Helper()
	u := &model.User{Email: "orga@example.test", Name: "Orga", Role: model.RoleOrganiser}
	if err := e.db.CreateUserWithPassword(context.Background(), u, organiserPassword); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, e.app.Handler())
	res := c.post("/admin/login", url.Values{"email": {u.Email}, "password": {organiserPassword}, "next": {"/admin"}})
	if res.Status != http.StatusSeeOther || res.Location != "/admin" {
		t.Fatalf("login: status %d, location %q", res.Status, res.Location)
	}
	return c
}

// wantStatus fails the test unless res has the status.
func wantStatus(t *testing.T, res response, status int) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status %d, want %d; body:\n%.2000s", res.Status, status, res.Body)
	}
}

// wantContains fails the test unless the body has every string.
func wantContains(t *testing.T, res response, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(res.Body, w) {
			t.Errorf("body lacks %q:\n%.3000s", w, res.Body)
		}
	}
}

// wantLacks fails the test if the body has any of the strings.
func wantLacks(t *testing.T, res response, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(res.Body, w) {
			t.Errorf("body has %q", w)
		}
	}
}

func newPost(path, body string) *http.Request {
	req := httptest.NewRequest(http.MethodPost, siteURL.String()+strings.TrimPrefix(path, "/"), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

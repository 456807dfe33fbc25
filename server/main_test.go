package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// syncBuffer is a bytes.Buffer the server goroutine writes while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func envFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

var servingLine = regexp.MustCompile(`Serving on (http://\S+)`)

// startServer runs the program with args until the returned cancel is
// called; it returns the server's base URL, its output, and a channel with run's result.
func startServer(t *testing.T, env map[string]string, args ...string) (string, *syncBuffer, context.CancelFunc, chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, envFrom(env), strings.NewReader(""), stdout, stderr) }()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingLine.FindStringSubmatch(stdout.String()); m != nil {
			t.Cleanup(cancel)
			return m[1], stdout, cancel, done
		}
		select {
		case err := <-done:
			t.Fatalf("run ended early: %v\nstderr: %s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("server did not start; stderr: %s", stderr.String())
	return "", nil, nil, nil
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// The README's first command: -demo serves the Wuppertal programme and
// prints the organiser's login.
func TestDemoServesTheProgramme(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dbURL := storetest.URL(t, dialect)
			base, stdout, cancel, done := startServer(t, map[string]string{
				"DATABASE_URL": dbURL, "ADDR": "127.0.0.1:0", "DEMO_PASSWORD": "demo-password-1", "LOG_LEVEL": "warn",
			}, "-demo")
			status, body := get(t, base+"/k/wuppertal-2016")
			if status != http.StatusOK || !strings.Contains(body, "Zitzmann") || !strings.Contains(body, "Wohnen") {
				t.Fatalf("demo programme: status %d\n%.500s", status, body)
			}
			if !strings.Contains(stdout.String(), "orga@example.org with password demo-password-1") {
				t.Errorf("login not printed: %q", stdout.String())
			}
			if status, _ := get(t, base+"/readyz"); status != http.StatusOK {
				t.Errorf("readyz: %d", status)
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatalf("run after shutdown: %v", err)
			}
		})
	}
}

// A request in flight when SIGTERM arrives is answered before the server stops.
func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	base, _, cancel, done := startServer(t, map[string]string{
		"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "k.db"), "ADDR": "127.0.0.1:0", "LOG_LEVEL": "warn",
	})
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A login whose body is still arriving: the handler is reading it.
	body := "email=nobody%40example.org&password=not+the+right+one"
	head := "POST /admin/login HTTP/1.1\r\nHost: test\r\nConnection: close\r\n" +
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
	if _, err := io.WriteString(conn, head+body[:10]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	cancel()
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("server stopped with a request in flight: %v", err)
	default:
	}
	if _, err := io.WriteString(conn, body[10:]); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request got no answer: %v", err)
	}
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("in-flight login: status %d, want 422 (wrong password)", res.StatusCode)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop after the last request")
	}
}

func TestMigrateAndCreateUser(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dbURL := storetest.URL(t, dialect)
			env := envFrom(map[string]string{"DATABASE_URL": dbURL, "LOG_LEVEL": "error"})
			var out, errOut bytes.Buffer
			if err := run(t.Context(), []string{"migrate"}, env, nil, &out, &errOut); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			if !strings.Contains(out.String(), "up to date") {
				t.Errorf("migrate said %q", out.String())
			}
			err := run(t.Context(), []string{"create-user", "-email", "Orga@Example.org", "-name", "Orga"}, env,
				strings.NewReader("a long enough password\n"), &out, &errOut)
			if err != nil {
				t.Fatalf("create-user: %v", err)
			}
			db, err := store.Open(t.Context(), dbURL)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			u, err := db.Authenticate(t.Context(), "orga@example.org", "a long enough password")
			if err != nil {
				t.Fatalf("the new organiser cannot log in: %v", err)
			}
			// Tests lower the cost (storetest); the program must not.
			if cost, err := bcrypt.Cost([]byte(u.PasswordHash)); err != nil || cost != bcrypt.DefaultCost {
				t.Errorf("password hashed at bcrypt cost %d (%v), want %d", cost, err, bcrypt.DefaultCost)
			}
			// A short password and a taken address are refused with a reason.
			err = run(t.Context(), []string{"create-user", "-email", "x@example.org", "-name", "X"}, env, strings.NewReader("short\n"), &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), "err_password_short") {
				t.Errorf("short password: %v", err)
			}
			err = run(t.Context(), []string{"create-user", "-email", "orga@example.org", "-name", "Y"}, env, strings.NewReader("another long password\n"), &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), "err_email_taken") {
				t.Errorf("taken address: %v", err)
			}
		})
	}
}

func TestBadConfiguration(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"frobnicate"}, nil, "unknown command"},
		{nil, map[string]string{"DATABASE_URL": "mysql://x"}, "unsupported database URL"},
		{nil, map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{[]string{"-trusted-proxies", "not-an-address"}, map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(dir, "a.db")}, "trusted proxies"},
	} {
		var out, errOut bytes.Buffer
		err := run(t.Context(), tc.args, envFrom(tc.env), nil, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v %v: got %v, want an error about %q", tc.args, tc.env, err, tc.want)
		}
	}
}

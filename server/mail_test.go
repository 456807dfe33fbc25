package main

import (
	"bytes"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// inbox is an SMTP backend that keeps the messages it accepts and tells
// of each on arrived.
type inbox struct {
	mu      sync.Mutex
	msgs    []string
	arrived chan struct{}
}

func (b *inbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &inboxSession{b: b}, nil }

func (b *inbox) messages() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.msgs...)
}

type inboxSession struct{ b *inbox }

func (s *inboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *inboxSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *inboxSession) Reset()                               {}
func (s *inboxSession) Logout() error                        { return nil }

func (s *inboxSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	s.b.mu.Lock()
	s.b.msgs = append(s.b.msgs, string(data))
	s.b.mu.Unlock()
	select {
	case s.b.arrived <- struct{}{}:
	default: // told already
	}
	return err
}

// With SMTP_HOST set, the server sends what is in the outbox.
func TestServerSendsTheOutbox(t *testing.T) {
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "k.db")
	db, err := store.Open(t.Context(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(t.Context(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	e := &model.Email{Kind: model.EmailConfirmation, Recipient: "amina@example.org", Lang: "de",
		Subject: "Anmeldung bestätigt", Body: "Guten Tag,\n"}
	if err := db.EnqueueEmail(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	db.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	box := &inbox{arrived: make(chan struct{}, 1)}
	srv := smtp.NewServer(box)
	srv.Domain = "localhost"
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	_, _, cancel, done := startServer(t, map[string]string{
		"DATABASE_URL": dbURL, "ADDR": "127.0.0.1:0", "LOG_LEVEL": "warn",
		"SMTP_HOST": "127.0.0.1", "SMTP_PORT": strconv.Itoa(ln.Addr().(*net.TCPAddr).Port),
		"SMTP_TLS": "none", "SMTP_FROM": "Konferenzbüro <buero@example.org>",
	})
	select {
	case <-box.arrived:
	case <-time.After(10 * time.Second):
	}
	if msgs := box.messages(); len(msgs) != 1 || !strings.Contains(msgs[0], "To: <amina@example.org>") {
		t.Fatalf("server received %d messages: %v", len(msgs), msgs)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run after shutdown: %v", err)
	}
}

func TestBadMailConfiguration(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"SMTP_PORT": "submission"}, "SMTP_PORT"},
		{map[string]string{"SMTP_HOST": "mail.example.org", "SMTP_FROM": "buero@example.org", "SMTP_TLS": "ssl"}, "want starttls, tls or none"},
		{map[string]string{"SMTP_HOST": "mail.example.org"}, "sender address"},
	} {
		tc.env["DATABASE_URL"] = "sqlite:" + filepath.Join(dir, "a.db")
		tc.env["ADDR"] = "127.0.0.1:0"
		var out, errOut bytes.Buffer
		err := run(t.Context(), nil, envFrom(tc.env), nil, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want an error about %q", tc.env, err, tc.want)
		}
	}
}

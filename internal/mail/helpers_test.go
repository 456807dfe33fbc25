package mail_test

import (
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// TestMain fails the run if an email used a message id a catalogue lacks.
func TestMain(m *testing.M) {
	code := m.Run()
	if missing := i18n.Missing(); len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "messages missing from the catalogues: %v\n", missing)
		code = 1
	}
	os.Exit(code)
}

const baseURL = "https://konferenz.example.org"

// site is the site at baseURL, or at another address.
func site(t *testing.T, base ...string) urls.Site {
	t.Helper()
	s, err := urls.NewSite(append(base, baseURL)[0])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func bundle(t *testing.T) *i18n.Bundle {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// conference is the Wuppertal edition of the seed report, unsaved.
func conference() *model.Conference {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	return &model.Conference{
		ID: 7, Slug: "wuppertal-2016", Title: "Kommunale Flüchtlingskonferenz NRW",
		StartsAt: time.Date(2016, time.February, 13, 10, 0, 0, 0, berlin),
		EndsAt:   time.Date(2016, time.February, 13, 17, 0, 0, 0, berlin),
		TimeZone: "Europe/Berlin", Venue: "Alte Feuerwache", Address: "Gathe 6, 42107 Wuppertal",
		Capacity: 60, Status: model.StatusOpen, Published: true, MaxChoices: 3,
		UpdatedAt: time.Date(2016, time.January, 5, 12, 0, 0, 0, time.UTC),
	}
}

// saveConference stores a series and the edition.
func saveConference(t *testing.T, db *store.DB) *model.Conference {
	t.Helper()
	s := &model.Series{Slug: "nrw", Title: "Kommunale Flüchtlingskonferenzen NRW"}
	if err := db.CreateSeries(t.Context(), s); err != nil {
		t.Fatal(err)
	}
	c := conference()
	c.SeriesID = s.ID
	if err := db.CreateConference(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }

// recorder is an SMTP backend that keeps every message it accepts.
type recorder struct {
	mu   sync.Mutex
	msgs []received
}

type received struct {
	From string
	To   []string
	Data []byte
}

func (b *recorder) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{b: b}, nil }

func (b *recorder) messages() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.msgs...)
}

type session struct {
	b    *recorder
	from string
	to   []string
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error   { s.to = append(s.to, to); return nil }
func (s *session) Reset()                                      { s.from, s.to = "", nil }
func (s *session) Logout() error                               { return nil }

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.b.mu.Lock()
	s.b.msgs = append(s.b.msgs, received{From: s.from, To: s.to, Data: data})
	s.b.mu.Unlock()
	return nil
}

// serveSMTP runs an SMTP server on ln until the test ends; with a
// tlsConfig, it offers STARTTLS.
func serveSMTP(t *testing.T, ln net.Listener, be smtp.Backend, tlsConfig *tls.Config) {
	t.Helper()
	srv := smtp.NewServer(be)
	srv.TLSConfig = tlsConfig
	srv.Domain = "localhost"
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.ErrorLog = nopLogger{}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}
func (nopLogger) Println(...any)        {}

// startSMTP starts a recording SMTP server on a free local port.
func startSMTP(t *testing.T) (*recorder, int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	be := &recorder{}
	serveSMTP(t, ln, be, nil)
	return be, ln.Addr().(*net.TCPAddr).Port
}

// parsed is a received message taken apart.
type parsed struct {
	Header   netmail.Header
	Subject  string
	Body     string
	Parts    []part // the parts after the text, if multipart
	TextType string
}

type part struct {
	ContentType string
	Params      map[string]string
	Filename    string
	Data        []byte
}

// parse reads a raw message back as a mail program would.
func parse(t *testing.T, raw []byte) parsed {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	var p parsed
	p.Header = msg.Header
	if p.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("subject: %v", err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("content type: %v", err)
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		p.TextType = msg.Header.Get("Content-Type")
		p.Body = text(decode(t, msg.Header.Get("Content-Transfer-Encoding"), msg.Body))
		return p
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for i := 0; ; i++ {
		mp, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
		data := decode(t, mp.Header.Get("Content-Transfer-Encoding"), mp)
		if i == 0 {
			p.TextType, p.Body = mp.Header.Get("Content-Type"), text(data)
			continue
		}
		ct, ctParams, err := mime.ParseMediaType(mp.Header.Get("Content-Type"))
		if err != nil {
			t.Fatalf("part %d content type: %v", i, err)
		}
		_, disp, _ := mime.ParseMediaType(mp.Header.Get("Content-Disposition"))
		p.Parts = append(p.Parts, part{ContentType: ct, Params: ctParams, Filename: disp["filename"], Data: data})
	}
	return p
}

// decode undoes a transfer encoding.
func decode(t *testing.T, encoding string, r io.Reader) []byte {
	t.Helper()
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", encoding, err)
	}
	return data
}

// text undoes the CRLF line ends mail travels with; the text was written with LF.
func text(data []byte) string {
	return strings.ReplaceAll(string(data), "\r\n", "\n")
}

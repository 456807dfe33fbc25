package mail_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/calendar"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/mail"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

func newSender(t *testing.T, port int) *mail.SMTP {
	t.Helper()
	s, err := mail.NewSMTP(mail.Config{Host: "127.0.0.1", Port: port, TLS: mail.TLSNone,
		From: "Konferenzbüro <buero@konferenz.example.org>", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// queueConfirmation stores a registration for conf and queues its confirmation.
func queueConfirmation(t *testing.T, db *store.DB, c *mail.Composer, conf *model.Conference, name, lang string) (*model.Email, string) {
	t.Helper()
	r := &model.Registration{ConferenceID: conf.ID, Name: name, Email: ptr(strings.ToLower(name) + "@example.org"), Lang: lang}
	token, err := db.Register(t.Context(), r, nil)
	if err != nil {
		t.Fatal(err)
	}
	ics, err := calendar.Conference(conf, nil, site(t))
	if err != nil {
		t.Fatal(err)
	}
	e := c.Confirmation(conf, r, token, ics)
	if err := db.EnqueueEmail(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	return e, token
}

// A queued confirmation arrives as a mail program expects it: in the
// participant's language, with the personal link and the calendar file.
func TestConfirmationArrives(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		conf := saveConference(t, db)
		composer := mail.NewComposer(bundle(t), site(t))
		rec, port := startSMTP(t)
		worker := mail.NewWorker(db, newSender(t, port), discard())

		cases := []struct {
			name, lang, subject, greeting, status string
		}{
			{"Jana", "de", "Anmeldung bestätigt: ", "Guten Tag Jana,", "Sie sind angemeldet, Ihr Platz ist sicher."},
			{"Yusuf", "ar", "تأكيد التسجيل: ", "مرحبًا Yusuf،", "تم تسجيلك ومقعدك مضمون."},
			{"Aminata", "fr", "Inscription confirmée\u00a0: ", "Bonjour Aminata,", "votre place est assurée"},
		}
		tokens := map[string]string{}
		for _, tc := range cases {
			_, tokens[tc.name] = queueConfirmation(t, db, composer, conf, tc.name, tc.lang)
		}

		sent, err := worker.SendDue(t.Context())
		if err != nil || sent != len(cases) {
			t.Fatalf("SendDue = %d, %v; want %d sent", sent, err, len(cases))
		}
		msgs := rec.messages()
		if len(msgs) != len(cases) {
			t.Fatalf("server received %d messages, want %d", len(msgs), len(cases))
		}
		for i, tc := range cases {
			raw := msgs[i]
			addr := strings.ToLower(tc.name) + "@example.org"
			if raw.From != "buero@konferenz.example.org" || len(raw.To) != 1 || raw.To[0] != addr {
				t.Errorf("%s: envelope from %q to %q", tc.lang, raw.From, raw.To)
			}
			m := parse(t, raw.Data)
			if m.Subject != tc.subject+conf.Title {
				t.Errorf("%s: subject %q", tc.lang, m.Subject)
			}
			if got := m.Header.Get("Content-Language"); got != tc.lang {
				t.Errorf("%s: Content-Language %q", tc.lang, got)
			}
			if m.Header.Get("Message-ID") == "" || m.Header.Get("Date") == "" || !strings.Contains(m.Header.Get("To"), addr) ||
				!strings.Contains(m.Header.Get("From"), "buero@konferenz.example.org") {
				t.Errorf("%s: headers %v", tc.lang, m.Header)
			}
			if !strings.HasPrefix(m.TextType, "text/plain") || !strings.Contains(strings.ToLower(m.TextType), "utf-8") {
				t.Errorf("%s: text part is %q", tc.lang, m.TextType)
			}
			wantIn(t, tc.lang+" body", m.Body, tc.greeting, tc.status, baseURL+"/r/"+tokens[tc.name]+"\n")

			if len(m.Parts) != 1 {
				t.Fatalf("%s: %d attachments, want the calendar", tc.lang, len(m.Parts))
			}
			ics := m.Parts[0]
			if ics.ContentType != "text/calendar" || ics.Params["method"] != "" ||
				strings.ToLower(ics.Params["charset"]) != "utf-8" || ics.Filename != "wuppertal-2016.ics" {
				t.Errorf("%s: attachment %s %v %q", tc.lang, ics.ContentType, ics.Params, ics.Filename)
			}
			cal, err := ical.NewDecoder(bytes.NewReader(ics.Data)).Decode()
			if err != nil || cal.Name != ical.CompCalendar || len(cal.Events()) == 0 {
				t.Errorf("%s: attachment is no calendar with events: %v\n%s", tc.lang, err, ics.Data)
			}
		}

		out, err := db.Outbox(t.Context(), 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range out {
			if e.SentAt == nil || e.Attempts != 1 || e.LastError != "" {
				t.Errorf("outbox entry %d: sent %v, attempts %d, error %q", e.ID, e.SentAt, e.Attempts, e.LastError)
			}
		}
		if sent, err := worker.SendDue(t.Context()); sent != 0 || err != nil {
			t.Errorf("second pass sent %d, %v", sent, err)
		}
	})
}

// While the mail server is down, emails wait in the outbox, tried again
// ever less often; once it is up, each arrives exactly once.
func TestDeliveryWaitsForTheServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Now().UTC().Truncate(time.Microsecond)
		db.Now = func() time.Time { return now }
		conf := saveConference(t, db)
		composer := mail.NewComposer(bundle(t), site(t))
		e, _ := queueConfirmation(t, db, composer, conf, "Jana", "de")

		// A port nobody listens on, for now.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		port := ln.Addr().(*net.TCPAddr).Port
		worker := mail.NewWorker(db, newSender(t, port), discard())

		sent, err := worker.SendDue(t.Context())
		if err == nil || sent != 0 {
			t.Fatalf("with the server down SendDue = %d, %v; want an error", sent, err)
		}
		got, err := db.Email(t.Context(), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.SentAt != nil || got.Attempts != 1 || got.LastError == "" || !got.NextAttemptAt.Equal(now.Add(time.Minute)) {
			t.Fatalf("after a failed attempt: sent %v, attempts %d, error %q, next %v (now %v)",
				got.SentAt, got.Attempts, got.LastError, got.NextAttemptAt, now)
		}

		// Not due before the retry; the second failure waits twice as long.
		if sent, err := worker.SendDue(t.Context()); sent != 0 || err != nil {
			t.Fatalf("before the retry SendDue = %d, %v", sent, err)
		}
		now = now.Add(time.Minute)
		if _, err := worker.SendDue(t.Context()); err == nil {
			t.Fatal("second attempt with the server down succeeded")
		}
		got, _ = db.Email(t.Context(), e.ID)
		if got.Attempts != 2 || !got.NextAttemptAt.Equal(now.Add(2*time.Minute)) {
			t.Fatalf("after the second failure: attempts %d, next %v (now %v)", got.Attempts, got.NextAttemptAt, now)
		}

		ln, err = net.Listen("tcp", addr)
		if err != nil {
			t.Fatalf("listen again on %s: %v", addr, err)
		}
		rec := &recorder{}
		serveSMTP(t, ln, rec, nil)
		if sent, err := worker.SendDue(t.Context()); sent != 0 || err != nil {
			t.Fatalf("before the retry, with the server up, SendDue = %d, %v", sent, err)
		}
		now = now.Add(2 * time.Minute)
		if sent, err := worker.SendDue(t.Context()); sent != 1 || err != nil {
			t.Fatalf("at the retry SendDue = %d, %v; want 1 sent", sent, err)
		}
		now = now.Add(24 * time.Hour)
		if sent, err := worker.SendDue(t.Context()); sent != 0 || err != nil {
			t.Fatalf("a day later SendDue = %d, %v; want nothing", sent, err)
		}
		if n := len(rec.messages()); n != 1 {
			t.Fatalf("server received %d messages, want exactly 1", n)
		}
		got, _ = db.Email(t.Context(), e.ID)
		if got.SentAt == nil || !got.SentAt.Equal(now.Add(-24*time.Hour)) || got.Attempts != 3 || got.LastError != "" {
			t.Errorf("delivered email: sent %v, attempts %d, error %q", got.SentAt, got.Attempts, got.LastError)
		}
		if !strings.Contains(string(rec.messages()[0].Data), "Message-ID: <outbox."+strconv.FormatInt(e.ID, 10)+".") {
			t.Errorf("Message-ID is not the outbox's:\n%.500s", rec.messages()[0].Data)
		}
	})
}

// The backoff doubles up to its ceiling and never gives up.
func TestBackoffIsCapped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Now().UTC().Truncate(time.Microsecond)
		db.Now = func() time.Time { return now }
		e := &model.Email{Kind: model.EmailConfirmation, Recipient: "x@example.org", Lang: "de", Subject: "s", Body: "b"}
		if err := db.EnqueueEmail(t.Context(), e); err != nil {
			t.Fatal(err)
		}
		worker := mail.NewWorker(db, failing{}, discard())
		worker.BackoffMax = 5 * time.Minute
		for i, want := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute} {
			if _, err := worker.SendDue(t.Context()); err == nil {
				t.Fatal("no error")
			}
			got, _ := db.Email(t.Context(), e.ID)
			if got.Attempts != i+1 || !got.NextAttemptAt.Equal(now.Add(want)) || got.LastError != "refused" {
				t.Fatalf("attempt %d: attempts %d, next in %v, error %q; want next in %v",
					i+1, got.Attempts, got.NextAttemptAt.Sub(now), got.LastError, want)
			}
			now = got.NextAttemptAt
		}
	})
}

// failing is a mail server that refuses everything.
type failing struct{}

func (failing) Send(context.Context, *model.Email) error { return errors.New("refused") }

// deleting is a mail server that accepts everything, while the person
// deletes their data as their email is sent.
type deleting struct {
	db   *store.DB
	sent []string
}

func (d *deleting) Send(ctx context.Context, e *model.Email) error {
	if e.RegistrationID != nil {
		if _, err := d.db.AnonymiseRegistration(ctx, *e.RegistrationID); err != nil {
			return err
		}
	}
	d.sent = append(d.sent, e.Recipient)
	return nil
}

// An email whose registration is deleted while it is sent is done; the
// other emails of the batch are sent all the same.
func TestDeletedWhileSending(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := mail.NewComposer(bundle(t), site(t))
		conf := saveConference(t, db)
		queueConfirmation(t, db, c, conf, "Amina", "de")
		queueConfirmation(t, db, c, conf, "Karim", "fr")
		sender := &deleting{db: db}
		sent, err := mail.NewWorker(db, sender, discard()).SendDue(t.Context())
		if err != nil || sent != 2 || len(sender.sent) != 2 {
			t.Fatalf("sent %d (%v), error %v", sent, sender.sent, err)
		}
	})
}

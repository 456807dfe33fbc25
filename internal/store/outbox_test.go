package store_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// newClock sets db's clock to a morning before the Wuppertal conference.
func newClock(db *store.DB) *storetest.Clock {
	return storetest.NewClock(db, time.Date(2016, time.January, 20, 9, 0, 0, 0, time.UTC))
}

func newEmail(recipient string) *model.Email {
	return &model.Email{Kind: model.EmailConfirmation, Recipient: recipient, Lang: "de",
		Subject: "Anmeldung bestätigt", Body: "Guten Tag,\n\nSie sind angemeldet."}
}

func TestOutboxEnqueueClaimSent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clk := newClock(db)
		f := newFixture(t, db)
		r := newRegistration(f.conf.ID, "Amina", "amina@example.org")
		register(t, db, r)

		e := newEmail("amina@example.org")
		e.RegistrationID = &r.ID
		e.AttachmentName, e.Attachment = "nrw-2016.ics", []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
		noErr(t, db.EnqueueEmail(ctx, e), "enqueue")
		if e.ID == 0 || !e.CreatedAt.Equal(clk.Now()) || !e.NextAttemptAt.Equal(clk.Now()) {
			t.Fatalf("enqueued %+v", e)
		}
		plain := newEmail("bernd@example.org")
		noErr(t, db.EnqueueEmail(ctx, plain), "enqueue without registration or attachment")

		clk.Advance(time.Second)
		got, err := db.ClaimEmails(ctx, 5*time.Minute, 10)
		noErr(t, err, "claim")
		if len(got) != 2 || got[0].ID != e.ID || got[1].ID != plain.ID {
			t.Fatalf("claimed %d emails, want both, oldest first", len(got))
		}
		c := got[0]
		if c.Attempts != 1 || !c.NextAttemptAt.Equal(clk.Now().Add(5*time.Minute)) || c.Subject != e.Subject ||
			c.Body != e.Body || c.RegistrationID == nil || *c.RegistrationID != r.ID || c.SentAt != nil {
			t.Errorf("claimed %+v", c)
		}
		if c.AttachmentName != "nrw-2016.ics" || !bytes.Equal(c.Attachment, e.Attachment) {
			t.Errorf("attachment %q %q", c.AttachmentName, c.Attachment)
		}
		if len(got[1].Attachment) != 0 || got[1].RegistrationID != nil {
			t.Errorf("email without attachment came back with %q, registration %v", got[1].Attachment, got[1].RegistrationID)
		}

		again, err := db.ClaimEmails(ctx, 5*time.Minute, 10)
		noErr(t, err, "claim again")
		if len(again) != 0 {
			t.Fatalf("claimed %d emails still leased", len(again))
		}

		noErr(t, db.MarkEmailSent(ctx, e.ID), "mark sent")
		sent, err := db.Email(ctx, e.ID)
		noErr(t, err, "read")
		if sent.SentAt == nil || !sent.SentAt.Equal(clk.Now()) || sent.Attempts != 1 || !bytes.Equal(sent.Attachment, e.Attachment) {
			t.Errorf("sent email %+v", sent)
		}

		// Once the lease is over, only the email not marked sent is due again.
		clk.Advance(6 * time.Minute)
		got, err = db.ClaimEmails(ctx, 5*time.Minute, 10)
		noErr(t, err, "claim after the lease")
		if len(got) != 1 || got[0].ID != plain.ID || got[0].Attempts != 2 {
			t.Fatalf("after the lease claimed %+v, want only the unsent email, attempt 2", got)
		}

		list, err := db.Outbox(ctx, 10)
		noErr(t, err, "outbox")
		if len(list) != 2 || list[0].ID != plain.ID || list[1].ID != e.ID {
			t.Fatalf("outbox %+v, want newest first", list)
		}
		if list[1].Attachment != nil || list[1].AttachmentName != "nrw-2016.ics" || list[1].SentAt == nil {
			t.Errorf("outbox entry %+v", list[1])
		}

		_, err = db.Email(ctx, e.ID+100)
		wantNotFound(t, err)
		wantNotFound(t, db.MarkEmailSent(ctx, e.ID+100))
	})
}

func TestOutboxFailedWaitsForRetry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clk := newClock(db)
		e := newEmail("amina@example.org")
		noErr(t, db.EnqueueEmail(ctx, e), "enqueue")

		got, err := db.ClaimEmails(ctx, time.Minute, 10)
		noErr(t, err, "claim")
		if len(got) != 1 {
			t.Fatalf("claimed %d", len(got))
		}
		retry := clk.Now().Add(10 * time.Minute)
		noErr(t, db.MarkEmailFailed(ctx, e.ID, "dial tcp: connection refused", retry), "mark failed")

		// Past the lease but before the retry, the email is not due.
		clk.Advance(9 * time.Minute)
		got, err = db.ClaimEmails(ctx, time.Minute, 10)
		noErr(t, err, "claim before retry")
		if len(got) != 0 {
			t.Fatalf("claimed %d emails before their retry", len(got))
		}
		failed, err := db.Email(ctx, e.ID)
		noErr(t, err, "read")
		if failed.SentAt != nil || failed.Attempts != 1 || failed.LastError != "dial tcp: connection refused" ||
			!failed.NextAttemptAt.Equal(retry) {
			t.Fatalf("failed email %+v", failed)
		}

		clk.Advance(time.Minute)
		got, err = db.ClaimEmails(ctx, time.Minute, 10)
		noErr(t, err, "claim at retry")
		if len(got) != 1 || got[0].Attempts != 2 || got[0].LastError == "" {
			t.Fatalf("at the retry claimed %+v", got)
		}
		noErr(t, db.MarkEmailSent(ctx, e.ID), "mark sent")

		// A late failure report of an earlier attempt does not undo the delivery.
		noErr(t, db.MarkEmailFailed(ctx, e.ID, "timeout", clk.Now().Add(time.Hour)), "late failure")
		sent, err := db.Email(ctx, e.ID)
		noErr(t, err, "read sent")
		if sent.SentAt == nil || sent.LastError != "" {
			t.Errorf("after a late failure report: %+v", sent)
		}
	})
}

// Workers on two instances (two pools on PostgreSQL; on SQLite, whose one
// writer serialises them anyway, one) claiming at once never take the same
// email, and between them take every one.
func TestOutboxClaimsAreExclusive(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			url := storetest.URL(t, dialect)
			first := openAndMigrate(t, url)
			instances := []*store.DB{first}
			if dialect == store.Postgres {
				instances = append(instances, openAndMigrate(t, url))
			}
			const n = 200
			for i := range n {
				noErr(t, first.EnqueueEmail(t.Context(), newEmail(fmt.Sprintf("p%d@example.org", i))), "enqueue")
			}

			var (
				mu      sync.Mutex
				claims  = map[int64]int{}
				total   atomic.Int64
				wg      sync.WaitGroup
				workers = 8
			)
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					db := instances[w%len(instances)]
					for range 1000 {
						if total.Load() >= n {
							return
						}
						got, err := db.ClaimEmails(context.Background(), time.Hour, 7)
						if err != nil {
							t.Errorf("claim: %v", err)
							return
						}
						mu.Lock()
						for _, e := range got {
							claims[e.ID]++
						}
						mu.Unlock()
						total.Add(int64(len(got)))
					}
				}()
			}
			wg.Wait()
			if len(claims) != n || total.Load() != n {
				t.Fatalf("%d claims of %d distinct emails, want %d of %d", total.Load(), len(claims), n, n)
			}
			for id, k := range claims {
				if k != 1 {
					t.Errorf("email %d claimed %d times", id, k)
				}
			}
		})
	}
}

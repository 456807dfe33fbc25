package mail_test

import (
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/mail"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// An outbox that is delivered late, say after the mail server was down
// for the publication and a correction, sends the person only their newest
// assignment, and nothing to someone who cancelled meanwhile.
func TestLateOutboxSendsOnlyWhatStillHolds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		conf := saveConference(t, db)
		composer := mail.NewComposer(bundle(t), site(t))
		rec, port := startSMTP(t)
		worker := mail.NewWorker(db, newSender(t, port), discard())

		jana := &model.Registration{ConferenceID: conf.ID, Name: "Jana", Email: ptr("jana@example.org"), Lang: "de"}
		token, err := db.Register(ctx, jana, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, workshop := range []string{"Wohnen", "Gesundheit"} {
			e := composer.Assignment(conf, jana, []mail.Line{{When: "13:30–15:30", Slot: "Arbeitsgruppen", Workshop: workshop}}, token, nil)
			if err := db.EnqueueEmail(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		karim, _ := queueConfirmation(t, db, composer, conf, "Karim", "de")
		if _, err := db.CancelRegistration(ctx, *karim.RegistrationID); err != nil {
			t.Fatal(err)
		}

		sent, err := worker.SendDue(ctx)
		if err != nil || sent != 1 {
			t.Fatalf("SendDue = %d, %v; want 1 sent", sent, err)
		}
		msgs := rec.messages()
		if len(msgs) != 1 || msgs[0].To[0] != "jana@example.org" {
			t.Fatalf("server received %d messages: %+v", len(msgs), msgs)
		}
		body := parse(t, msgs[0].Data).Body
		if !strings.Contains(body, "Arbeitsgruppen: Gesundheit") || strings.Contains(body, "Wohnen") {
			t.Errorf("Jana got:\n%s", body)
		}
		if sent, err := worker.SendDue(ctx); sent != 0 || err != nil {
			t.Errorf("a second pass sent %d, %v", sent, err)
		}
	})
}

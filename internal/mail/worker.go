package mail

import (
	"context"
	"log/slog"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// Worker sends the outbox. Every instance of the app may run one: each
// email is claimed by one worker at a time (store.ClaimEmails). An email
// that fails is tried again later, ever less often, but never given up:
// organisers see it in the outbox with its last error. An email that a
// later one made obsolete (an assignment replaced by a newer one, anything
// for a registration since cancelled) is not sent at all, however late
// the outbox is delivered; the outbox shows why.
type Worker struct {
	db     *store.DB
	sender Sender
	log    *slog.Logger

	// PollInterval is how often the outbox is checked for due emails.
	PollInterval time.Duration
	// BatchSize is how many emails are claimed at once.
	BatchSize int
	// Lease is how long a claimed email is left to this worker before
	// another may take it; it must be longer than sending a batch can take
	// (each email at most about twice the SMTP timeout).
	Lease time.Duration
	// BackoffBase is the wait after the first failed attempt; it doubles
	// with each further one up to BackoffMax.
	BackoffBase time.Duration
	BackoffMax  time.Duration
}

// NewWorker returns a worker with the usual settings, which the caller may
// change before Run.
func NewWorker(db *store.DB, s Sender, log *slog.Logger) *Worker {
	return &Worker{
		db:           db,
		sender:       s,
		log:          log,
		PollInterval: 10 * time.Second,
		BatchSize:    10,
		Lease:        15 * time.Minute,
		BackoffBase:  time.Minute,
		BackoffMax:   6 * time.Hour,
	}
}

// Run sends due emails every PollInterval until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	ticker := time.NewTicker(w.PollInterval)
	defer ticker.Stop()
	for {
		// Send failures are logged one by one in pass; what is left are
		// errors of the database.
		if _, _, err := w.pass(ctx); err != nil && ctx.Err() == nil {
			w.log.Error("mail worker: outbox not read or updated", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// pass claims and sends batches until nothing is due. It returns the
// number sent, the send errors, and the first error of the database.
func (w *Worker) pass(ctx context.Context) (int, []error, error) {
	sent := 0
	var failed []error
	for ctx.Err() == nil {
		batch, err := w.db.ClaimEmails(ctx, w.Lease, w.BatchSize)
		if err != nil {
			return sent, failed, err
		}
		for _, e := range batch {
			sendErr := w.sender.Send(ctx, &e)
			// A delivered email is recorded even while the app shuts down,
			// so that it is not sent again.
			markCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			if sendErr == nil {
				err = w.db.MarkEmailSent(markCtx, e.ID)
				sent++
			} else {
				retry := w.db.Now().Add(w.backoff(e.Attempts))
				w.log.Warn("email not sent", "id", e.ID, "kind", e.Kind, "attempt", e.Attempts,
					"retry_at", retry, "err", sendErr)
				failed = append(failed, sendErr)
				err = w.db.MarkEmailFailed(markCtx, e.ID, sendErr.Error(), retry)
			}
			cancel()
			// Gone meanwhile: the person deleted their data. Nothing is left to record.
			if model.ErrorCode(err) == model.ENotFound {
				err = nil
			}
			if err != nil {
				return sent, failed, err
			}
		}
		if len(batch) < w.BatchSize {
			break
		}
	}
	return sent, failed, nil
}

// backoff is the wait after the given number of attempts: BackoffBase,
// doubled for each attempt after the first, at most BackoffMax.
func (w *Worker) backoff(attempts int) time.Duration {
	d := w.BackoffBase
	for i := 1; i < attempts && d < w.BackoffMax; i++ {
		d *= 2
	}
	return min(d, w.BackoffMax)
}

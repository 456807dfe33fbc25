package mail

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
)

// TrustOnly makes s trust only the certificates in pool, so that tests can
// run a mail server with a certificate of their own.
func (s *SMTP) TrustOnly(pool *x509.CertPool) { s.tlsConfig.RootCAs = pool }

// SendDue sends every email that is due now, once, for tests, and returns how many
// were sent. The error says whether any failed; those are scheduled again.
func (w *Worker) SendDue(ctx context.Context) (int, error) {
	sent, failed, err := w.pass(ctx)
	if err == nil && len(failed) > 0 {
		err = fmt.Errorf("mail: %d emails not sent: %w", len(failed), errors.Join(failed...))
	}
	return sent, err
}

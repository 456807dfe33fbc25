package mail

import "crypto/x509"

// TrustOnly makes s trust only the certificates in pool, so that tests can
// run a mail server with a certificate of their own.
func (s *SMTP) TrustOnly(pool *x509.CertPool) { s.tlsConfig.RootCAs = pool }

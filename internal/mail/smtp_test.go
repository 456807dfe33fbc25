package mail_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/mail"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// selfSigned returns a server certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mail.test"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, pool
}

// authRecorder records messages only from clients that logged in as user/pass.
type authRecorder struct {
	recorder
	user, pass string
}

func (b *authRecorder) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &authSession{session: session{b: &b.recorder}, be: b}, nil
}

type authSession struct {
	session
	be     *authRecorder
	authed bool
}

func (s *authSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *authSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.be.user || pass != s.be.pass {
			return errors.New("invalid credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *authSession) Mail(from string, opts *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	return s.session.Mail(from, opts)
}

func testEmail() *model.Email {
	return &model.Email{ID: 1, Kind: model.EmailLinkAgain, Recipient: "amina@example.org", Lang: "de",
		Subject: "Ihr persönlicher Link", Body: "Guten Tag,\n\nhier ist Ihr Link.\n", CreatedAt: time.Now()}
}

// Both encrypted modes log in with a password and deliver; the server's
// certificate is checked.
func TestSMTPEncryptedWithLogin(t *testing.T) {
	serverTLS, pool := selfSigned(t)
	for _, mode := range []string{mail.TLSStartTLS, mail.TLSImplicit} {
		t.Run(mode, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			be := &authRecorder{user: "buero", pass: "geheim"}
			if mode == mail.TLSImplicit {
				ln = tls.NewListener(ln, serverTLS)
			}
			serveSMTP(t, ln, be, serverTLS)

			cfg := mail.Config{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, TLS: mode,
				Username: "buero", Password: "geheim", From: "buero@konferenz.example.org", Timeout: 5 * time.Second}
			s, err := mail.NewSMTP(cfg)
			if err != nil {
				t.Fatal(err)
			}
			// Without trusting the certificate, nothing is sent.
			if err := s.Send(t.Context(), testEmail()); err == nil {
				t.Fatal("sent to a server whose certificate is not trusted")
			}
			s.TrustOnly(pool)
			if err := s.Send(t.Context(), testEmail()); err != nil {
				t.Fatalf("send: %v", err)
			}
			if n := len(be.messages()); n != 1 {
				t.Fatalf("server received %d messages", n)
			}
			m := parse(t, be.messages()[0].Data)
			if m.Subject != "Ihr persönlicher Link" || m.Body != "Guten Tag,\n\nhier ist Ihr Link.\n" || len(m.Parts) != 0 {
				t.Errorf("received %q: %q, %d attachments", m.Subject, m.Body, len(m.Parts))
			}

			cfg.Password = "falsch"
			s, _ = mail.NewSMTP(cfg)
			s.TrustOnly(pool)
			if err := s.Send(t.Context(), testEmail()); err == nil {
				t.Error("sent with a wrong password")
			}
		})
	}
}

// starttls is mandatory: a server without STARTTLS gets nothing.
func TestSMTPStartTLSIsMandatory(t *testing.T) {
	rec, port := startSMTP(t)
	s, err := mail.NewSMTP(mail.Config{Host: "127.0.0.1", Port: port, From: "buero@konferenz.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(t.Context(), testEmail())
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("send without STARTTLS: %v", err)
	}
	if n := len(rec.messages()); n != 0 {
		t.Errorf("server received %d messages in plain text", n)
	}
}

// A server that accepts the connection and then says nothing cannot hold
// the sender longer than its timeout.
func TestSMTPSilentServerTimesOut(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	s, err := mail.NewSMTP(mail.Config{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, TLS: mail.TLSNone,
		From: "buero@konferenz.example.org", Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := s.Send(t.Context(), testEmail()); err == nil {
		t.Fatal("sent to a silent server")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("gave up after %v, want about the timeout", d)
	}
}

func TestSMTPConfig(t *testing.T) {
	for _, tc := range []struct {
		cfg  mail.Config
		want string
	}{
		{mail.Config{From: "a@example.org"}, "no SMTP host"},
		{mail.Config{Host: "mail.example.org", From: "a@example.org", TLS: "ssl"}, "want starttls, tls or none"},
		{mail.Config{Host: "mail.example.org", From: "a@example.org", TLS: mail.TLSNone, Username: "u"}, "unencrypted"},
		{mail.Config{Host: "mail.example.org", From: "nobody"}, "sender address"},
		{mail.Config{Host: "mail.example.org", From: "a@example.org", Port: 70000}, "port"},
	} {
		if _, err := mail.NewSMTP(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewSMTP(%+v) = %v, want an error about %q", tc.cfg, err, tc.want)
		}
	}
	if _, err := mail.NewSMTP(mail.Config{Host: "mail.example.org", From: "Konferenzbüro <a@example.org>",
		Username: "u", Password: "p"}); err != nil {
		t.Errorf("valid configuration: %v", err)
	}
}

package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Sender delivers one email.
type Sender interface {
	Send(ctx context.Context, e *model.Email) error
}

// How the connection to the mail server is encrypted.
const (
	// TLSStartTLS connects in plain text and upgrades with STARTTLS before
	// anything else is said; a server that does not offer STARTTLS is an
	// error, never a reason to go on unencrypted. Port 587 by default.
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the first byte (SMTPS). Port 465 by default.
	TLSImplicit = "tls"
	// TLSNone does not encrypt, for a relay on the same machine or in a
	// private network. No password is sent this way. Port 25 by default.
	TLSNone = "none"
)

// Config says how to reach the mail server.
type Config struct {
	Host string
	Port int // 0: the usual port of the TLS mode
	// Username and Password log in to the server; no login if Username is empty.
	Username string
	Password string
	// From is the sender, an address with or without a name:
	// "Konferenzbüro <buero@example.org>".
	From string
	// TLS is TLSStartTLS (if empty), TLSImplicit or TLSNone.
	TLS string
	// Timeout bounds connecting and the greeting, STARTTLS and login
	// together, and then the sending of the message: a server that stops
	// answering cannot hold the worker. 30 seconds if zero.
	Timeout time.Duration
}

// SMTP sends emails through a mail server, one connection per email: the
// outbox sends few, and a fresh connection has no state to go stale.
type SMTP struct {
	cfg       Config
	from      *netmail.Address
	tlsConfig *tls.Config
	client    *gomail.Client
}

// NewSMTP checks cfg and returns a sender; it does not connect yet.
func NewSMTP(cfg Config) (*SMTP, error) {
	if cfg.Host == "" {
		return nil, errors.New("mail: no SMTP host")
	}
	if cfg.TLS == "" {
		cfg.TLS = TLSStartTLS
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	policy := gomail.TLSMandatory
	switch cfg.TLS {
	case TLSStartTLS:
		if cfg.Port == 0 {
			cfg.Port = 587
		}
	case TLSImplicit:
		if cfg.Port == 0 {
			cfg.Port = 465
		}
		// The dialer below does the TLS handshake itself, so that its
		// deadline covers it. The server then offers no STARTTLS, and the
		// opportunistic policy only makes go-mail see that the connection
		// is encrypted, which it needs to allow PLAIN or LOGIN.
		policy = gomail.TLSOpportunistic
	case TLSNone:
		if cfg.Port == 0 {
			cfg.Port = 25
		}
		if cfg.Username != "" {
			return nil, errors.New("mail: SMTP TLS mode none would send the password unencrypted; use starttls or tls")
		}
		policy = gomail.NoTLS
	default:
		return nil, fmt.Errorf("mail: SMTP TLS mode %q: want starttls, tls or none", cfg.TLS)
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		return nil, fmt.Errorf("mail: SMTP port %d out of range", cfg.Port)
	}
	from, err := netmail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("mail: sender address %q: %w", cfg.From, err)
	}
	s := &SMTP{
		cfg:       cfg,
		from:      from,
		tlsConfig: &tls.Config{ServerName: cfg.Host, MinVersion: tls.VersionTLS12},
	}
	opts := []gomail.Option{
		gomail.WithPort(cfg.Port),
		gomail.WithTimeout(cfg.Timeout),
		gomail.WithTLSPolicy(policy),
		gomail.WithTLSConfig(s.tlsConfig),
		gomail.WithDialContextFunc(s.dial),
	}
	if cfg.Username != "" {
		// The strongest mechanism the server offers; PLAIN and LOGIN only
		// over an encrypted connection.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	s.client, err = gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP client: %w", err)
	}
	return s, nil
}

// dial connects to the server. go-mail bounds only the connecting and,
// later, each message; the deadline set here also bounds the greeting,
// STARTTLS and login in between, where a silent server would otherwise
// block forever.
func (s *SMTP) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	dialer := &net.Dialer{}
	var conn net.Conn
	var err error
	if s.cfg.TLS == TLSImplicit {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: s.tlsConfig}).DialContext(ctx, network, addr)
	} else {
		conn, err = dialer.DialContext(ctx, network, addr)
	}
	if err != nil {
		return nil, err
	}
	if err := conn.SetDeadline(time.Now().Add(s.cfg.Timeout)); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// Send delivers e: its text as text/plain in UTF-8 and its attachment, if
// any, as an iCalendar file.
func (s *SMTP) Send(ctx context.Context, e *model.Email) error {
	msg, err := s.message(e)
	if err != nil {
		return err
	}
	if err := s.client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send email %d: %w", e.ID, err)
	}
	return nil
}

// message builds the MIME message of e.
func (s *SMTP) message(e *model.Email) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from)
	if err := msg.To(e.Recipient); err != nil {
		return nil, fmt.Errorf("mail: email %d: recipient %q: %w", e.ID, e.Recipient, err)
	}
	msg.Subject(e.Subject)
	msg.SetDate()
	// The same id on every attempt, so that a mail program shows an email
	// only once even if an attempt went through but was not recorded.
	msg.SetMessageIDWithValue(fmt.Sprintf("outbox.%d.%d@%s", e.ID, e.CreatedAt.UnixMicro(), domain(s.from.Address)))
	msg.SetGenHeader(gomail.HeaderContentLang, e.Lang)
	// Automatic mail (RFC 3834): out-of-office replies should not answer it.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, e.Body)
	if len(e.Attachment) > 0 {
		// No method parameter: the file has no METHOD (it is not an iTIP
		// message), and RFC 6047 wants the two to agree.
		err := msg.AttachReader(e.AttachmentName, bytes.NewReader(e.Attachment),
			gomail.WithFileContentType("text/calendar; charset=utf-8"))
		if err != nil {
			return nil, fmt.Errorf("mail: email %d: attach %s: %w", e.ID, e.AttachmentName, err)
		}
	}
	return msg, nil
}

// domain returns the part of an address after the @.
func domain(addr string) string {
	return addr[strings.LastIndexByte(addr, '@')+1:]
}

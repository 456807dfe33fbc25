// Command server runs the conference office: the web app (the default, or
// "serve"), and the subcommands migrate, create-user and assign (workshop
// placement, JSON in and out).
package main

import (
	"bufio"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/mail"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// config is the server's configuration: each flag defaults to its
// environment variable.
type config struct {
	addr          string
	databaseURL   string
	baseURL       string
	secureCookies bool
	logLevel      string
	proxies       string
	regLimit      int
	smtp          mail.Config // no Host: emails stay in the outbox
	demo          bool
}

func parseFlags(fs *flag.FlagSet, args []string, getenv func(string) string) (*config, error) {
	cfg := &config{}
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&cfg.addr, "addr", env("ADDR", ":8080"), "listen address (ADDR)")
	fs.StringVar(&cfg.databaseURL, "database-url", env("DATABASE_URL", store.DefaultURL), "postgres://... or sqlite:path (DATABASE_URL)")
	fs.StringVar(&cfg.baseURL, "base-url", env("BASE_URL", "http://localhost:8080"), "public URL for links in emails and calendars (BASE_URL)")
	fs.BoolVar(&cfg.secureCookies, "secure-cookies", env("SECURE_COOKIES", "") == "true" || env("SECURE_COOKIES", "") == "1", "mark cookies Secure; set behind HTTPS (SECURE_COOKIES)")
	fs.StringVar(&cfg.logLevel, "log-level", env("LOG_LEVEL", "info"), "debug, info, warn or error (LOG_LEVEL)")
	fs.StringVar(&cfg.proxies, "trusted-proxies", env("TRUSTED_PROXIES", ""), "comma-separated addresses or CIDRs of load balancers whose X-Forwarded-For to believe (TRUSTED_PROXIES)")
	regLimit, err := strconv.Atoi(env("REGISTRATION_LIMIT", "10"))
	if err != nil {
		return nil, fmt.Errorf("REGISTRATION_LIMIT: %w", err)
	}
	fs.IntVar(&cfg.regLimit, "registration-limit", regLimit, "registrations per client address and minute, after a burst of three times as many; 0 turns the limit off (REGISTRATION_LIMIT)")
	smtpPort, err := strconv.Atoi(env("SMTP_PORT", "0"))
	if err != nil {
		return nil, fmt.Errorf("SMTP_PORT: %w", err)
	}
	fs.StringVar(&cfg.smtp.Host, "smtp-host", env("SMTP_HOST", ""), "mail server for emails to participants; none: they stay in the outbox for organisers to read (SMTP_HOST)")
	fs.IntVar(&cfg.smtp.Port, "smtp-port", smtpPort, "mail server port; 0: 587 for starttls, 465 for tls, 25 for none (SMTP_PORT)")
	fs.StringVar(&cfg.smtp.Username, "smtp-username", env("SMTP_USERNAME", ""), "mail server login; none: no login (SMTP_USERNAME)")
	fs.StringVar(&cfg.smtp.Password, "smtp-password", env("SMTP_PASSWORD", ""), "mail server password; better set in the environment, where ps does not show it (SMTP_PASSWORD)")
	fs.StringVar(&cfg.smtp.From, "smtp-from", env("SMTP_FROM", ""), "sender of the emails, such as \"Konferenzbüro <buero@example.org>\" (SMTP_FROM)")
	fs.StringVar(&cfg.smtp.TLS, "smtp-tls", env("SMTP_TLS", mail.TLSStartTLS), "starttls (required, not opportunistic), tls (from the first byte) or none (local relay, no login) (SMTP_TLS)")
	fs.BoolVar(&cfg.demo, "demo", false, "load the Wuppertal demo conference and a demo organiser")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return cfg, nil
}

// run is the whole program, with its environment passed in so that tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	if cmd == "assign" {
		return runAssign(ctx, args, stdin, stdout, stderr)
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var email, name, role string
	if cmd == "create-user" {
		fs.StringVar(&email, "email", "", "the user's email address (login)")
		fs.StringVar(&name, "name", "", "the user's name")
		fs.StringVar(&role, "role", model.RoleOrganiser, "organiser or facilitator")
	}
	cfg, err := parseFlags(fs, args, getenv)
	if err != nil {
		return err
	}
	logger, err := newLogger(cfg.logLevel, stderr)
	if err != nil {
		return err
	}

	switch cmd {
	case "serve", "migrate", "create-user":
	default:
		return fmt.Errorf("unknown command %q: want serve, migrate, create-user or assign", cmd)
	}
	db, err := store.Open(ctx, cfg.databaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx, logger); err != nil {
		return err
	}

	switch cmd {
	case "migrate":
		fmt.Fprintln(stdout, "database is up to date")
		return nil
	case "create-user":
		return createUser(ctx, db, email, name, role, stdin, stdout, stderr)
	}
	if cfg.demo {
		if err := loadDemo(ctx, db, getenv("DEMO_PASSWORD"), stdout); err != nil {
			return err
		}
	}
	return serve(ctx, db, cfg, logger, stdout)
}

func newLogger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("LOG_LEVEL %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// loadDemo fills the database with the demo conference and prints the
// organiser's login; the password is DEMO_PASSWORD or made up now.
func loadDemo(ctx context.Context, db *store.DB, password string, stdout io.Writer) error {
	if password == "" {
		buf := make([]byte, 12)
		rand.Read(buf)
		password = base64.RawURLEncoding.EncodeToString(buf)
	}
	if err := demo.Load(ctx, db); err != nil {
		return err
	}
	if err := demo.EnsureOrganiser(ctx, db, password); err != nil {
		return fmt.Errorf("demo organiser: %w", err)
	}
	fmt.Fprintf(stdout, "Demo data loaded. Log in at /admin/login as %s with password %s\n", demo.OrganiserEmail, password)
	fmt.Fprintf(stdout, "The demo facilitator %s has the same password.\n", demo.FacilitatorEmail)
	return nil
}

// createUser adds a staff account; the password is read from the first line of stdin.
func createUser(ctx context.Context, db *store.DB, email, name, role string, stdin io.Reader, stdout, stderr io.Writer) error {
	if email == "" || name == "" {
		return errors.New("create-user needs -email and -name; the password is read from standard input")
	}
	fmt.Fprint(stderr, "Password (at least 10 characters): ")
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	fmt.Fprintln(stderr)
	u := &model.User{Email: email, Name: name, Role: role}
	if err := db.CreateUserWithPassword(ctx, u, strings.TrimRight(line, "\r\n")); err != nil {
		if e := model.AsError(err); e != nil && e.Code != model.EInternal {
			return fmt.Errorf("create-user: %v", e.Fields)
		}
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (id %d)\n", u.Role, u.Email, u.ID)
	return nil
}

// serve runs the web app until ctx ends, then lets requests in flight finish.
func serve(ctx context.Context, db *store.DB, cfg *config, logger *slog.Logger, stdout io.Writer) error {
	var sender *mail.SMTP
	if cfg.smtp.Host != "" {
		var err error
		if sender, err = mail.NewSMTP(cfg.smtp); err != nil {
			return err
		}
	} else {
		logger.Info("no SMTP_HOST: emails are not sent; they stay in the outbox, where organisers read them at /admin/outbox")
	}
	app, err := web.NewApp(db, logger, web.Config{
		BaseURL:        cfg.baseURL,
		SecureCookies:  cfg.secureCookies,
		TrustedProxies: splitList(cfg.proxies),
		// 0 means "off" here, as operators expect; web.Config says off with a negative value.
		RegistrationLimit: cmp.Or(cfg.regLimit, -1),
		MailConfigured:    sender != nil,
	})
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr:              cfg.addr,
		Handler:           app.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	logger.Info("listening", "addr", ln.Addr().String(), "database", db.Dialect())

	// The mail worker runs until serve returns, which waits for it: the
	// database it writes to is closed after that.
	workerCtx, stopWorker := context.WithCancel(ctx)
	workerDone := make(chan struct{})
	defer func() { stopWorker(); <-workerDone }()
	go func() {
		defer close(workerDone)
		if sender != nil {
			mail.NewWorker(db, sender, logger).Run(workerCtx)
		}
	}()
	fmt.Fprintf(stdout, "Serving on http://%s\n", displayAddr(ln.Addr()))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// displayAddr turns ":8080" into "localhost:8080" for the start-up message.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil || host == "::" || host == "0.0.0.0" || host == "" {
		return "localhost:" + port
	}
	return net.JoinHostPort(host, port)
}

// splitList splits a comma-separated setting, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

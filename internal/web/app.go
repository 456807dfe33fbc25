// Package web is the conference office's web interface: Gin routes,
// handlers grouped by area, middleware and page rendering.
package web

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/mail"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Config is what the web layer needs to know about its deployment.
type Config struct {
	// BaseURL is the public address, for links that leave the site (emails,
	// calendars); http://localhost:8080 if empty. NewApp refuses one that
	// is not an absolute http(s) address.
	BaseURL       string
	SecureCookies bool          // set the Secure flag: the site is served over HTTPS
	SessionTTL    time.Duration // how long a staff login lasts; 12 hours if zero
	// PageCacheTTL is how long a public programme page, and an edition as
	// the registration form and its POST need it, is served from memory
	// before the edition's revision is checked again: the longest an edit
	// made on another instance takes to show. 2 seconds if zero; a negative
	// value turns both caches off.
	PageCacheTTL time.Duration
	// TrustedProxies are the load balancers (addresses or CIDRs) whose
	// X-Forwarded-For names the client; with none, the peer address does.
	TrustedProxies []string
	// RegistrationLimit is how many registrations one client address may
	// send per minute, after a first burst of three times as many (a group
	// registered by a volunteer): then one every 60/n seconds, too few for a
	// flood. 10 if zero; negative turns the limit off, e.g. for load tests.
	RegistrationLimit int
	// MailConfigured says whether a mail worker sends the outbox. Without
	// one, emails are only kept there, and the outbox page tells organisers
	// to pass personal links on by other means.
	MailConfigured bool
}

// App holds the handlers' dependencies (miniflux's handler, snippetbox's application).
type App struct {
	db           *store.DB
	renderer     *Renderer
	i18n         *i18n.Bundle
	log          *slog.Logger
	cfg          Config
	site         urls.Site // absolute addresses, from cfg.BaseURL
	loginLimit   *limiter  // failed logins per client address
	accountLimit *limiter  // failed logins per account (email)
	regLimit     *limiter  // nil: no limit
	mail         *mail.Composer
	pages        *editionCache[[]byte]            // programme pages by language and slug
	regViews     *editionCache[*registrationView] // registration views by slug
	uploads      uploadRoutes                     // routes that take files (postUpload)
}

// NewApp builds the handlers; it fails if a template or catalogue is broken.
func NewApp(db *store.DB, logger *slog.Logger, cfg Config) (*App, error) {
	renderer, err := NewRenderer()
	if err != nil {
		return nil, err
	}
	bundle, err := i18n.New()
	if err != nil {
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	if err := gin.New().SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://localhost:8080"
	}
	site, err := urls.NewSite(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.PageCacheTTL == 0 {
		cfg.PageCacheTTL = 2 * time.Second
	}
	if cfg.RegistrationLimit == 0 {
		cfg.RegistrationLimit = 10
	}
	var regLimit *limiter
	if n := cfg.RegistrationLimit; n > 0 {
		regLimit = newLimiter(rate.Limit(float64(n)/60), registrationBurst*n)
	}
	return &App{
		db:           db,
		renderer:     renderer,
		i18n:         bundle,
		log:          logger,
		cfg:          cfg,
		site:         site,
		loginLimit:   newLimiter(loginRate, loginBurst),
		accountLimit: newLimiter(loginRate, loginBurst),
		regLimit:     regLimit,
		mail:         mail.NewComposer(bundle, site),
		pages:        newEditionCache[[]byte](cfg.PageCacheTTL),
		regViews:     newEditionCache[*registrationView](cfg.PageCacheTTL),
	}, nil
}

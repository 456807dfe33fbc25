// Package web is the conference office's web interface: Gin routes,
// handlers grouped by area, middleware and page rendering.
package web

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// Config is what the web layer needs to know about its deployment.
type Config struct {
	BaseURL       string        // public address, for links that leave the site
	SecureCookies bool          // set the Secure flag: the site is served over HTTPS
	SessionTTL    time.Duration // how long a staff login lasts; 12 hours if zero
	// PageCacheTTL is how long a public programme page is served from
	// memory before its edition's revision is checked again: the longest an
	// edit made on another instance takes to show. 2 seconds if zero; a
	// negative value turns the cache off.
	PageCacheTTL time.Duration
	// TrustedProxies are the load balancers (addresses or CIDRs) whose
	// X-Forwarded-For names the client; with none, the peer address does.
	TrustedProxies []string
}

// App holds the handlers' dependencies (miniflux's handler, snippetbox's application).
type App struct {
	db         *store.DB
	renderer   *Renderer
	i18n       *i18n.Bundle
	log        *slog.Logger
	cfg        Config
	loginLimit *limiter
	pages      *pageCache
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
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.PageCacheTTL == 0 {
		cfg.PageCacheTTL = 2 * time.Second
	}
	return &App{
		db:         db,
		renderer:   renderer,
		i18n:       bundle,
		log:        logger,
		cfg:        cfg,
		loginLimit: newLimiter(loginRate, loginBurst),
		pages:      newPageCache(cfg.PageCacheTTL),
	}, nil
}

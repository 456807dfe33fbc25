package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// healthz handles GET /healthz: the process is up.
func (a *App) healthz(c *gin.Context) {
	c.String(http.StatusOK, "ok\n")
}

// readyz handles GET /readyz: the database answers, so the instance can take traffic.
func (a *App) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := a.db.Ping(ctx); err != nil {
		a.log.Warn("not ready", "err", err)
		c.Header("Retry-After", retryAfter)
		c.String(http.StatusServiceUnavailable, "database unreachable\n")
		return
	}
	c.String(http.StatusOK, "ok\n")
}

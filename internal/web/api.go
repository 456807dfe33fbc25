package web

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// The public read API gives municipal websites what the public pages show,
// as JSON: series, editions with their programme, published minutes and
// adopted demands with their follow-ups. It changes nothing and needs no
// login; what it answers is the same for everyone, a logged-in organiser
// included, so that no draft can leak through a cache. Answers are made
// fresh from the database, not from the page cache (which holds HTML for
// anonymous visitors), and carry an ETag so that a site polling the API
// gets 304 while nothing changed.

// apiCacheControl lets browsers and proxies keep an answer for a short time,
// so that a published change shows on municipal sites within a minute.
const apiCacheControl = "public, max-age=60"

// apiMethods are the methods the API answers; anything else is 405.
const apiMethods = "GET, HEAD, OPTIONS"

//go:embed openapi.json
var openAPIDocument []byte

// isAPI reports whether the request is one for the API, whose errors are
// JSON rather than pages.
func isAPI(c *gin.Context) bool {
	p := c.Request.URL.Path
	return p == urls.API() || strings.HasPrefix(p, urls.API()+"/")
}

// apiHeaders sets what every API answer carries: any site may read it
// from its own pages' scripts (there is nothing personal to protect, and
// no cookie is looked at), and it does not vary by language or login: the
// language chosen for pages says nothing about the data's.
func (a *App) apiHeaders(c *gin.Context) {
	apiHeaderValues(c)
	c.Next()
}

func apiHeaderValues(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Del("Vary")
	h.Del("Content-Language")
}

// apiPreflight handles OPTIONS /api/v1/*path: a browser asking whether a
// script on another site may read the API.
func (a *App) apiPreflight(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Methods", apiMethods)
	h.Set("Access-Control-Allow-Headers", "If-None-Match")
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Allow", apiMethods)
	c.AbortWithStatus(http.StatusNoContent)
}

// apiReadOnly handles POST, PUT, PATCH and DELETE under /api/v1: the API
// only reads.
func (a *App) apiReadOnly(c *gin.Context) {
	c.Header("Allow", apiMethods)
	a.apiError(c, http.StatusMethodNotAllowed)
}

// apiError answers with {"error": "..."}, the status's text in lower case.
func (a *App) apiError(c *gin.Context, status int) {
	apiHeaderValues(c)
	c.Header("Cache-Control", "no-store")
	c.Data(status, "application/json; charset=utf-8", apiErrorBody(status))
	c.Abort()
}

func apiErrorBody(status int) []byte {
	body, _ := json.Marshal(map[string]string{"error": strings.ToLower(http.StatusText(status))})
	return append(body, '\n')
}

// apiJSON answers with v as JSON, or with 304 if the client's copy, named
// by If-None-Match, is the same.
func (a *App) apiJSON(c *gin.Context, v any) {
	body, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		a.internalError(c, err)
		return
	}
	a.apiBody(c, append(body, '\n'))
}

// apiBody sends a JSON body with its ETag, the hash of the body: equal
// answers have equal tags on every instance, without anything to store.
func (a *App) apiBody(c *gin.Context, body []byte) {
	sum := sha256.Sum256(body)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	h := c.Writer.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", apiCacheControl)
	if etagMatches(c.GetHeader("If-None-Match"), etag) {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}

// etagMatches reports whether an If-None-Match header names etag; weak
// tags compare as strong ones, as RFC 9110 asks for this header.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// apiOpenAPI handles GET /api/v1/openapi.json: the API described as an
// OpenAPI 3.1 document, written by hand beside the handlers.
func (a *App) apiOpenAPI(c *gin.Context) {
	a.apiBody(c, openAPIDocument)
}

package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/pdf"
)

// pdfLocalizer is the language a document of the edition is written in:
// the edition's, German by default, whatever language the page was in.
func (a *App) pdfLocalizer(lang string) *i18n.Localizer {
	if lang == "" || !a.i18n.Supported(lang) {
		lang = "de"
	}
	return a.i18n.Localizer(lang)
}

// privatePDF marks a request whose document is for one person, behind
// their personal link: sendPDF has caches keep it no more than a staff one.
const privatePDF = "pdf_private"

// sendPDF writes a finished document as the answer to a GET: shown in the
// browser (inline) under a file name, with its SHA-256 as ETag so that a
// second request for unchanged data gets 304. Staff documents are not kept
// by caches.
func (a *App) sendPDF(c *gin.Context, filename string, d *pdf.Doc) {
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		a.internalError(c, err)
		return
	}
	sum := sha256.Sum256(buf.Bytes())
	h := c.Writer.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": filename}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	if currentUser(c) != nil || c.GetBool(privatePDF) {
		h.Set("Cache-Control", "private, no-store")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, bytes.NewReader(buf.Bytes()))
	c.Abort()
}

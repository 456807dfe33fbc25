package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// outboxLimit is how many emails the outbox page lists, newest first.
const outboxLimit = 200

// outboxView is the organisers' list of emails, sent and waiting.
type outboxView struct {
	Emails         []model.Email
	More           bool // older emails exist than those listed
	MailConfigured bool
	Loc            *time.Location
}

// adminOutbox handles GET /admin/outbox: every email, newest first, with
// whether it went out. Without a mail server this is where organisers
// find the personal links to pass on.
func (a *App) adminOutbox(c *gin.Context) {
	emails, err := a.db.Outbox(c.Request.Context(), outboxLimit+1)
	if err != nil {
		a.internalError(c, err)
		return
	}
	v := outboxView{Emails: emails, MailConfigured: a.cfg.MailConfigured, Loc: officeLocation()}
	if len(emails) > outboxLimit {
		v.Emails, v.More = emails[:outboxLimit], true
	}
	a.render(c, http.StatusOK, "admin_outbox", a.pageData(c, localizer(c).T("outbox_title"), v))
}

// emailView is one email as its recipient reads it.
type emailView struct {
	Email          *model.Email
	Dir            string     // of the email's language
	Paragraphs     [][]string // the text's paragraphs, each a list of lines
	MailConfigured bool
	Loc            *time.Location
}

// adminEmail handles GET /admin/outbox/:id: one email's full text.
func (a *App) adminEmail(c *gin.Context) {
	id, ok := a.idParam(c)
	if !ok {
		return
	}
	e, err := a.db.Email(c.Request.Context(), id)
	if err != nil {
		a.fail(c, err)
		return
	}
	v := emailView{
		Email:          e,
		Dir:            a.i18n.Localizer(e.Lang).Dir(),
		Paragraphs:     paragraphs(e.Body),
		MailConfigured: a.cfg.MailConfigured,
		Loc:            officeLocation(),
	}
	a.render(c, http.StatusOK, "admin_email", a.pageData(c, e.Subject, v))
}

// paragraphs splits plain text at blank lines, and each paragraph into its
// lines, so that the page shows the text's breaks and still wraps long lines.
func paragraphs(text string) [][]string {
	var out [][]string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.Trim(p, "\n"); p != "" {
			out = append(out, strings.Split(p, "\n"))
		}
	}
	return out
}

// officeLocation is the zone the outbox's times are shown in: emails
// belong to no one edition, and the office works in the default zone.
func officeLocation() *time.Location {
	return (&model.Conference{TimeZone: model.DefaultTimeZone}).Location()
}

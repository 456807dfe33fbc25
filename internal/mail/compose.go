// Package mail writes the emails participants get, in their language, and
// delivers the outbox through an SMTP server.
package mail

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Composer writes the emails about a registration. The emails are plain
// text, so that every mail program shows them, screen readers included.
type Composer struct {
	bundle *i18n.Bundle
	site   urls.Site
}

// NewComposer returns a composer whose links are site's addresses.
func NewComposer(bundle *i18n.Bundle, site urls.Site) *Composer {
	return &Composer{bundle: bundle, site: site}
}

// Confirmation is the email after registering: confirmed or waiting, when
// and where, the personal link, and the person's calendar file (ics, see
// calendar.Personal) as an attachment if there is one. nil if the
// registration has no address.
func (c *Composer) Confirmation(conf *model.Conference, r *model.Registration, token string, ics []byte) *model.Email {
	return c.confirmation(conf, r, nil, token, ics)
}

// ConfirmationPlaced is the Confirmation of someone registered after the
// workshop assignment was published, who was placed at once: it names
// their workshop in each slot (lines, as for Assignment) and, where a line
// has none, says that the organisers will place them.
func (c *Composer) ConfirmationPlaced(conf *model.Conference, r *model.Registration, lines []Line, token string, ics []byte) *model.Email {
	return c.confirmation(conf, r, lines, token, ics)
}

func (c *Composer) confirmation(conf *model.Conference, r *model.Registration, lines []Line, token string, ics []byte) *model.Email {
	m := c.start(model.EmailConfirmation, conf, r)
	if m == nil {
		return nil
	}
	subject, status := "mail_subject_confirmed", "mail_confirmed"
	if r.Status == model.RegWaiting {
		subject, status = "mail_subject_waiting", "mail_waiting"
	}
	m.email.Subject = m.t(subject)
	m.greeting()
	m.para(m.t(m.person(status)))
	m.forOther()
	m.placedLate(lines)
	m.details()
	m.link(token)
	m.attach(ics)
	return m.finish()
}

// LinkAgain is the email to an address that registered again for an
// edition it is already registered for: the registration stands, and here
// is a new personal link to it (earlier ones still work). Whoever filled in
// the form gets no link on the page, so only the address's owner sees it.
func (c *Composer) LinkAgain(conf *model.Conference, r *model.Registration, token string) *model.Email {
	m := c.start(model.EmailLinkAgain, conf, r)
	if m == nil {
		return nil
	}
	m.email.Subject = m.t("mail_subject_link_again")
	m.greeting()
	m.para(m.t(m.person("mail_link_again")))
	m.forOther()
	m.para(m.t("mail_link_again_new"))
	m.link(token)
	m.para(m.t("mail_link_again_ignore"))
	return m.finish()
}

// Promoted is the email to someone who moved up from the waiting list
// because a place came free, with their calendar file (ics) if there is one.
func (c *Composer) Promoted(conf *model.Conference, r *model.Registration, token string, ics []byte) *model.Email {
	return c.promoted(conf, r, nil, token, ics)
}

// PromotedPlaced is the Promoted email of someone who moved up after the
// workshop assignment was published and was placed at once: it names
// their workshop in each slot (lines, as for Assignment) and, where a line
// has none, says that the organisers will place them.
func (c *Composer) PromotedPlaced(conf *model.Conference, r *model.Registration, lines []Line, token string, ics []byte) *model.Email {
	return c.promoted(conf, r, lines, token, ics)
}

func (c *Composer) promoted(conf *model.Conference, r *model.Registration, lines []Line, token string, ics []byte) *model.Email {
	m := c.start(model.EmailPromoted, conf, r)
	if m == nil {
		return nil
	}
	m.email.Subject = m.t("mail_subject_promoted")
	m.greeting()
	m.para(m.t(m.person("mail_promoted")))
	m.forOther()
	m.placedLate(lines)
	m.details()
	m.link(token)
	m.attach(ics)
	return m.finish()
}

// Line is one workshop slot of an assignment email: when and what the
// slot is, and the workshop (or that there is no place) and its room.
// None marks a line without a workshop.
type Line struct {
	When, Slot, Workshop, Room string
	None                       bool
}

// Assignment is the email that tells a participant the workshops the
// published assignment gives them, one line per workshop slot, with their
// calendar file (ics), which now holds their workshops, if there is one.
func (c *Composer) Assignment(conf *model.Conference, r *model.Registration, lines []Line, token string, ics []byte) *model.Email {
	m := c.start(model.EmailAssignment, conf, r)
	if m == nil {
		return nil
	}
	m.email.Subject = m.t("mail_subject_assignment")
	m.greeting()
	m.para(m.t(m.person("mail_assignment")))
	m.forOther()
	m.lines(lines)
	m.details()
	m.link(token)
	m.attach(ics)
	return m.finish()
}

// lines lists an assignment's workshop slots, one line each.
func (m *message) lines(lines []Line) {
	var list []string
	for _, l := range lines {
		s := l.When + " " + l.Slot + ": " + l.Workshop
		if l.Room != "" {
			s += " (" + l.Room + ")" // as the organisers named it: "Raum 1", not "Raum Raum 1"
		}
		list = append(list, s)
	}
	m.para(list...)
}

// placedLate names the workshops of someone placed at once in a published
// assignment, and says who places them where none had room; nothing
// without lines (nothing is published).
func (m *message) placedLate(lines []Line) {
	if len(lines) == 0 {
		return
	}
	m.para(m.t(m.person("late_mail_placed")))
	m.lines(lines)
	if slices.ContainsFunc(lines, func(l Line) bool { return l.None }) {
		m.para(m.t(m.person("late_mail_organisers")))
	}
}

// message is an email being written.
type message struct {
	c     *Composer
	l     *i18n.Localizer
	conf  *model.Conference
	r     *model.Registration
	other bool // written to the volunteer who registered r, about r
	email *model.Email
	paras []string
}

// Recipient returns where emails about r go: r's own address, or else the
// address of the volunteer who registered r (other is true); "" if neither.
func Recipient(r *model.Registration) (to string, other bool) {
	switch {
	case r.Email != nil && *r.Email != "":
		return *r.Email, false
	case r.ContactEmail != nil && *r.ContactEmail != "":
		return *r.ContactEmail, true
	}
	return "", false
}

// start begins an email about r in r's language, to r's own address or
// else to the volunteer who registered r; nil if there is neither.
func (c *Composer) start(kind string, conf *model.Conference, r *model.Registration) *message {
	m := &message{c: c, l: c.bundle.Localizer(r.Lang), conf: conf, r: r}
	to, other := Recipient(r)
	if to == "" {
		return nil
	}
	m.other = other
	id := r.ID
	m.email = &model.Email{Kind: kind, RegistrationID: &id, Recipient: to, Lang: m.l.Code}
	return m
}

// t translates id with the edition's title, the person's name and waiting
// position at hand, and any further name/value pairs.
func (m *message) t(id string, pairs ...any) string {
	return m.l.T(id, append([]any{"Title", m.conf.Title, "Name", m.r.Name, "Position", m.r.Position}, pairs...)...)
}

// person picks the variant of a message written to the person ("_self") or
// to whoever registered them ("_other").
func (m *message) person(id string) string {
	if m.other {
		return id + "_other"
	}
	return id + "_self"
}

func (m *message) para(lines ...string) {
	m.paras = append(m.paras, strings.Join(lines, "\n"))
}

// greeting addresses the reader by name when the name is known: the
// person, or the volunteer who registered them.
func (m *message) greeting() {
	name := m.r.Name
	if m.other {
		name = m.r.ContactName
	}
	if strings.TrimSpace(name) == "" {
		m.para(m.l.T("mail_greeting_plain"))
		return
	}
	m.para(m.l.T("mail_greeting", "Name", name))
}

// forOther tells a volunteer why the email reached them.
func (m *message) forOther() {
	if m.other {
		m.para(m.t("mail_for_other"))
	}
}

// details says when and where the edition takes place.
func (m *message) details() {
	lines := []string{m.t("mail_when", "When", when(m.l, m.conf))}
	var where []string
	for _, s := range []string{m.conf.Venue, strings.Join(strings.Fields(m.conf.Address), " ")} {
		if s = strings.TrimSpace(s); s != "" {
			where = append(where, s)
		}
	}
	if len(where) > 0 {
		lines = append(lines, m.t("mail_where", "Where", strings.Join(where, ", ")))
	}
	if m.conf.Published {
		lines = append(lines, m.t("mail_programme", "URL", m.c.site.URL(urls.Conference(m.conf.Slug))))
	}
	m.para(lines...)
}

// link gives the personal link and what it is for.
func (m *message) link(token string) {
	m.para(m.t("mail_link_heading"), m.c.site.URL(urls.Personal(token)))
	m.para(m.t("mail_link_can"), m.t("mail_can_change"), m.t("mail_can_cancel"), m.t("mail_can_data"))
	m.para(m.t("mail_link_keep"))
}

// attach adds the calendar file ics, if there is one, and says so.
func (m *message) attach(ics []byte) {
	if len(ics) == 0 {
		return
	}
	m.email.AttachmentName = m.conf.Slug + ".ics"
	m.email.Attachment = ics
	m.para(m.t("mail_attachment", "File", m.email.AttachmentName))
}

// finish signs the email and returns it.
func (m *message) finish() *model.Email {
	m.para(m.l.T("mail_signature", "Site", m.l.T("site_name")))
	m.email.Body = strings.Join(m.paras, "\n\n") + "\n"
	return m.email
}

// when writes the edition's dates in its own time zone, the way the web
// pages write them in the language: weekday, date, times of day.
func when(l *i18n.Localizer, c *model.Conference) string {
	loc := c.Location()
	start, end := c.StartsAt.In(loc), c.EndsAt.In(loc)
	weekday := func(t time.Time) string { return l.T("weekday_" + strconv.Itoa(int(t.Weekday()))) }
	layout := l.T("layout_date")
	if start.Format(time.DateOnly) == end.Format(time.DateOnly) {
		return l.T("mail_when_same_day", "Weekday", weekday(start), "Date", start.Format(layout),
			"From", start.Format("15:04"), "To", end.Format("15:04"))
	}
	return l.T("mail_when_days", "Weekday", weekday(start), "Date", start.Format(layout), "From", start.Format("15:04"),
		"EndWeekday", weekday(end), "EndDate", end.Format(layout), "To", end.Format("15:04"))
}

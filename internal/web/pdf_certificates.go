package web

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/i18n"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/pdf"
)

// Certificates of attendance, for the people marked present at the door
// (Registration.CheckedInAt): one PDF of all for the organisers, and each
// person's own behind the personal link once they were marked.

// certificateEdition is what every certificate of an edition says.
type certificateEdition struct {
	conf  *model.Conference
	hosts string
}

// editionHosts is who issues an edition's certificates: its hosts, or the
// series when none are named.
func (a *App) editionHosts(ctx context.Context, conf *model.Conference) (string, error) {
	if conf.Hosts != "" {
		return conf.Hosts, nil
	}
	s, err := a.db.Series(ctx, conf.SeriesID)
	if err != nil {
		return "", err
	}
	return s.Title, nil
}

// certificate writes one person's certificate in l's language.
func certificate(l *i18n.Localizer, e certificateEdition, r *model.Registration, workshops []string) pdf.Certificate {
	conf := e.conf
	date := conf.StartsAt.In(conf.Location()).Format(l.T("layout_date"))
	venue := strings.Join(slices.DeleteFunc([]string{conf.Venue, conf.Address}, func(s string) bool { return s == "" }), ", ")
	tookPart := l.T("pdfcert_took_part_plain", "Edition", conf.Title, "Date", date)
	if venue != "" {
		tookPart = l.T("pdfcert_took_part", "Edition", conf.Title, "Date", date, "Venue", venue)
	}
	c := pdf.Certificate{Hosts: e.hosts, Title: l.T("pdfcert_title"), Confirms: l.T("pdfcert_confirms"), Name: r.Name,
		TookPart: tookPart, Subtitle: conf.Subtitle, PlaceDate: placeOf(conf) + ", " + date,
		PlaceDateLabel: l.T("pdfcert_place_date"), Signature: l.T("pdfcert_signature")}
	if len(workshops) > 0 {
		c.Workshop = l.T("pdfcert_workshop", "Workshops", strings.Join(workshops, l.T("list_separator")))
	}
	if placeOf(conf) == "" {
		c.PlaceDate = date
	}
	return c
}

// placeOf is the town a certificate is issued in: the address's last part
// without its postcode ("42103 Wuppertal"), or the venue.
func placeOf(conf *model.Conference) string {
	if conf.Address == "" {
		return conf.Venue
	}
	parts := strings.Split(conf.Address, ",")
	town := strings.TrimSpace(parts[len(parts)-1])
	return strings.TrimSpace(strings.TrimLeft(town, "0123456789"))
}

// writeCertificates answers with the certificates as one PDF.
func (a *App) writeCertificates(c *gin.Context, l *i18n.Localizer, conf *model.Conference, title, filename string, certs []pdf.Certificate) {
	d, err := pdf.Certificates(pdf.Meta{Title: title + " – " + conf.Title, Author: conf.Hosts, Creator: l.T("pdf_creator"), Lang: l.Code,
		Created: conf.UpdatedAt}, certs)
	if err != nil {
		a.internalError(c, err)
		return
	}
	a.sendPDF(c, filename, d)
}

// editionCertificates handles GET /admin/editions/:id/teilnahmebescheinigungen.pdf:
// a certificate for everyone marked present, by name.
func (a *App) editionCertificates(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	regs, err := a.confirmedRegistrations(ctx, conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	regs = slices.DeleteFunc(regs, func(r model.Registration) bool { return r.CheckedInAt == nil })
	hosts, err := a.editionHosts(ctx, conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	workshops, err := a.editionWorkshops(ctx, conf, regs)
	if err != nil {
		a.internalError(c, err)
		return
	}
	l := a.pdfLocalizer(conf.Language)
	e := certificateEdition{conf: conf, hosts: hosts}
	certs := make([]pdf.Certificate, len(regs))
	for i := range regs {
		certs[i] = certificate(l, e, &regs[i], workshops[regs[i].ID])
	}
	a.writeCertificates(c, l, conf, l.T("pdfcert_all_title"), conf.Slug+"-teilnahmebescheinigungen.pdf", certs)
}

// oneCertificate answers with r's certificate, or 404 with missing's page
// for someone not marked present.
func (a *App) oneCertificate(c *gin.Context, conf *model.Conference, r *model.Registration, missing string) {
	if r.Status != model.RegConfirmed || r.CheckedInAt == nil || r.AnonymisedAt != nil {
		a.documentMissing(c, "pdfcert_absent_title", missing)
		return
	}
	hosts, err := a.editionHosts(c.Request.Context(), conf)
	if err != nil {
		a.internalError(c, err)
		return
	}
	workshops, ok := a.registrationWorkshops(c, conf, r)
	if !ok {
		return
	}
	l := a.pdfLocalizer(conf.Language)
	a.writeCertificates(c, l, conf, l.T("pdfcert_title")+" "+r.Name,
		conf.Slug+"-teilnahmebescheinigung-"+strconv.FormatInt(r.ID, 10)+".pdf",
		[]pdf.Certificate{certificate(l, certificateEdition{conf: conf, hosts: hosts}, r, workshops)})
}

// registrationCertificate handles GET /admin/registrations/:id/teilnahmebescheinigung.pdf.
func (a *App) registrationCertificate(c *gin.Context) {
	r, conf, ok := a.documentRegistration(c)
	if !ok {
		return
	}
	a.oneCertificate(c, conf, r, "pdfcert_absent_admin_text")
}

// personalCertificate handles GET /r/:token/teilnahmebescheinigung.pdf: the
// person's own certificate, once they were marked present.
func (a *App) personalCertificate(c *gin.Context) {
	// Not kept by caches, neither the certificate nor the page saying
	// there is none yet.
	c.Set(privatePDF, true)
	r, conf, ok := a.personalLink(c)
	if !ok {
		return
	}
	a.oneCertificate(c, conf, r, "pdfcert_absent_text")
}

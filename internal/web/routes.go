package web

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/assets"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Handler returns the whole site, with cross-origin form posts refused
// before they reach a handler, and HEAD answered wherever GET is. The read
// API changes nothing whatever the method, so a post to it from another
// site goes through to be answered 405 like any other.
func (a *App) Handler() http.Handler {
	csrf := http.NewCrossOriginProtection()
	csrf.AddInsecureBypassPattern(urls.API() + "/")
	return headAsGet(csrf.Handler(a.Router()))
}

// Router returns every route, grouped by who may call it, inside the
// middleware every response passes through.
func (a *App) Router() *gin.Engine {
	r := gin.New()
	// Checked when the configuration is read (NewApp), so it cannot fail here.
	_ = r.SetTrustedProxies(a.cfg.TrustedProxies)
	r.Use(a.logRequests, a.recoverPanics, a.securityHeaders, a.chooseLanguage, a.checkAddress, a.readBody, a.identify)

	// Operations.
	r.GET("/healthz", a.healthz)
	r.GET("/readyz", a.readyz)

	// Assets, embedded in the binary.
	css, _ := fs.Sub(assets.FS, "css")
	r.StaticFS("/assets/css", http.FS(css))
	img, _ := fs.Sub(assets.FS, "img")
	r.StaticFS("/assets/img", http.FS(img))
	r.GET("/favicon.ico", favicon)

	// The public.
	r.GET("/", a.home)
	r.GET("/s/:slug", a.seriesPage)
	r.GET("/k/:slug", a.conferencePage)
	r.GET("/k/:slug/kalender.ics", a.conferenceCalendar)
	r.GET("/k/:slug/workshops/:id/kalender.ics", a.workshopCalendar)
	r.GET("/s/:slug/kalender.ics", a.seriesCalendar)
	r.GET("/k/:slug/anmelden", a.registrationForm)
	r.POST("/k/:slug/anmelden", a.register)
	r.GET("/s/:slug/forderungen", a.seriesDemands)
	r.GET("/forderungen/:id", a.demandPage)
	r.GET("/forderungen/:id/anhang/:followup", a.followUpAttachment)
	r.GET("/k/:slug/protokolle/:id/anhang/:file", a.publicAttachment)
	// The documentation PDF: what the edition's page shows (pdf_documentation.go).
	r.GET("/k/:slug/dokumentation.pdf", a.documentationPDF)

	// The public read API: JSON of what the public pages show, for any
	// site to read (api.go). It only reads: every other method is 405.
	api := r.Group("/api/v1", a.apiHeaders)
	api.GET("/series", a.apiSeriesList)
	api.GET("/series/:slug", a.apiSeriesDetail)
	api.GET("/editions/:slug", a.apiEditionDetail)
	api.GET("/editions/:slug/minutes", a.apiEditionMinutes)
	api.GET("/editions/:slug/resolutions", a.apiEditionResolutions)
	api.GET("/resolutions/:id", a.apiResolution)
	api.GET("/openapi.json", a.apiOpenAPI)
	api.OPTIONS("/*path", a.apiPreflight)
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		api.Handle(m, "/*path", a.apiReadOnly)
	}

	// A participant's own registration, reached by the personal link.
	r.GET("/r/:token", a.personalPage)
	r.POST("/r/:token", a.updatePersonal)
	r.GET("/r/:token/cancel", a.confirmCancelPersonal)
	r.POST("/r/:token/cancel", a.cancelPersonal)
	r.GET("/r/:token/daten.json", a.personalDataFile)
	r.GET("/r/:token/kalender.ics", a.personalCalendarFeed)
	// The participants who agreed to the list, for a confirmed participant (pdf_lists.go).
	r.GET("/r/:token/teilnehmerliste.pdf", a.personalParticipantList)
	// Their certificate of attendance, once marked present (pdf_certificates.go).
	r.GET("/r/:token/teilnahmebescheinigung.pdf", a.personalCertificate)
	// Once placed by the published assignment, asking to change workshop (frozen.go).
	r.POST("/r/:token/wechsel", a.requestChange)
	r.GET("/r/:token/delete", a.confirmDeletePersonal)
	r.POST("/r/:token/delete", a.deletePersonal)

	// A staff account's one-time link, to set its password.
	r.GET("/konto/:token", a.accountForm)
	r.POST("/konto/:token", a.setAccountPassword)

	// Staff login.
	r.GET("/admin/login", a.loginForm)
	r.POST("/admin/login", a.login)
	r.POST("/admin/logout", a.logout)

	// Staff: facilitators and organisers. A facilitator sees the workshops
	// they are invited to and who is placed there.
	staff := r.Group("/admin", a.requireStaff)
	staff.GET("/my-workshops", a.myWorkshops)
	staff.GET("/workshops/:id/participants", a.workshopParticipants)
	// A workshop's sign-in sheet and logistics sheet (pdf_lists.go).
	staff.GET("/workshops/:id/teilnehmerliste.pdf", a.workshopSignatureList)
	staff.GET("/workshops/:id/logistik.pdf", a.workshopLogistics)
	// Minutes: each handler lets through organisers and the facilitators
	// of the minutes' workshop (minutesParam). Publishing changes the
	// public page, so those posts clear this instance's page cache.
	staff.GET("/workshops/:id/minutes", a.openWorkshopMinutes)
	staff.GET("/minutes/:id", a.minutesEditor)
	staff.POST("/minutes/:id", a.saveMinutes)
	staff.GET("/minutes/:id/revisions", a.minutesRevisions)
	staff.GET("/minutes/:id/revisions/:n", a.minutesRevision)
	staff.POST("/minutes/:id/revisions/:n/restore", a.restoreRevision)
	staff.POST("/minutes/:id/submit", a.submitMinutes)
	staff.POST("/minutes/:id/approve", a.approveMinutes)
	staff.POST("/minutes/:id/return", a.returnMinutes)
	staff.GET("/minutes/:id/publish", a.publishMinutes)
	staff.POST("/minutes/:id/publish", a.clearCachesOnChange, a.publishMinutes)
	staff.GET("/minutes/:id/unpublish", a.unpublishMinutes)
	staff.POST("/minutes/:id/unpublish", a.clearCachesOnChange, a.unpublishMinutes)
	a.postUpload(staff, "/minutes/:id/upload", a.uploadMinutes)
	staff.GET("/minutes/:id/attachments/:file", a.minutesAttachment)
	staff.GET("/minutes/:id/attachments/:file/delete", a.deleteAttachment)
	staff.POST("/minutes/:id/attachments/:file/delete", a.deleteAttachment)

	// Resolutions: who may do what is decided per resolution (rights).
	res := r.Group("/admin", a.requireStaff, a.clearCachesOnChange)
	res.GET("/editions/:id/resolutions", a.editionResolutions)
	res.GET("/editions/:id/resolutions/new", a.newResolution)
	res.POST("/editions/:id/resolutions", a.createResolution)
	res.GET("/resolutions/:id", a.adminResolution)
	res.GET("/resolutions/:id/edit", a.editResolution)
	res.POST("/resolutions/:id", a.updateResolution)
	res.POST("/resolutions/:id/propose", a.proposeResolution)
	res.GET("/resolutions/:id/withdraw", a.confirmWithdrawResolution)
	res.POST("/resolutions/:id/withdraw", a.withdrawResolution)
	res.GET("/resolutions/:id/vote", a.resolutionVoteForm)
	res.POST("/resolutions/:id/vote", a.recordResolutionVote)
	res.GET("/resolutions/:id/amendments/new", a.newAmendment)
	res.POST("/resolutions/:id/amendments", a.createAmendment)
	res.POST("/resolutions/:id/amendments/:amendment/accept", a.acceptAmendment)
	res.POST("/resolutions/:id/amendments/:amendment/reject", a.rejectAmendment)
	res.GET("/resolutions/:id/amendments/:amendment/vote", a.amendmentVoteForm)
	res.POST("/resolutions/:id/amendments/:amendment/vote", a.recordAmendmentVote)
	res.GET("/resolutions/:id/followups/new", a.newFollowUp)
	a.postUpload(res, "/resolutions/:id/followups", a.createFollowUp)

	// The door: organisers and door helpers check people in, on a phone.
	// Door helpers see these pages and no other staff page.
	door := r.Group("/admin", a.requireDoor)
	door.GET("/door", a.doorEditions)
	door.GET("/door/:code", a.doorCode)
	door.GET("/editions/:id/door", a.doorPage)
	door.POST("/editions/:id/door/:registration", a.checkIn)
	door.POST("/editions/:id/door/:registration/undo", a.undoCheckIn)
	door.GET("/editions/:id/walk-ins", a.walkInForm)
	door.POST("/editions/:id/walk-ins", a.addWalkIn)

	// Organisers.
	admin := r.Group("/admin", a.requireOrganiser, a.clearCachesOnChange)
	admin.GET("", a.adminHome)
	admin.GET("/series/new", a.newSeries)
	admin.POST("/series", a.createSeries)
	admin.GET("/series/:id/edit", a.editSeries)
	admin.POST("/series/:id", a.updateSeries)
	admin.GET("/series/:id/delete", a.confirmDeleteSeries)
	admin.POST("/series/:id/delete", a.deleteSeries)
	admin.GET("/series/:id/editions/new", a.newConference)
	admin.POST("/series/:id/editions", a.createConference)
	admin.GET("/editions/:id", a.adminConference)
	admin.GET("/editions/:id/edit", a.editConference)
	admin.POST("/editions/:id", a.updateConference)
	admin.GET("/editions/:id/delete", a.confirmDeleteConference)
	admin.POST("/editions/:id/delete", a.deleteConference)
	admin.GET("/editions/:id/registrations", a.adminRegistrations)
	admin.GET("/outbox", a.adminOutbox)
	admin.GET("/outbox/:id", a.adminEmail)
	admin.GET("/editions/:id/registrations.csv", a.registrationsCSV)
	admin.GET("/editions/:id/needs", a.adminNeeds)
	// The edition's sign-in sheet and logistics sheets (pdf_lists.go).
	admin.GET("/editions/:id/teilnehmerliste.pdf", a.editionSignatureList)
	admin.GET("/editions/:id/logistik.pdf", a.editionLogistics)
	admin.GET("/registrations/:id", a.adminRegistration)
	admin.POST("/registrations/:id", a.updateRegistration)
	admin.GET("/registrations/:id/cancel", a.confirmCancelRegistration)
	admin.POST("/registrations/:id/cancel", a.cancelRegistration)
	admin.GET("/editions/:id/copy", a.copyConferenceForm)
	admin.POST("/editions/:id/copy", a.copyConference)
	admin.GET("/editions/:id/sessions/new", a.newSession)
	admin.POST("/editions/:id/sessions", a.createSession)
	admin.GET("/sessions/:id/edit", a.editSession)
	admin.POST("/sessions/:id", a.updateSession)
	admin.GET("/sessions/:id/delete", a.confirmDeleteSession)
	admin.POST("/sessions/:id/delete", a.deleteSession)
	admin.POST("/sessions/:id/minutes", a.openSessionMinutes)
	admin.GET("/sessions/:id/workshops/new", a.newWorkshop)
	admin.POST("/sessions/:id/workshops", a.createWorkshop)
	admin.GET("/workshops/:id/edit", a.editWorkshop)
	admin.POST("/workshops/:id", a.updateWorkshop)
	admin.GET("/workshops/:id/delete", a.confirmDeleteWorkshop)
	admin.POST("/workshops/:id/delete", a.deleteWorkshop)
	admin.GET("/editions/:id/assignment", a.adminAssignment)
	admin.POST("/editions/:id/assignment", a.createRun)
	admin.POST("/editions/:id/assignment/settings", a.updateShareLimit)
	admin.POST("/editions/:id/pins/delete", a.deletePin)
	admin.GET("/assignment-runs/:id", a.adminRun)
	admin.POST("/assignment-runs/:id/move", a.moveParticipant)
	// One person's placements in a run, with a move form per slot (the run
	// page lists people only when searched: editions have thousands).
	admin.GET("/assignment-runs/:id/people/:registration", a.runPerson)
	admin.GET("/assignment-runs/:id/publish", a.confirmPublishRun)
	admin.POST("/assignment-runs/:id/publish", a.publishRun)
	// Participants' requests to change workshop, listed on the assignment page (frozen.go).
	admin.POST("/editions/:id/change-requests/:request/handled", a.handleChangeRequest)
	// Badges and certificates of attendance (pdf_badges.go, pdf_certificates.go).
	admin.GET("/editions/:id/namensschilder.pdf", a.editionBadges)
	admin.GET("/editions/:id/teilnahmebescheinigungen.pdf", a.editionCertificates)
	admin.GET("/registrations/:id/namensschild.pdf", a.registrationBadge)
	admin.GET("/registrations/:id/teilnahmebescheinigung.pdf", a.registrationCertificate)
	admin.GET("/staff", a.staffList)
	admin.GET("/staff/new", a.newStaff)
	admin.POST("/staff/new", a.inviteStaff)
	admin.GET("/staff/:id", a.editStaff)
	admin.POST("/staff/:id", a.updateStaff)
	admin.POST("/staff/:id/link", a.sendStaffLink)
	admin.GET("/staff/:id/deactivate", a.confirmDeactivateStaff)
	admin.POST("/staff/:id/deactivate", a.deactivateStaff)
	admin.GET("/staff/:id/reactivate", a.confirmReactivateStaff)
	admin.POST("/staff/:id/reactivate", a.reactivateStaff)

	r.NoRoute(a.notFound)
	return r
}

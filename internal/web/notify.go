package web

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/calendar"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/mail"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// Emails to participants are composed here and queued in the outbox, which
// the mail worker delivers (internal/mail). The confirmation is stored with
// the registration; the others are queued after what they report is
// stored: a failure to queue them is logged and undoes nothing.

// queue puts an email into the outbox; nil (no address) is skipped.
func (a *App) queue(c *gin.Context, e *model.Email) {
	if e == nil {
		return
	}
	if err := a.db.EnqueueEmail(c.Request.Context(), e); err != nil {
		a.log.Error("queue email", "kind", e.Kind, "registration", e.RegistrationID, "err", err)
	}
}

// confirmation returns what writes the confirmation of a registration for
// v's edition, with the personal link and the person's calendar file. The
// store queues it in the transaction that stores the registration. After
// an assignment is published the store places the person at once, and the
// confirmation names their workshops, which their calendar file then holds.
func (a *App) confirmation(v *registrationView) store.Compose {
	return func(r *model.Registration, token string) *model.Email {
		if r.LatePlacements == nil {
			return a.mail.Confirmation(v.Conference, r, token, v.PersonalCalendar)
		}
		return a.mail.ConfirmationPlaced(v.Conference, r, a.lateLines(v.Conference, v.Programme, r), token,
			a.personalCalendar(v.Conference, v.Programme, r.LatePlacements))
	}
}

// lateLines writes the workshops of someone placed at once in a published
// assignment, one line per slot, for their email.
func (a *App) lateLines(conf *model.Conference, programme []model.Session, r *model.Registration) []mail.Line {
	return placementLines(conf, programme, r.LatePlacements, a.i18n.Localizer(r.Lang).T("late_mail_no_workshop"))
}

// linkResendInterval is how often at most an address that registers again
// is sent its link again: retrying the form, or someone else typing the
// address, must not fill its mailbox.
const linkResendInterval = time.Hour

// notifyLinkAgain answers a second registration with an address already
// registered: the address gets a new link to the registration it has, at
// most once per linkResendInterval: withheld says that it was sent within
// that time and is not sent now. Only the address's owner sees the
// link, so whoever typed the address learns nothing more.
func (a *App) notifyLinkAgain(c *gin.Context, conf *model.Conference, email string) (withheld bool) {
	ctx := c.Request.Context()
	r, err := a.db.RegistrationByEmail(ctx, conf.ID, email)
	if err != nil {
		a.log.Error("registration by email", "conference", conf.ID, "err", err)
		return false
	}
	ok, err := a.db.ClaimLinkResend(ctx, r.ID, linkResendInterval)
	if err != nil {
		a.log.Error("claim link resend", "registration", r.ID, "err", err)
		return false
	}
	if !ok {
		return true
	}
	token, err := a.db.NewLink(ctx, r.ID)
	if err != nil {
		a.log.Error("new link", "registration", r.ID, "err", err)
		return false
	}
	a.queue(c, a.mail.LinkAgain(conf, r, token))
	return false
}

// notifyPromoted tells the person who moved up from the waiting list into
// a freed place, with their calendar file; promoted may be nil (nobody
// moved up). They were waiting when any assignment was made: before one is
// published the file holds the edition and no workshop; after, the store
// placed them at once, and the email names their workshops, which the
// file then holds.
func (a *App) notifyPromoted(c *gin.Context, conf *model.Conference, promoted *model.Registration) {
	if promoted == nil {
		return
	}
	// Without an address there is nobody to send a new link to.
	if to, _ := mail.Recipient(promoted); to == "" {
		return
	}
	ctx := c.Request.Context()
	token, err := a.db.NewLink(ctx, promoted.ID)
	if err != nil {
		a.log.Error("new link", "registration", promoted.ID, "err", err)
		return
	}
	placed, err := a.db.PublishedAssignments(ctx, promoted)
	var programme []model.Session
	if err == nil && len(placed) > 0 {
		programme, err = a.db.Programme(ctx, conf.ID)
	}
	if err != nil {
		// The email goes without the workshops; the personal page shows them.
		a.log.Error("placements of a promotion", "registration", promoted.ID, "err", err)
		placed = nil
	}
	if len(placed) > 0 {
		promoted.LatePlacements = placed
		a.queue(c, a.mail.PromotedPlaced(conf, promoted, a.lateLines(conf, programme, promoted), token,
			a.personalCalendar(conf, programme, placed)))
		return
	}
	ics, err := calendar.Personal(conf, nil, nil, a.site)
	if err != nil {
		a.log.Error("calendar file for a promotion", "conference", conf.ID, "err", err)
	}
	a.queue(c, a.mail.Promoted(conf, promoted, token, ics))
}

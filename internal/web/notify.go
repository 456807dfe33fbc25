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
// store queues it in the transaction that stores the registration.
func (a *App) confirmation(v *registrationView) store.Compose {
	return func(r *model.Registration, token string) *model.Email {
		return a.mail.Confirmation(v.Conference, r, token, v.PersonalCalendar)
	}
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
// moved up). They were waiting when any assignment was made, so the file
// holds the edition and no workshop.
func (a *App) notifyPromoted(c *gin.Context, conf *model.Conference, promoted *model.Registration) {
	if promoted == nil {
		return
	}
	// Without an address there is nobody to send a new link to.
	if to, _ := mail.Recipient(promoted); to == "" {
		return
	}
	token, err := a.db.NewLink(c.Request.Context(), promoted.ID)
	if err != nil {
		a.log.Error("new link", "registration", promoted.ID, "err", err)
		return
	}
	ics, err := calendar.Personal(conf, nil, nil, a.site)
	if err != nil {
		a.log.Error("calendar file for a promotion", "conference", conf.ID, "err", err)
	}
	a.queue(c, a.mail.Promoted(conf, promoted, token, ics))
}

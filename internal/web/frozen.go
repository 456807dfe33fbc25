package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/pdf"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// Participants after publishing. Once the published assignment placed a
// person in a workshop slot, their wishes for that slot are frozen: the
// personal page shows them without the selects, and a form posted with
// other wishes (a page opened before publishing) saves the other fields
// and says that the wishes stay. The person asks for a change instead,
// with a short message that organisers see on the assignment page
// (templates/partials/assignment_requests.html) and mark handled.
//
// The needs overview and the facilitators' counts count, per workshop,
// the people placed there once a run is published, and before that those
// who ranked it first (workshopPeople), and say which (basisID).

// basisID is the catalogue id of the sentence that says whom a
// workshop's counts are of: prefix and "placed", "granted" or "first_choice".
func basisID(prefix string, l pdf.Listing) string {
	switch l {
	case pdf.ListPlaced:
		return prefix + "placed"
	case pdf.ListGranted:
		return prefix + "granted"
	}
	return prefix + "first_choice"
}

// frozenSlots returns the slots in which the published placements put
// the person in a workshop.
func frozenSlots(placed []model.Assignment) map[int64]bool {
	frozen := map[int64]bool{}
	for _, x := range placed {
		if x.WorkshopID != nil {
			frozen[x.SessionID] = true
		}
	}
	return frozen
}

// loadFrozen sets, on the personal page of a confirmed person the
// published run placed, which slots' wishes are frozen and their open
// change request, if any.
func (a *App) loadFrozen(ctx context.Context, v *registrationView) error {
	v.Frozen = frozenSlots(v.Assigned)
	if len(v.Frozen) == 0 {
		return nil
	}
	requests, err := a.db.ChangeRequests(ctx, v.Registration.ID)
	if err != nil {
		return err
	}
	for i := range requests {
		if requests[i].HandledAt == nil { // one at most
			v.OpenRequest = &requests[i]
			break
		}
	}
	return nil
}

// ChoosableSlots are the slots whose wishes the form offers to change:
// all but the frozen ones.
func (v *registrationView) ChoosableSlots() []model.Session {
	if len(v.Frozen) == 0 {
		return v.Slots
	}
	var out []model.Session
	for _, s := range v.Slots {
		if !v.Frozen[s.ID] {
			out = append(out, s)
		}
	}
	return out
}

// PlacedSlots are the slots with frozen wishes, in programme order: those
// a change request can be about.
func (v *registrationView) PlacedSlots() []model.Session {
	var out []model.Session
	for _, s := range v.Slots {
		if v.Frozen[s.ID] {
			out = append(out, s)
		}
	}
	return out
}

// Wish is one ranked wish, as the personal page lists it.
type Wish struct {
	Rank     int
	Workshop string
}

// Wishes returns the person's ranked wishes for a slot.
func (v *registrationView) Wishes(slotID int64) []Wish {
	var out []Wish
	for i, w := range v.Registration.Choices[slotID] {
		out = append(out, Wish{Rank: i + 1, Workshop: v.WorkshopTitle(w)})
	}
	return out
}

// SlotTitle returns the title of one of the view's workshop slots.
func (v *registrationView) SlotTitle(slotID int64) string {
	for _, s := range v.Slots {
		if s.ID == slotID {
			return s.Title
		}
	}
	return ""
}

// MaxChangeMessage is the longest message a change request takes, for the hint.
func (v *registrationView) MaxChangeMessage() int { return model.MaxChangeMessage }

// keepFrozenChoices puts back the stored wishes of the frozen slots into
// r, read from the form, and the form's values and problems of their
// selects with them. It reports whether the form asked for other wishes
// there, which the person is then told were not changed.
func (v *registrationView) keepFrozenChoices(c *gin.Context, form *Form, r *model.Registration, stored map[int64][]int64) bool {
	refused := false
	for slot := range v.Frozen {
		sent := false
		for _, rank := range v.Ranks() {
			field := model.ChoiceField(slot, rank)
			if _, ok := c.GetPostForm(field); ok {
				sent = true
			}
			delete(form.Errors, field)
			form.Values[field] = ""
			if rank <= len(stored[slot]) {
				form.Values[field] = strconv.FormatInt(stored[slot][rank-1], 10)
			}
		}
		if sent && !slices.Equal(r.Choices[slot], stored[slot]) {
			refused = true
		}
		if len(stored[slot]) > 0 {
			r.Choices[slot] = stored[slot]
		} else {
			delete(r.Choices, slot)
		}
	}
	return refused
}

// SlotChoice builds the select of the slot a change request is about:
// not said, or one of slots.
func (p *Page) SlotChoice(name, label string, slots []model.Session) Field {
	f := p.Field(name, "select", label, "", false)
	f.Options = append(f.Options, Option{Value: "", Label: p.T("frozen_slot_any")})
	for _, s := range slots {
		f.Options = append(f.Options, Option{Value: strconv.FormatInt(s.ID, 10), Label: s.Title, Lang: contentLang})
	}
	return f
}

// requestChange handles POST /r/:token/wechsel: a person the published
// assignment placed asks to change workshop, with a short message. Before
// publishing, without a place or after cancelling there is nothing to ask
// for, and the page says so.
func (a *App) requestChange(c *gin.Context) {
	r, v, ok := a.personalRegistration(c)
	if !ok {
		return
	}
	form := newForm()
	fillRegistrationForm(form, r)
	form.Values["change_message"] = form.readText(c, "change_message", "change_message")
	form.Values["change_slot"] = strings.TrimSpace(c.PostForm("change_slot"))
	v.RequestPosted = true
	req := &model.ChangeRequest{RegistrationID: r.ID, Message: form.Values["change_message"]}
	placed := v.PlacedSlots()
	if raw := form.Values["change_slot"]; raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if i := slices.IndexFunc(placed, func(s model.Session) bool { return s.ID == id }); err != nil || i < 0 {
			form.Errors["change_slot"] = "err_choice"
		} else {
			req.SessionID = &placed[i].ID
		}
	} else if len(placed) == 1 { // the only slot there is to change
		req.SessionID = &placed[0].ID
	}
	saved := a.saveForm(c, form, req.Validate,
		func() error { return a.db.CreateChangeRequest(c.Request.Context(), req) },
		func() { a.renderPersonalPage(c, http.StatusUnprocessableEntity, form, v) })
	if !saved {
		return
	}
	a.flash(c, "frozen_flash_requested")
	c.Redirect(http.StatusSeeOther, urls.Personal(v.Token))
}

// personalChangeRequest is a change request in the person's data download.
type personalChangeRequest struct {
	Slot      string     `json:"slot,omitempty"`
	Message   string     `json:"message"`
	CreatedAt time.Time  `json:"created_at"`
	HandledAt *time.Time `json:"handled_at,omitempty"`
}

// personalChangeRequests returns a registration's change requests for its
// data download, newest first.
func (a *App) personalChangeRequests(ctx context.Context, v *registrationView) ([]personalChangeRequest, error) {
	requests, err := a.db.ChangeRequests(ctx, v.Registration.ID)
	if err != nil {
		return nil, err
	}
	out := []personalChangeRequest{}
	for _, x := range requests {
		p := personalChangeRequest{Message: x.Message, CreatedAt: x.CreatedAt, HandledAt: x.HandledAt}
		if x.SessionID != nil {
			p.Slot = v.SlotTitle(*x.SessionID)
		}
		out = append(out, p)
	}
	return out, nil
}

// changeRequestView is an open change request as the assignment page shows it.
type changeRequestView struct {
	store.OpenChangeRequest
	Slot string // the slot it is about, "" if not said
	// Placed are the person's workshops in the published run, as
	// "slot: workshop (room)", in programme order.
	Placed []string
}

// changeRequestViews returns the edition's open change requests with
// where each person is placed now; none, without a query more, when there
// are none.
func (a *App) changeRequestViews(ctx context.Context, conferenceID int64) ([]changeRequestView, error) {
	open, err := a.db.OpenChangeRequests(ctx, conferenceID)
	if err != nil || len(open) == 0 {
		return nil, err
	}
	programme, err := a.db.Programme(ctx, conferenceID)
	if err != nil {
		return nil, err
	}
	placed, err := a.db.PublishedPlacements(ctx, conferenceID)
	if err != nil {
		return nil, err
	}
	asking := map[int64]bool{}
	for _, r := range open {
		asking[r.RegistrationID] = true
	}
	where := map[int64][]string{}
	for _, s := range programme {
		for _, x := range placed {
			if x.SessionID != s.ID || x.WorkshopID == nil || !asking[x.RegistrationID] {
				continue
			}
			for _, w := range s.Workshops {
				if w.ID == *x.WorkshopID {
					line := s.Title + ": " + w.Title
					if w.Room != "" {
						line += " (" + w.Room + ")"
					}
					where[x.RegistrationID] = append(where[x.RegistrationID], line)
				}
			}
		}
	}
	out := make([]changeRequestView, len(open))
	for i, r := range open {
		out[i] = changeRequestView{OpenChangeRequest: r, Placed: where[r.RegistrationID]}
		if r.SessionID != nil {
			for _, s := range programme {
				if s.ID == *r.SessionID {
					out[i].Slot = s.Title
				}
			}
		}
	}
	return out, nil
}

// handleChangeRequest handles POST
// /admin/editions/:id/change-requests/:request/handled: an organiser has
// answered a participant's request and marks it handled; it leaves the
// assignment page, and the person may ask again.
func (a *App) handleChangeRequest(c *gin.Context) {
	conf, _, ok := a.conferenceParam(c)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(c.Param("request"), 10, 64)
	if err != nil || id <= 0 {
		a.notFound(c)
		return
	}
	if err := a.db.HandleChangeRequest(c.Request.Context(), conf.ID, id, currentUser(c)); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "frozen_flash_handled")
	c.Redirect(http.StatusSeeOther, urls.Assignment(conf.ID))
}

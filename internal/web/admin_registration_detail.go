package web

import (
	"context"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// organiserWording lists the registration form's texts that speak to the
// participant ("your name"); on the organisers' page each is replaced by
// the catalogue's "about_" variant, which speaks about them ("their name").
// Texts that read the same for both ("Organisation") are not listed.
var organiserWording = map[string]bool{
	"legend_you": true, "label_reg_name": true, "hint_reg_name": true, "hint_reg_email": true,
	"label_reg_category": true, "hint_workshops": true, "hint_mode_assign": true, "hint_mode_first_come": true,
	"legend_needs": true, "label_reg_languages": true, "legend_someone_else": true, "hint_someone_else": true,
	"label_contact_name": true, "label_contact_email": true, "label_list_consent": true, "label_photo_consent": true,
}

// Label returns the catalogue id of one of the registration form's texts:
// as the participant reads it, or on the organisers' page its variant
// written about the participant.
func (v *registrationView) Label(id string) string {
	if v.ForOrganiser && organiserWording[id] {
		return "about_" + id
	}
	return id
}

// slotPlacement is a workshop slot and the workshop the published
// assignment placed the person in; Workshop is empty for no place.
type slotPlacement struct {
	Slot, Workshop, Room string
}

// loadPlacements sets what the organisers' page says of the person's
// workshops: whether an assignment is published and, if so, their
// workshop per slot. In first-come mode places are granted at registration
// (Places), so there is nothing to show here.
func (a *App) loadPlacements(ctx context.Context, v *registrationDetail, r *model.Registration) error {
	if v.Conference.RegistrationMode != model.ModeAssign || len(v.Slots) == 0 {
		return nil
	}
	v.ShowAssignment = true
	runID, err := a.db.PublishedRunID(ctx, v.Conference.ID)
	if err != nil || runID == 0 {
		return err
	}
	v.Published = true
	placed, err := a.db.PublishedAssignments(ctx, r)
	if err != nil {
		return err
	}
	v.Assigned = placed
	for _, s := range v.Slots {
		p := slotPlacement{Slot: s.Title}
		if as := v.AssignedIn(s.ID); as != nil && as.WorkshopID != nil {
			p.Workshop, p.Room = v.WorkshopTitle(*as.WorkshopID), v.WorkshopRoom(*as.WorkshopID)
		}
		v.Placements = append(v.Placements, p)
	}
	return nil
}

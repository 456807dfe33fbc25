package mail_test

import (
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/mail"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Someone confirmed after the assignment was published is told their
// workshop per slot in the confirmation or promotion email, in their
// language, and where a slot has none, that the organisers will place
// them; a volunteer who registered them reads it about them.
func TestComposerPlacedLate(t *testing.T) {
	c := mail.NewComposer(bundle(t), site(t))
	lines := []mail.Line{
		{When: "10:00–12:00", Slot: "Vormittag", Workshop: "Wohnen", Room: "Raum 1"},
		{When: "14:00–16:00", Slot: "Nachmittag", Workshop: "no workshop yet", None: true},
	}
	r := &model.Registration{ID: 7, Name: "Karim", Status: model.RegConfirmed, Lang: "en", Email: ptr("karim@example.org")}
	e := c.PromotedPlaced(conference(), r, lines, "tok9", nil)
	if e == nil || e.Kind != model.EmailPromoted {
		t.Fatalf("email %+v", e)
	}
	wantIn(t, "promotion", e.Body, "moved up from the waiting list", "This is where you take part:",
		"10:00–12:00 Vormittag: Wohnen (Raum 1)\n14:00–16:00 Nachmittag: no workshop yet",
		"The organisers will place you and write to you then.")

	e = c.ConfirmationPlaced(conference(), r, lines[:1], "tok9", nil)
	if e == nil || e.Kind != model.EmailConfirmation {
		t.Fatalf("email %+v", e)
	}
	wantIn(t, "confirmation", e.Body, "This is where you take part:", "Vormittag: Wohnen (Raum 1)")
	if strings.Contains(e.Body, "will place you") {
		t.Errorf("someone placed in every slot is told they will be placed:\n%s", e.Body)
	}

	r = &model.Registration{ID: 8, Name: "Dawit", Status: model.RegConfirmed, Lang: "de", ContactName: "Anna",
		ContactEmail: ptr("anna@initiative.example.org")}
	e = c.ConfirmationPlaced(conference(), r, lines[1:], "tok10", nil)
	wantIn(t, "confirmation to the contact", e.Body, "Guten Tag Anna,", "Dawit wurde gleich zugeteilt und ist hier dabei:",
		"Das Organisationsteam teilt Dawit ein")

	// Nothing published: the emails as before.
	for _, e := range []*model.Email{c.ConfirmationPlaced(conference(), r, nil, "t", nil), c.PromotedPlaced(conference(), r, nil, "t", nil)} {
		if strings.Contains(e.Body, "zugeteilt") {
			t.Errorf("an email without placements names them:\n%s", e.Body)
		}
	}
}

package demo

import (
	"context"
	"fmt"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// Attendance at the upcoming edition: some of its sample people are marked
// present at the door, as on the day, so that the door's count, the
// certificates of attendance and the badges show real names, among them
// names in Arabic, Ge'ez (Tigrinya) and Cyrillic script. The marks are the
// demo organiser's; the account is made without a password if it is not
// there yet (EnsureOrganiser gives it one).

// arrivedPeople are the sample people marked present.
var arrivedPeople = []string{
	"Anna Schneider", "أمل حداد", "Jürgen Wolff", "Олена Коваленко", "Aminata Diallo",
	"ተስፋይ ገብረማርያም", "Klaus Becker", "Андрій Шевченко", "ሃብታም ተወልደ", "رنا خليل", "Hannah Yılmaz",
}

// loadAttendance marks arrivedPeople present at the edition.
func loadAttendance(ctx context.Context, db *store.DB, upcoming *model.Conference) error {
	orga, err := db.UserByEmail(ctx, OrganiserEmail)
	if model.ErrorCode(err) == model.ENotFound {
		orga = &model.User{Email: OrganiserEmail, Name: "Demo-Organisation", Role: model.RoleOrganiser}
		err = db.CreateUser(ctx, orga)
	}
	if err != nil {
		return fmt.Errorf("demo: organiser for the door: %w", err)
	}
	for _, name := range arrivedPeople {
		found, _, err := db.SearchArrivals(ctx, upcoming.ID, name)
		if err != nil {
			return fmt.Errorf("demo: find %s at the door: %w", name, err)
		}
		if len(found) != 1 {
			return fmt.Errorf("demo: %d registrations of %s at the door", len(found), name)
		}
		if _, _, err := db.CheckIn(ctx, upcoming.ID, found[0].ID, orga.ID); err != nil {
			return fmt.Errorf("demo: check in %s: %w", name, err)
		}
	}
	return nil
}

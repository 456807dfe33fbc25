package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/demo"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// The demo's upcoming edition has people marked present, so that its
// certificates exist, with names in Cyrillic and Ge'ez script among them;
// its badges are every confirmed person's.
func TestDemoCertificatesAndBadges(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		loadDemo(t, e)
		conf, err := e.db.ConferenceBySlug(t.Context(), demo.UpcomingSlug)
		if err != nil {
			t.Fatal(err)
		}
		att, err := e.db.Attendance(t.Context(), conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		orga := e.organiser(t)
		res := orga.get(urls.Certificates(conf.ID))
		wantStatus(t, res, http.StatusOK)
		pages := pdfPages(t, res.Body)
		if att.Present < 10 || len(pages) != att.Present {
			t.Errorf("%d certificates for %d people present", len(pages), att.Present)
		}
		text := strings.Join(pages, "\f")
		for _, want := range []string{"Олена Коваленко", "Андрій Шевченко", "ተስፋይ ገብረማርያም", "ሃብታም ተወልደ", "Anna Schneider"} {
			if !strings.Contains(text, want) {
				t.Errorf("the demo's certificates lack %s", want)
			}
		}
		badges := orga.get(urls.Badges(conf.ID))
		wantStatus(t, badges, http.StatusOK)
		if n, want := len(pdfPages(t, badges.Body)), (att.Registered+7)/8; n != want {
			t.Errorf("%d pages of badges for %d people, want %d", n, att.Registered, want)
		}
	})
}

package urls_test

import (
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

func TestNewSiteRefusesWhatIsNotAnAbsoluteAddress(t *testing.T) {
	for _, u := range []string{"", "konferenz.example.org", "/k", "ftp://example.org", "http://"} {
		if _, err := urls.NewSite(u); err == nil {
			t.Errorf("base URL %q accepted", u)
		}
	}
}

func TestSiteURL(t *testing.T) {
	for _, tc := range []struct{ base, path, want, host string }{
		{"https://konferenz.example.org", urls.Personal("abc"), "https://konferenz.example.org/r/abc", "konferenz.example.org"},
		{"https://konferenz.example.org/", urls.Conference("w-2016"), "https://konferenz.example.org/k/w-2016", "konferenz.example.org"},
		// Served below a path, behind a proxy.
		{"http://localhost:8080/konferenz/", urls.Calendar("w"), "http://localhost:8080/konferenz/k/w/kalender.ics", "localhost"},
	} {
		s, err := urls.NewSite(tc.base)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.URL(tc.path); got != tc.want {
			t.Errorf("%s + %s = %s, want %s", tc.base, tc.path, got, tc.want)
		}
		if s.Host() != tc.host {
			t.Errorf("host of %s: %q", tc.base, s.Host())
		}
	}
}

// A slug or token is one path segment whatever it holds: nothing typed into
// it can lead to another route.
func TestSegmentsAreEscaped(t *testing.T) {
	if got := urls.Conference("a/b?c#d"); got != "/k/a%2Fb%3Fc%23d" {
		t.Errorf("Conference: %s", got)
	}
	if got := urls.LoginThen("/admin/editions/1?x=1&y=2"); got != "/admin/login?next=%2Fadmin%2Feditions%2F1%3Fx%3D1%26y%3D2" {
		t.Errorf("LoginThen: %s", got)
	}
}

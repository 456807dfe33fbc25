package model

import "testing"

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Kommunale Flüchtlingskonferenz NRW": "kommunale-fluechtlingskonferenz-nrw",
		"  Größe & Maß – 2016!  ":            "groesse-mass-2016",
		"Ärger über Öfen":                    "aerger-ueber-oefen",
		"---":                                "",
	} {
		got := Slugify(in)
		if got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
		if got != "" && !slugPattern.MatchString(got) {
			t.Errorf("Slugify(%q) = %q is no valid slug", in, got)
		}
	}
}

package model

import (
	"testing"
	"time"
)

// Location answers from its cache after the first call and still tells
// zones apart; a name that does not load is UTC every time and is not kept.
func TestLocation(t *testing.T) {
	berlin := &Conference{TimeZone: "Europe/Berlin"}
	first := berlin.Location()
	if first.String() != "Europe/Berlin" {
		t.Fatalf("Location() = %v, want Europe/Berlin", first)
	}
	if again := berlin.Location(); again != first {
		t.Errorf("second Location() is a new *Location: loaded again, not cached")
	}
	// Summer time in Berlin, none in Istanbul since 2016: the zones are not mixed up.
	july := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	if _, off := july.In(berlin.Location()).Zone(); off != 2*3600 {
		t.Errorf("Berlin in July: offset %d, want 7200", off)
	}
	istanbul := &Conference{TimeZone: "Europe/Istanbul"}
	if got := istanbul.Location().String(); got != "Europe/Istanbul" {
		t.Errorf("Location() = %v after Berlin, want Europe/Istanbul", got)
	}
	for _, name := range []string{"Mars/Olympus_Mons", "not a zone"} {
		c := &Conference{TimeZone: name}
		for range 2 {
			if got := c.Location(); got != time.UTC {
				t.Errorf("Location() for %q = %v, want UTC", name, got)
			}
		}
		if _, kept := locations.Load(name); kept {
			t.Errorf("unknown zone %q was cached", name)
		}
	}
	if got := (&Conference{}).Location(); got != time.UTC {
		t.Errorf("Location() without a zone = %v, want UTC", got)
	}
}

func BenchmarkLocation(b *testing.B) {
	c := &Conference{TimeZone: DefaultTimeZone}
	for b.Loop() {
		c.Location()
	}
}

package docconv

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// A part that inflates past maxPart fails with ErrTooLarge, whatever its
// header claimed: at most maxPart bytes come through.
func TestCappedRead(t *testing.T) {
	c := &capped{rc: io.NopCloser(io.LimitReader(strings.NewReader(strings.Repeat("x", maxPart+10)), maxPart+10)), left: maxPart}
	n, err := io.Copy(io.Discard, c)
	if !errors.Is(err, ErrTooLarge) || n > maxPart {
		t.Errorf("read %d bytes, %v; want at most %d, ErrTooLarge", n, err, maxPart)
	}
	c = &capped{rc: io.NopCloser(strings.NewReader("kurz")), left: maxPart}
	if b, err := io.ReadAll(c); err != nil || string(b) != "kurz" {
		t.Errorf("a short part: %q, %v", b, err)
	}
}

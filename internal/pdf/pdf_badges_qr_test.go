package pdf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

func dark(code barcode.Barcode, x, y int) bool {
	r, _, _, _ := code.At(x, y).RGBA()
	return r < 0x8000
}

// The encoder writes the same modules as github.com/boombuler/barcode/qr
// at level M, for every length from one byte to version 10's capacity and
// so for every version and mask: its data, error correction, layout and
// choice of mask are the standard's.
func TestQRMatchesBoombuler(t *testing.T) {
	masks := map[string]bool{}
	for n := 1; n <= 213; n++ {
		for _, content := range []string{
			"https://konferenz.example.org/admin/door/" + strings.Repeat("0123456789abcdef", 14)[:max(0, n-41)],
			strings.Repeat("ä", n/2) + strings.Repeat("x", n%2),
			fmt.Sprintf("%0*d", n, n*7919),
		} {
			content = content[:min(len(content), n)]
			if len(content) != n {
				continue
			}
			ours, err := encodeQR(content)
			if err != nil {
				t.Fatalf("%d bytes: %v", n, err)
			}
			theirs, err := qr.Encode(content, qr.M, qr.Unicode)
			if err != nil {
				t.Fatal(err)
			}
			if theirs.Bounds().Dx() != ours.size {
				t.Fatalf("%d bytes: size %d, boombuler %d", n, ours.size, theirs.Bounds().Dx())
			}
			for y := range ours.size {
				for x := range ours.size {
					if ours.at(x, y) != dark(theirs, x, y) {
						t.Fatalf("%q (%d bytes, size %d): module (%d, %d) differs from boombuler's", content, n, ours.size, x, y)
					}
				}
			}
			masks[fmt.Sprint(ours.size, ours.at(2, 8), ours.at(3, 8), ours.at(4, 8))] = true
		}
	}
	if len(masks) < 40 {
		t.Errorf("only %d versions and masks seen", len(masks))
	}
	if _, err := encodeQR(strings.Repeat("x", 214)); err != errQRTooLong {
		t.Errorf("214 bytes: %v", err)
	}
}

// BenchmarkBadgeQRCodesBoombuler encodes the same 2,000 codes with
// github.com/boombuler/barcode/qr, one after the other as
// BenchmarkBadgeQRCodes does: why the badges have an encoder of their own.
func BenchmarkBadgeQRCodesBoombuler(b *testing.B) {
	badges := sampleBadges(2000)
	b.ReportAllocs()
	for b.Loop() {
		for _, badge := range badges {
			if _, err := qr.Encode(badge.CheckIn, qr.M, qr.Unicode); err != nil {
				b.Fatal(err)
			}
		}
	}
}

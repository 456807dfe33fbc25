package pdf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func sampleBadges(n int) []Badge {
	names := []string{"Amina Diallo", "أمل حداد", "ተስፋይ ገብረማርያም", "Олена Коваленко", "Jürgen Wolff-Müllenhoff von Lüdenscheidt", "Ibrahima Sow"}
	out := make([]Badge, n)
	for i := range out {
		out[i] = Badge{Name: names[i%len(names)], Organisation: "Flüchtlingsrat Wuppertal e. V.",
			Languages: Endonyms("Arabisch, Deutsch, Tigrinya, ru"),
			Workshops: []string{"Wohnen: Wege aus der Sammelunterkunft"},
			CheckIn:   fmt.Sprintf("https://konferenz.example.org/admin/door/%032x", i)}
	}
	return out
}

// The languages people type come back in their own names and scripts;
// what the table does not know stays as typed, and nothing twice.
func TestEndonyms(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Arabisch, Deutsch, Tigrinya", "العربية|Deutsch|ትግርኛ"},
		{"farsi; Dari / Pashto", "فارسی|دری|پښتو"},
		{"العربية، قليل من الألمانية", "العربية|قليل من الألمانية"},
		{"russe, Ukrainian, tr, Kurdisch, somali", "Русский|Українська|Türkçe|Kurdî|Soomaali"},
		{"English, anglais, EN, Französisch", "English|Français"},
		{"Wolof, Klingonisch", "Wolof|Klingonisch"},
		{"", ""},
	} {
		if got := strings.Join(Endonyms(tc.in), "|"); got != tc.want {
			t.Errorf("Endonyms(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Nine badges fill one sheet and start a second; every name, organisation
// and language comes back from the PDF.
func TestBadgesEightPerPage(t *testing.T) {
	d, err := Badges(Meta{Title: "Namensschilder"}, BadgeSheet{Edition: "3. Kommunale Flüchtlingskonferenz NRW", Workshop: "Workshop"}, sampleBadges(9))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := pdfText(t, d)
	if n := strings.Count(text, "\f"); n != 2 {
		t.Errorf("%d pages, want 2", n)
	}
	for _, want := range []string{"Amina Diallo", "ተስፋይ", "Олена Коваленко", "Flüchtlingsrat Wuppertal", "Русский", "ትግርኛ", "Deutsch", "Workshop:"} {
		if !strings.Contains(text, want) {
			t.Errorf("badges lack %q", want)
		}
	}
}

// Every badge's QR code decodes back to its check-in address.
func TestBadgeQRCodesDecode(t *testing.T) {
	badges := sampleBadges(8)
	d, err := Badges(Meta{Title: "Namensschilder"}, BadgeSheet{Edition: "Konferenz", Workshop: "Workshop"}, badges)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	got := decodeQRCodes(t, buf.Bytes(), 1)
	var want []string
	for _, b := range badges {
		want = append(want, b.CheckIn)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("decoded %q\nwant %q", got, want)
	}
}

// decodeQRCodes renders page of a PDF at 150 dpi and returns the QR codes
// zbarimg reads from it; a missing tool fails the test.
func decodeQRCodes(t *testing.T, body []byte, page int) []string {
	t.Helper()
	for _, tool := range []string{"pdftoppm", "zbarimg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to read the QR codes back", tool)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "badges.pdf")
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	p := fmt.Sprint(page)
	if out, err := exec.Command("pdftoppm", "-r", "150", "-png", "-f", p, "-l", p, "-singlefile", path, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	out, err := exec.Command("zbarimg", "--raw", "-q", filepath.Join(dir, "page.png")).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	return strings.Fields(string(out))
}

// BenchmarkBadges writes the badges of 2,000 people: 250 pages, each
// badge with a QR code of a check-in address as long as a real one.
//
//	go test -run '^$' -bench Badge -count 5 ./internal/pdf/
func BenchmarkBadges(b *testing.B) {
	badges := sampleBadges(2000)
	b.ReportAllocs()
	for b.Loop() {
		d, err := Badges(Meta{Title: "Namensschilder"}, BadgeSheet{Edition: "Konferenz", Workshop: "Workshop"}, badges)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := d.Output(&buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBadgeQRCodes encodes the 2,000 QR codes alone, as Badges does:
// the part of BenchmarkBadges that is the QR encoder's.
func BenchmarkBadgeQRCodes(b *testing.B) {
	badges := sampleBadges(2000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := encodeQRCodes(badges); err != nil {
			b.Fatal(err)
		}
	}
}

package pdf

import (
	"unicode"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/assets"
)

// The font families the documents use. fpdf picks no fallback font of its
// own, so the text writer splits text into runs by script and gives each run
// the family that has its letters.
const (
	familySans     = "sans" // DejaVu Sans: Latin, Cyrillic, Greek, Arabic
	familyEthiopic = "ethi" // Noto Sans Ethiopic: Tigrinya, Amharic
)

// fontFiles names the file of each family and style ("", "B", "I", "BI").
// Noto Sans Ethiopic has no italic; its italic styles use the upright faces.
var fontFiles = map[string]map[string]string{
	familySans: {
		"":   "fonts/DejaVuSans.ttf",
		"B":  "fonts/DejaVuSans-Bold.ttf",
		"I":  "fonts/DejaVuSans-Oblique.ttf",
		"BI": "fonts/DejaVuSans-BoldOblique.ttf",
	},
	familyEthiopic: {
		"":   "fonts/NotoSansEthiopic-Regular.ttf",
		"B":  "fonts/NotoSansEthiopic-Bold.ttf",
		"I":  "fonts/NotoSansEthiopic-Regular.ttf",
		"BI": "fonts/NotoSansEthiopic-Bold.ttf",
	},
}

// familyFor returns the family that has the letter r.
func familyFor(r rune) string {
	if unicode.Is(unicode.Ethiopic, r) {
		return familyEthiopic
	}
	return familySans
}

// useFont selects a family and style, registering the face with fpdf the
// first time a document uses it: parsing a TrueType file costs milliseconds,
// and most documents need two or three of the six faces.
func (d *Doc) useFont(family, style string, size float64) {
	key := family + "/" + style
	if !d.fonts[key] {
		b, err := assets.Fonts.ReadFile(fontFiles[family][style])
		if err != nil {
			d.f.SetError(err)
			return
		}
		d.f.AddUTF8FontFromBytes(family, style, b)
		d.fonts[key] = true
	}
	d.f.SetFont(family, style, size)
}

package pdf

import (
	"sync"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/assets"
	"golang.org/x/image/font/sfnt"
)

// The font families the documents use. fpdf picks no fallback font of its
// own, so the text writer splits text into runs by script and gives each run
// the face that has its letters.
const (
	familySans     = "sans" // DejaVu Sans: Latin, Cyrillic, Greek, Arabic (upright faces only)
	familyEthiopic = "ethi" // Noto Sans Ethiopic: Tigrinya, Amharic
)

var families = [...]string{familySans, familyEthiopic}

// styles are fpdf's style strings, indexed by face.style.
var styles = [...]string{"", "B", "I", "BI"}

// fontFiles names the file of each family and style. Noto Sans Ethiopic has
// no italic; its italic styles use the upright faces.
var fontFiles = [len(families)][len(styles)]string{
	{"fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf", "fonts/DejaVuSans-Oblique.ttf", "fonts/DejaVuSans-BoldOblique.ttf"},
	{"fonts/NotoSansEthiopic-Regular.ttf", "fonts/NotoSansEthiopic-Bold.ttf", "fonts/NotoSansEthiopic-Regular.ttf", "fonts/NotoSansEthiopic-Bold.ttf"},
}

// face is one family in one style, as small numbers so that the text writer
// compares and indexes them per letter without hashing strings.
type face struct {
	family uint8 // index into families
	style  uint8 // index into styles: bit 0 bold, bit 1 italic
}

const (
	famSans uint8 = iota
	famEthiopic
)

func styleOf(bold, italic bool) uint8 {
	var s uint8
	if bold {
		s |= 1
	}
	if italic {
		s |= 2
	}
	return s
}

func (fc face) familyName() string { return families[fc.family] }
func (fc face) styleName() string  { return styles[fc.style] }

// upright is the face of the same family and weight without italic.
func (fc face) upright() face { return face{fc.family, fc.style &^ 2} }

// faceMetrics is what the text writer needs to know of a font file: which
// letters it has and how wide they are. Both are the same for every document,
// so they are read once per process.
type faceMetrics struct {
	once   sync.Once
	widths []uint16 // advance per rune below maxRune, in 1/1000 em, as fpdf counts it
	has    []uint64 // bit set of the runes below maxRune with a glyph
}

// maxRune bounds the runes the writer draws: fpdf's width tables end at
// U+FFFF, so the writer replaces the runes above it (see pieces).
const maxRune = 0x10000

var metricsByFile = map[string]*faceMetrics{}

func init() {
	for _, fs := range fontFiles {
		for _, file := range fs {
			metricsByFile[file] = &faceMetrics{}
		}
	}
}

// metrics returns the face's metrics, reading its file the first time.
func metrics(fc face) *faceMetrics {
	file := fontFiles[fc.family][fc.style]
	m := metricsByFile[file]
	m.once.Do(func() { m.load(file) })
	return m
}

// load takes the glyph coverage from the font's character map (sfnt) and the
// widths from fpdf's own parse of the file, so that measuring here gives
// exactly what fpdf writes into the PDF's width table.
func (m *faceMetrics) load(file string) {
	m.widths = make([]uint16, maxRune)
	m.has = make([]uint64, maxRune/64)
	b, err := assets.Fonts.ReadFile(file)
	if err != nil {
		panic("pdf: font missing from assets: " + file)
	}
	font, err := sfnt.Parse(b)
	if err != nil {
		panic("pdf: " + file + ": " + err.Error())
	}
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes("m", "", b)
	f.SetFont("m", "", 10)
	if f.Err() {
		panic("pdf: " + file + ": " + f.Error().Error())
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r < maxRune; r++ {
		if gi, err := font.GlyphIndex(&buf, r); err != nil || gi == 0 {
			continue
		}
		m.has[r/64] |= 1 << (r % 64)
		m.widths[r] = uint16(f.GetStringSymbolWidth(string(r)))
	}
}

// hasRune reports whether the face has a glyph for r.
func (m *faceMetrics) hasRune(r rune) bool {
	return r >= 0 && r < maxRune && m.has[r/64]&(1<<(r%64)) != 0
}

// latinAll is the range every DejaVu face has (Basic Latin to IPA), which
// the writer takes without looking: most text is in it.
func latinAll(r rune) bool { return r >= 0x20 && r < 0x7f || r >= 0xa0 && r <= 0x2e9 }

// faceFor picks the face for r within a span of style st. cur is the face of
// the run r would continue (zero when none): punctuation and digits stay in
// it when it has them, so that "(ተስፋይ)" is one run, but a face that lacks
// them (Noto Sans Ethiopic has no Latin digits or quotes) never draws a box.
// Otherwise r gets the family of its script, in the style asked for or, where
// that face lacks the letter (DejaVu Sans Oblique has no Arabic), the upright
// face of the same weight, and finally any family that has it.
func faceFor(r rune, cur face, hasCur bool, st uint8) face {
	if hasCur && isNeutral(r) && (cur.family == famSans && latinAll(r) || metrics(cur).hasRune(r)) {
		return cur
	}
	fam := famSans
	if unicode.Is(unicode.Ethiopic, r) {
		fam = famEthiopic
	}
	if fam == famEthiopic {
		st &^= 2 // its italic is the upright face: register that file once
	}
	want := face{fam, st}
	if fam == famSans && latinAll(r) {
		return want
	}
	for _, fc := range [...]face{want, want.upright(), {famSans, st}, {famSans, st &^ 2}, {famEthiopic, st}} {
		if metrics(fc).hasRune(r) {
			return fc
		}
	}
	return want
}

// isNeutral reports whether r takes the face of the letters around it.
// Ethiopic punctuation and digits (U+1361–U+137C) are Ethiopic by script and
// go to the Ethiopic face anyway.
func isNeutral(r rune) bool {
	return unicode.IsPunct(r) || unicode.IsDigit(r) || unicode.IsSymbol(r)
}

// useFont selects a face and size, registering the face with fpdf the first
// time a document uses it: parsing a TrueType file costs milliseconds, and
// most documents need two or three of the six faces.
func (d *Doc) useFont(fc face, size float64) {
	i := int(fc.family)*len(styles) + int(fc.style)
	if !d.fonts[i] {
		b, err := assets.Fonts.ReadFile(fontFiles[fc.family][fc.style])
		if err != nil {
			d.f.SetError(err)
			return
		}
		d.f.AddUTF8FontFromBytes(fc.familyName(), fc.styleName(), b)
		d.fonts[i] = true
	}
	d.f.SetFont(fc.familyName(), fc.styleName(), size)
}

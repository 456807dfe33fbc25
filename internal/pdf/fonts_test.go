package pdf

import (
	"math"
	"strings"
	"testing"
	"unicode"
)

// TestFacesHaveTheLetters: for the scripts of the participants' names, in
// every style, the face the writer picks has a glyph for each letter, so
// that none prints as a box.
func TestFacesHaveTheLetters(t *testing.T) {
	var arabic []rune
	for r := range arabicForms {
		arabic = append(arabic, r)
	}
	scripts := map[string][]rune{
		"German, French":   []rune("ÄÖÜäöüßẞÉÈÊËÀÂÇÎÏÔŒÙÛÜŸéèêëàâçîïôœùûüÿ„“‚‘–—…«»€"),
		"Turkish, Kurdish": []rune("ÇĞİÖŞÜçğıöşüÊÎÛêîûẍḧ"),
		"Polish, Czech, Romanian, Vietnamese, Albanian": []rune("ĄĆĘŁŃÓŚŹŻąćęłńóśźżČĎĚŇŘŠŤŮŽčďěňřšťůžĂÂÎȘȚășțĐđƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹëç"),
		"Cyrillic":        append(runeRange(0x0410, 0x044F), []rune("ЁёІіЇїЄєҐґЎўҒғҚқҢңҮүҰұҺһӘәӨө")...),
		"Greek":           append(runeRange(0x0391, 0x03A1), append(runeRange(0x03A3, 0x03C9), []rune("άέήίόύώΐΰϊϋ")...)...),
		"Arabic, Persian": append(arabic, []rune("ءآأؤإئ٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹،؛؟ـًٌٍَُِّْ")...),
		"Ethiopic":        runeRange(0x1200, 0x137C),
		"digits, signs":   []rune("0123456789.,;:!?()[]/-+%&@#*§°²³½"),
	}
	for name, rs := range scripts {
		for st := range uint8(len(styles)) {
			for _, r := range rs {
				if !unicode.IsPrint(r) {
					continue // unassigned code points in the Ethiopic block
				}
				fc := faceFor(r, face{}, false, st)
				if !metrics(fc).hasRune(r) {
					t.Errorf("%s: %U %c in style %q: face %s %q lacks it", name, r, r, styles[st], fc.familyName(), fc.styleName())
				}
			}
		}
	}
}

func runeRange(from, to rune) []rune {
	var rs []rune
	for r := from; r <= to; r++ {
		rs = append(rs, r)
	}
	return rs
}

// faces gives each non-space piece's text with its face.
func faces(d *Doc, st Style, spans ...Span) string {
	var b strings.Builder
	for _, p := range d.pieces(st, spans) {
		if p.space || p.brk {
			continue
		}
		b.WriteString(p.text + "=" + p.face.familyName() + p.face.styleName() + " ")
	}
	return strings.TrimSpace(b.String())
}

// TestEthiopicRuns: Ethiopic punctuation and digits stay in the Ethiopic
// face; Latin digits, brackets and quotes, which Noto Sans Ethiopic lacks,
// go to DejaVu Sans even inside an Ethiopic word.
func TestEthiopicRuns(t *testing.T) {
	d := New(Meta{})
	got := faces(d, Style{}, Span{Text: "ሰላም፡ ኣለኹም። ፩፪ „ተስፋይ“ (1990) ገብረ-2"})
	want := "ሰላም፡=ethi ኣለኹም።=ethi ፩፪=ethi „=sans ተስፋይ=ethi “=sans (1990)=sans ገብረ-=ethi 2=sans"
	if got != want {
		t.Errorf("faces:\n got %s\nwant %s", got, want)
	}
}

// TestArabicUprightInItalic: DejaVu Sans Oblique has no Arabic, so Arabic
// in italic text is set upright in the same weight; the Latin stays italic.
func TestArabicUprightInItalic(t *testing.T) {
	d := New(Meta{})
	got := faces(d, Style{Italic: true}, Span{Text: "Name: محمد"}, Span{Text: " Ali علي", Bold: true})
	want := "Name:=sansI \uFEE3\uFEA4\uFEE4\uFEAA=sans Ali=sansBI \uFECB\uFEE0\uFEF2=sansB"
	if got != want {
		t.Errorf("faces:\n got %s\nwant %s", got, want)
	}
}

// TestMeasureMatchesFpdf: the writer's widths are fpdf's, so that lines
// end where fpdf's own cells would.
func TestMeasureMatchesFpdf(t *testing.T) {
	d := New(Meta{})
	for _, s := range []string{"Flüchtlingsrat", "Ана Петрова", "\uFEE3\uFEA4\uFEE4\uFEAA", "ተስፋይ"} {
		for _, p := range d.pieces(Style{Size: 12}, Plain(s)) {
			d.useFont(p.face, 12)
			if want := d.f.GetStringWidth(p.text); math.Abs(p.width-want) > 1e-9 {
				t.Errorf("%q: width %.4f, fpdf says %.4f", p.text, p.width, want)
			}
		}
	}
}

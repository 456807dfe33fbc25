package pdf

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// runes spells a string as code points, for failure messages.
func runes(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, "%U ", r)
	}
	return strings.TrimSpace(b.String())
}

func TestShape(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		// meem initial, hah medial, meem medial, dal final (dal joins only backwards).
		{"Muhammad", "محمد", "\uFEE3\uFEA4\uFEE4\uFEAA"},
		{"lam-alef alone", "لا", "\uFEFB"},
		{"lam-alef after a joining letter", "سلام", "\uFEB3\uFEFC\uFEE1"},
		{"lam-alef with hamza", "لأن", "\uFEF7\uFEE5"},
		// meem initial, reh final; hah initial, beh medial, alef final.
		{"marhaba", "مرحبا", "\uFEE3\uFEAE\uFEA3\uFE92\uFE8E"},
		// alef, dal, reh, zain, waw join only to the letter before: each
		// letter after them starts anew.
		{"right-joining letters", "ادرزوة", "\uFE8D\uFEA9\uFEAD\uFEAF\uFEED\uFE93"},
		{"teh marbuta final", "ورشة", "\uFEED\uFEAD\uFEB7\uFE94"},
		{"alef maksura final", "على", "\uFECB\uFEE0\uFEF0"},
		// Harakat are transparent: the letters join across them and keep them.
		{"harakat", "مُحَمَّد", "\uFEE3\u064F\uFEA4\u064E\uFEE4\u064E\u0651\uFEAA"},
		// Tatweel joins both sides and stays.
		{"tatweel", "مـا", "\uFEE3\u0640\uFE8E"},
		// ZWJ makes a letter join forwards, ZWNJ keeps two letters apart.
		{"zwj", "م\u200D", "\uFEE3\u200D"},
		{"zwnj", "م\u200Cم", "\uFEE1\u200C\uFEE1"},
		// Hamza joins neither side.
		{"hamza", "ماء", "\uFEE3\uFE8E\uFE80"},
		// Persian letters with forms in DejaVu Sans: peh initial, tcheh
		// medial, jeh final (it joins backwards only), so gaf starts anew
		// (initial), keheh medial, farsi yeh final.
		{"Persian", "پچژگکی", "\uFB58\uFB7D\uFB8B\uFB94\uFB91\uFBFD"},
		{"Persian name", "زهرا رضایی", "\uFEAF\uFEEB\uFEAE\uFE8D \uFEAD\uFEBF\uFE8E\uFBFE\uFBFD"},
		// Noon ghunna has only isolated and final forms there: it joins
		// backwards only, and the letter after it starts anew.
		{"noon ghunna", "بںب", "\uFE91\uFB9F\uFE8F"},
		// Heh goal has no forms in DejaVu Sans: it stays as it is and its
		// neighbours do not join it.
		{"no forms", "بہب", "\uFE8F\u06C1\uFE8F"},
		{"Latin untouched", "Flüchtlingsrat", "Flüchtlingsrat"},
		{"words apart", "محمد علي", "\uFEE3\uFEA4\uFEE4\uFEAA \uFECB\uFEE0\uFEF2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := shape(c.in)
			if got != c.want {
				t.Errorf("shape(%q) = %s, want %s", c.in, runes(got), runes(c.want))
			}
			// The forms are compatibility characters of the letters: NFKC
			// gives the text back (what a reader copying it gets).
			if back := norm.NFKC.String(got); back != norm.NFKC.String(c.in) {
				t.Errorf("NFKC(shape(%q)) = %q", c.in, back)
			}
		})
	}
}

// TestShapeAcrossSpans: a word set partly in bold joins where the style changes.
func TestShapeAcrossSpans(t *testing.T) {
	rs := []rune("محمد")
	if got, want := shapeRange(rs, 0, 2)+shapeRange(rs, 2, 4), shape("محمد"); got != want {
		t.Errorf("shaped in two parts: %s, want %s", runes(got), runes(want))
	}
}

// TestShapeFormsInFont: every form the table gives exists in both upright
// DejaVu faces, which draw all Arabic text.
func TestShapeFormsInFont(t *testing.T) {
	for _, fc := range []face{{famSans, 0}, {famSans, 1}} {
		m := metrics(fc)
		check := func(base, form rune) {
			if form != 0 && !m.hasRune(form) {
				t.Errorf("%s %s lacks %U, a form of %U", fc.familyName(), fc.styleName(), form, base)
			}
		}
		for base, fs := range arabicForms {
			if !m.hasRune(base) {
				t.Errorf("%s %s lacks the letter %U", fc.familyName(), fc.styleName(), base)
			}
			for _, f := range fs {
				check(base, f)
			}
		}
		for base, fs := range lamAlef {
			for _, f := range fs {
				check(base, f)
			}
		}
	}
}

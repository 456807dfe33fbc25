package pdf

import (
	"slices"

	"golang.org/x/text/unicode/bidi"
)

// Bidirectional text. fpdf draws every string from left to right, so the
// writer finds each letter's embedding level with the Unicode bidi algorithm
// (golang.org/x/text/unicode/bidi), cuts pieces where the level changes, and
// per line puts the pieces into visual order, reversing the letters of the
// right-to-left ones when it draws them.

// needsBidi reports whether text of base direction rtl needs the bidi
// algorithm: right-to-left text does, and left-to-right text with a letter
// or mark of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko, their
// presentation forms) or an explicit direction mark.
func needsBidi(s string, rtl bool) bool {
	if rtl {
		return true
	}
	for _, r := range s {
		switch {
		case r < 0x0590:
		case r <= 0x08FF, r >= 0xFB1D && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF,
			r >= 0x10800 && r <= 0x10FFF, r >= 0x1E800 && r <= 0x1EFFF,
			r == 0x200F, r == 0x202B, r == 0x202E, r == 0x2067, r == 0x061C:
			return true
		}
	}
	return false
}

// bidiLevels returns the embedding level of each rune of a paragraph without
// line breaks. The base level is 1 in a right-to-left document; in a
// left-to-right one it is 1 when the first strong letter is right to left
// (an Arabic name in a German list reads right to left as a whole), else 0.
//
// x/text's Paragraph.Order gives runs of even or odd level only, so a number
// inside Arabic in a left-to-right paragraph (level 2) would look like the
// left-to-right text around it (level 0). Levels above 1 come only from
// numbers there (and from explicit embeddings, which the writer does not
// honour beyond what x/text resolves), so they are found here by the weak
// rules W1–W7 of the algorithm, which decide what becomes a number.
func bidiLevels(rs []rune, rtl bool) []uint8 {
	levels := make([]uint8, len(rs))
	if len(rs) == 0 {
		return levels
	}
	opt := bidi.DefaultDirection(bidi.LeftToRight) // the first strong letter decides
	base := uint8(0)
	if rtl {
		opt = bidi.DefaultDirection(bidi.RightToLeft)
		base = 1
	} else if firstStrongRTL(rs) {
		base = 1
	}
	var p bidi.Paragraph
	if _, err := p.SetString(string(rs), opt); err != nil {
		return levels
	}
	o, err := p.Order()
	if err != nil {
		return levels
	}
	for i := range o.NumRuns() {
		run := o.Run(i)
		start, end := run.Pos()
		lv := base + base%2 // the even level at or above the base: 0, or 2
		if run.Direction() == bidi.RightToLeft {
			lv = 1
		}
		for k := start; k <= end && k < len(levels); k++ {
			levels[k] = lv
		}
	}
	if base == 0 {
		for k, n := range numbers(rs) {
			if n && levels[k] == 0 {
				levels[k] = 2
			}
		}
	}
	return levels
}

func firstStrongRTL(rs []rune) bool {
	for _, r := range rs {
		switch class(r) {
		case bidi.L:
			return false
		case bidi.R, bidi.AL:
			return true
		}
	}
	return false
}

func class(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// numbers reports for each rune of a left-to-right paragraph whether the
// weak rules make it a number that stays one (European digits after
// right-to-left letters, Arabic-Indic digits anywhere): those take level 2.
func numbers(rs []rune) []bool {
	t := make([]bidi.Class, len(rs))
	for i, r := range rs {
		t[i] = class(r)
	}
	// W1: a mark takes the type of what it is on.
	for i := range t {
		if t[i] == bidi.NSM {
			if i == 0 {
				t[i] = bidi.L
			} else {
				t[i] = t[i-1]
			}
		}
	}
	// W2, W3: digits after Arabic letters are Arabic numbers; AL is R.
	strong := bidi.L
	for i := range t {
		switch t[i] {
		case bidi.L, bidi.R:
			strong = t[i]
		case bidi.AL:
			strong = bidi.AL
			t[i] = bidi.R
		case bidi.EN:
			if strong == bidi.AL {
				t[i] = bidi.AN
			}
		}
	}
	// W4: one separator between two numbers of a kind joins them.
	for i := 1; i+1 < len(t); i++ {
		switch {
		case t[i] == bidi.ES && t[i-1] == bidi.EN && t[i+1] == bidi.EN:
			t[i] = bidi.EN
		case t[i] == bidi.CS && t[i-1] == t[i+1] && (t[i-1] == bidi.EN || t[i-1] == bidi.AN):
			t[i] = t[i-1]
		}
	}
	// W5: terminators (%, €) next to European numbers are numbers.
	for i := 0; i < len(t); i++ {
		if t[i] != bidi.ET {
			continue
		}
		j := i
		for j < len(t) && t[j] == bidi.ET {
			j++
		}
		if i > 0 && t[i-1] == bidi.EN || j < len(t) && t[j] == bidi.EN {
			for k := i; k < j; k++ {
				t[k] = bidi.EN
			}
		}
		i = j - 1
	}
	// W7: European numbers after left-to-right letters are left to right.
	strong = bidi.L
	out := make([]bool, len(t))
	for i := range t {
		switch t[i] {
		case bidi.L, bidi.R:
			strong = t[i]
		case bidi.EN:
			out[i] = strong == bidi.R
		case bidi.AN:
			out[i] = true
		}
	}
	return out
}

// visualOrder puts a line's pieces in the order they are drawn from left to
// right (rule L2: from the highest level down to the lowest odd one, reverse
// every run of pieces at that level or higher) and marks the pieces whose
// letters run right to left.
func visualOrder(ps []piece) []piece {
	var hi, lo uint8 = 0, 255
	for _, p := range ps {
		hi = max(hi, p.level)
		if p.level%2 == 1 {
			lo = min(lo, p.level)
		}
	}
	if hi == 0 {
		return ps
	}
	out := slices.Clone(ps)
	for i := range out {
		out[i].rtl = out[i].level%2 == 1
	}
	for lv := hi; lv >= lo && lv > 0; lv-- {
		for i := 0; i < len(out); {
			if out[i].level < lv {
				i++
				continue
			}
			j := i
			for j < len(out) && out[j].level >= lv {
				j++
			}
			slices.Reverse(out[i:j])
			i = j
		}
	}
	return out
}

// mirrored holds the characters drawn as their mirror image in right-to-left
// text (the common ones of Bidi_Mirrored).
var mirrored = map[rune]rune{
	'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<',
	'«': '»', '»': '«', '‹': '›', '›': '‹',
}

// visualRTL turns the text of a right-to-left piece into drawing order: the
// letters reversed, brackets mirrored. Marks come before their letter then,
// which is where DejaVu Sans wants them: its Arabic harakat have no advance
// and lie right of their origin, over the glyph drawn after them.
func visualRTL(s string) string {
	rs := []rune(s)
	slices.Reverse(rs)
	for i, r := range rs {
		if m, ok := mirrored[r]; ok {
			rs[i] = m
		}
	}
	return string(rs)
}

package pdf

import "unicode"

// Arabic shaping.
//
// fpdf draws one glyph per code point as given and has no shaping engine;
// Go has no library that turns Arabic text into the code points of its
// contextual forms (the shaping engines, HarfBuzz and its ports, give glyph
// ids, which fpdf cannot draw). DejaVu Sans has the Arabic Presentation Forms
// (U+FB50–U+FDFF, U+FE70–U+FEFF), so the writer shapes by replacing each
// letter with the form its neighbours call for: isolated, final, initial or
// medial, and lam followed by alef with their ligature. The text stays in
// logical order here; bidi.go orders it for drawing.

// arabicForms holds the presentation forms of each letter: isolated, final,
// initial, medial; 0 where the font has no such form. Only forms DejaVu Sans
// has are listed (TestShapeFormsInFont checks): a letter without initial and
// medial forms joins only to the letter before it, and a letter without any
// stays as it is and joins to neither side.
var arabicForms = map[rune][4]rune{
	0x0621: {0xFE80, 0, 0, 0},                // hamza
	0x0622: {0xFE81, 0xFE82, 0, 0},           // alef with madda above
	0x0623: {0xFE83, 0xFE84, 0, 0},           // alef with hamza above
	0x0624: {0xFE85, 0xFE86, 0, 0},           // waw with hamza above
	0x0625: {0xFE87, 0xFE88, 0, 0},           // alef with hamza below
	0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C}, // yeh with hamza above
	0x0627: {0xFE8D, 0xFE8E, 0, 0},           // alef
	0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92}, // beh
	0x0629: {0xFE93, 0xFE94, 0, 0},           // teh marbuta
	0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98}, // teh
	0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C}, // theh
	0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0}, // jeem
	0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4}, // hah
	0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8}, // khah
	0x062F: {0xFEA9, 0xFEAA, 0, 0},           // dal
	0x0630: {0xFEAB, 0xFEAC, 0, 0},           // thal
	0x0631: {0xFEAD, 0xFEAE, 0, 0},           // reh
	0x0632: {0xFEAF, 0xFEB0, 0, 0},           // zain
	0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4}, // seen
	0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8}, // sheen
	0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC}, // sad
	0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0}, // dad
	0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4}, // tah
	0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8}, // zah
	0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC}, // ain
	0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0}, // ghain
	0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4}, // feh
	0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8}, // qaf
	0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC}, // kaf
	0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0}, // lam
	0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4}, // meem
	0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8}, // noon
	0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC}, // heh
	0x0648: {0xFEED, 0xFEEE, 0, 0},           // waw
	0x0649: {0xFEEF, 0xFEF0, 0xFBE8, 0xFBE9}, // alef maksura (dual-joining in Unicode; final in practice)
	0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4}, // yeh

	// Persian, Urdu, Kurdish (Sorani), Pashto.
	0x0679: {0xFB66, 0xFB67, 0xFB68, 0xFB69}, // tteh ٹ
	0x067E: {0xFB56, 0xFB57, 0xFB58, 0xFB59}, // peh پ
	0x0686: {0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D}, // tcheh چ
	0x0688: {0xFB88, 0xFB89, 0, 0},           // ddal ڈ
	0x0691: {0xFB8C, 0xFB8D, 0, 0},           // rreh ڑ
	0x0698: {0xFB8A, 0xFB8B, 0, 0},           // jeh ژ
	0x06A4: {0xFB6A, 0xFB6B, 0xFB6C, 0xFB6D}, // veh ڤ
	0x06A9: {0xFB8E, 0xFB8F, 0xFB90, 0xFB91}, // keheh ک
	0x06AD: {0xFBD3, 0xFBD4, 0xFBD5, 0xFBD6}, // ng ڭ
	0x06AF: {0xFB92, 0xFB93, 0xFB94, 0xFB95}, // gaf گ
	0x06BA: {0xFB9E, 0xFB9F, 0, 0},           // noon ghunna ں (DejaVu has no initial or medial form)
	0x06BE: {0xFBAA, 0xFBAB, 0xFBAC, 0xFBAD}, // heh doachashmee ھ
	0x06C6: {0xFBD9, 0xFBDA, 0, 0},           // oe ۆ
	0x06C7: {0xFBD7, 0xFBD8, 0, 0},           // u ۇ
	0x06C8: {0xFBDB, 0xFBDC, 0, 0},           // yu ۈ
	0x06CB: {0xFBDE, 0xFBDF, 0, 0},           // ve ۋ
	0x06CC: {0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF}, // farsi yeh ی
	0x06D0: {0xFBE4, 0xFBE5, 0xFBE6, 0xFBE7}, // e ې
}

// lamAlef holds the ligatures of lam with each alef: isolated, final.
var lamAlef = map[rune][2]rune{
	0x0622: {0xFEF5, 0xFEF6},
	0x0623: {0xFEF7, 0xFEF8},
	0x0625: {0xFEF9, 0xFEFA},
	0x0627: {0xFEFB, 0xFEFC},
}

const (
	lam     = 0x0644
	tatweel = 0x0640
	zwj     = 0x200D
)

// joining is how a letter joins its neighbours.
type joining uint8

const (
	joinNone        joining = iota // joins neither side: spaces, Latin letters, hamza, ZWNJ
	joinRight                      // joins the letter before it only (alef, dal, reh, waw, ...)
	joinDual                       // joins both sides
	joinCausing                    // tatweel and ZWJ: make their neighbours join
	joinTransparent                // harakat and other marks: skipped
)

func joiningOf(r rune) joining {
	if fs, ok := arabicForms[r]; ok {
		switch {
		case fs[2] != 0 && fs[3] != 0:
			return joinDual
		case fs[1] != 0:
			return joinRight
		}
		return joinNone
	}
	switch {
	case r == tatweel || r == zwj:
		return joinCausing
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r) && r != 0x200C:
		return joinTransparent
	}
	return joinNone
}

// needsShaping reports whether s has a letter shape changes.
func needsShaping(rs []rune) bool {
	for _, r := range rs {
		if r >= 0x0621 && r <= 0x06D5 {
			return true
		}
	}
	return false
}

// shape gives Arabic letters their contextual (presentation) forms, in
// logical order.
func shape(s string) string { return shapeRange([]rune(s), 0, len([]rune(s))) }

// shapeRange shapes rs[i:j], looking at the letters around it for joining:
// a word set partly in bold still joins where the style changes.
func shapeRange(rs []rune, i, j int) string {
	if !needsShaping(rs[i:j]) {
		return string(rs[i:j])
	}
	out := make([]rune, 0, j-i)
	for k := i; k < j; k++ {
		r := rs[k]
		fs, ok := arabicForms[r]
		if !ok {
			out = append(out, r)
			continue
		}
		prev := joinsForward(rs, k)
		if r == lam && k+1 < j {
			if lig, ok := lamAlef[rs[k+1]]; ok {
				if prev {
					out = append(out, lig[1])
				} else {
					out = append(out, lig[0])
				}
				k++
				continue
			}
		}
		next := joinsBackward(rs, k)
		form := 0 // isolated
		switch joiningOf(r) {
		case joinDual:
			switch {
			case prev && next:
				form = 3
			case prev:
				form = 1
			case next:
				form = 2
			}
		case joinRight:
			if prev {
				form = 1
			}
		}
		if fs[form] != 0 {
			out = append(out, fs[form])
		} else {
			out = append(out, r)
		}
	}
	return string(out)
}

// joinsForward reports whether the letter before rs[k] (skipping marks)
// joins to the letter after it.
func joinsForward(rs []rune, k int) bool {
	for k--; k >= 0; k-- {
		switch joiningOf(rs[k]) {
		case joinTransparent:
			continue
		case joinDual, joinCausing:
			return true
		}
		return false
	}
	return false
}

// joinsBackward reports whether the letter after rs[k] (skipping marks)
// joins to the letter before it.
func joinsBackward(rs []rune, k int) bool {
	for k++; k < len(rs); k++ {
		switch joiningOf(rs[k]) {
		case joinTransparent:
			continue
		case joinDual, joinRight, joinCausing:
			return true
		}
		return false
	}
	return false
}

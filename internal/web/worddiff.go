package web

import (
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// diffPart is one piece of a word diff: text kept, removed or inserted.
type diffPart struct {
	Op   string // "equal", "delete" or "insert"
	Text string
}

// wordDiff compares two texts word by word. Each word and each run of
// spaces becomes one rune, as go-diff's DiffLinesToChars does for lines,
// so that the diff never splits a word and reads as a person would mark
// the change.
func wordDiff(from, to string) []diffPart {
	index := map[string]rune{}
	var tokens []string
	encode := func(s string) []rune {
		var out []rune
		for _, t := range splitWords(s) {
			r, ok := index[t]
			if !ok {
				// Runes from the supplementary planes: never a surrogate,
				// and room for a million distinct words.
				r = rune(0x10000 + len(tokens))
				index[t] = r
				tokens = append(tokens, t)
			}
			out = append(out, r)
		}
		return out
	}
	a, b := encode(from), encode(to)
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(a, b, false))
	ops := map[diffmatchpatch.Operation]string{diffmatchpatch.DiffEqual: "equal", diffmatchpatch.DiffDelete: "delete",
		diffmatchpatch.DiffInsert: "insert"}
	var out []diffPart
	for _, d := range diffs {
		var text strings.Builder
		for _, r := range d.Text {
			text.WriteString(tokens[r-0x10000])
		}
		out = append(out, diffPart{Op: ops[d.Type], Text: text.String()})
	}
	return out
}

// splitWords cuts s into words, the runs of white space between them and
// single punctuation marks, so that "an" changed to "an," marks only the
// comma.
func splitWords(s string) []string {
	var out []string
	start, class := 0, -1
	for i, r := range s {
		c := charClass(r)
		if i > start && (c != class || c == classMark) {
			out = append(out, s[start:i])
			start = i
		}
		class = c
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

const (
	classWord = iota
	classSpace
	classMark
)

// charClass says whether r belongs to a word, to white space, or stands
// alone as punctuation or a symbol.
func charClass(r rune) int {
	switch {
	case unicode.IsSpace(r):
		return classSpace
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r):
		return classWord
	}
	return classMark
}

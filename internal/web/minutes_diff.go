package web

import (
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// diffLine is one line of a comparison of two texts: kept, removed from
// the first or added in the second.
type diffLine struct {
	Op   string // "same", "removed" or "added"
	Text string
}

// Changed reports whether the line differs between the texts.
func (d diffLine) Changed() bool { return d.Op != "same" }

// lineDiff compares two texts line by line, as people read minutes: a
// changed line is one line removed and one added.
func lineDiff(from, to string) []diffLine {
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(from, to)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines)
	var out []diffLine
	for _, d := range diffs {
		op := "same"
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = "removed"
		case diffmatchpatch.DiffInsert:
			op = "added"
		}
		for _, line := range strings.SplitAfter(d.Text, "\n") {
			if line != "" {
				out = append(out, diffLine{Op: op, Text: strings.TrimRight(line, "\r\n")})
			}
		}
	}
	return out
}

// diffCounts counts the removed and added lines of a comparison.
func diffCounts(lines []diffLine) (removed, added int) {
	for _, l := range lines {
		switch l.Op {
		case "removed":
			removed++
		case "added":
			added++
		}
	}
	return removed, added
}

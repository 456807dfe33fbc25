package docconv

import (
	"strconv"
	"strings"
	"unicode"
)

// run is a piece of a paragraph's text in one formatting, or a line break.
type run struct {
	text         string
	bold, italic bool
	lineBreak    bool
}

// block is one paragraph, heading or list item as both formats describe it.
type block struct {
	heading int // 1 to 6; 0 for none
	item    bool
	ordered bool
	depth   int    // a list item's nesting, 0 for the outermost
	list    string // identifies an item's list, so that one next to another starts anew
	runs    []run
}

// writer renders blocks to Markdown as they are read, so that only the
// paragraph being read is held besides the output.
type writer struct {
	out     strings.Builder
	last    *block   // the block before, if it was a list item
	widths  []int    // marker widths of the items at each depth above
	numbers []int    // the next number at each depth
	lists   []string // the list of the items at each depth above
	outer   *bool    // whether the outermost list is numbered; nil before one
	alt     bool     // the outermost list uses the other marker
}

// write renders b unless it holds no text.
func (w *writer) write(b *block) {
	text := inline(b.runs)
	if strings.TrimSpace(text) == "" {
		return
	}
	if !b.item {
		w.endList()
		if w.out.Len() > 0 {
			w.out.WriteString("\n\n")
		}
		if b.heading > 0 {
			// A heading is bold by its style already; markers would only
			// clutter it.
			for i := range b.runs {
				b.runs[i].bold = false
			}
			text = inline(b.runs)
			w.out.WriteString(strings.Repeat("#", min(b.heading, 6)) + " " + strings.ReplaceAll(text, "\\\n", " "))
		} else {
			w.out.WriteString(text)
		}
		return
	}
	w.item(b, text)
}

// item renders a list item, indented below the items it belongs to.
func (w *writer) item(b *block, text string) {
	d := b.depth
	if w.last == nil && w.out.Len() > 0 {
		w.out.WriteString("\n\n")
	} else if w.last != nil {
		w.out.WriteString("\n")
	}
	for len(w.lists) < d {
		// A level skipped (Word allows it): indent as under a bullet.
		w.widths, w.numbers, w.lists = append(w.widths, 2), append(w.numbers, 1), append(w.lists, "")
	}
	newList := len(w.lists) == d || w.lists[d] != b.list || w.last.ordered != b.ordered && w.last.depth == d
	n := 1
	if !newList {
		n = w.numbers[d]
	}
	w.widths, w.numbers, w.lists = w.widths[:d], w.numbers[:d], w.lists[:d]
	if d == 0 && newList {
		// Two lists of a kind in a row would run together in Markdown;
		// the other marker keeps them apart.
		if w.outer != nil {
			w.out.WriteString("\n")
			if *w.outer == b.ordered {
				w.alt = !w.alt
			}
		}
		w.outer = &b.ordered
	}
	marker := "-"
	if d == 0 && w.alt {
		marker = "*"
	}
	if b.ordered {
		delim := "."
		if d == 0 && w.alt {
			delim = ")"
		}
		marker = strconv.Itoa(n) + delim
	}
	indent := 0
	for _, wd := range w.widths {
		indent += wd
	}
	pad := strings.Repeat(" ", indent)
	w.out.WriteString(pad + marker + " " + strings.ReplaceAll(text, "\\\n", "\\\n"+pad+strings.Repeat(" ", len(marker)+1)))
	w.widths = append(w.widths, len(marker)+1)
	w.numbers = append(w.numbers, n+1)
	w.lists = append(w.lists, b.list)
	w.last = b
}

// endList closes the list being written, if any.
func (w *writer) endList() {
	w.last, w.widths, w.numbers, w.lists, w.outer, w.alt = nil, nil, nil, nil, nil, false
}

// String returns the Markdown written, with a final line end.
func (w *writer) String() string {
	if w.out.Len() == 0 {
		return ""
	}
	return w.out.String() + "\n"
}

// inline renders runs: whitespace collapsed, Markdown's special characters
// escaped, bold and italic as ** and *, their markers outside spaces (a
// marker next to a space does not count in Markdown).
func inline(runs []run) string {
	var merged []run
	for _, r := range runs {
		if r.lineBreak {
			merged = append(merged, r)
			continue
		}
		r.text = collapseSpace(r.text)
		if r.text == "" {
			continue
		}
		if n := len(merged); n > 0 && !merged[n-1].lineBreak && (merged[n-1].bold == r.bold && merged[n-1].italic == r.italic ||
			strings.TrimSpace(r.text) == "") {
			merged[n-1].text += r.text
			continue
		}
		merged = append(merged, r)
	}
	var b strings.Builder
	lineStart, broken := true, false
	for _, r := range merged {
		if r.lineBreak {
			broken = b.Len() > 0
			continue
		}
		text := r.text
		if broken {
			b.WriteString("\\\n")
			lineStart, broken = true, false
		}
		if lineStart {
			text = strings.TrimLeft(text, " ")
		}
		core := strings.TrimSpace(text)
		if core == "" {
			b.WriteString(text)
			continue
		}
		lead := text[:strings.Index(text, core)]
		trail := text[len(lead)+len(core):]
		marker := ""
		switch {
		case r.bold && r.italic:
			marker = "***"
		case r.bold:
			marker = "**"
		case r.italic:
			marker = "*"
		}
		b.WriteString(lead + marker + escape(core, lineStart && lead == "" && marker == "") + marker + trail)
		lineStart = false
	}
	return strings.TrimRight(b.String(), " ")
}

// collapseSpace turns each run of whitespace into one space, as a word
// processor shows it.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) && r != '\u00A0' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return b.String()
}

// escape puts a backslash before what Markdown would read as markup: the
// characters of emphasis, code, links and HTML anywhere (so that "<b>" in a
// document stays text), and at the start of a line what would begin a
// heading, a quote, a list or a rule.
func escape(s string, lineStart bool) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<':
			b.WriteByte('\\')
		case '#', '>', '-', '+', '=':
			if lineStart && i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			if lineStart && i > 0 && isDigits(s[:i]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isDigits reports whether s is a number as a list item's marker starts.
func isDigits(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

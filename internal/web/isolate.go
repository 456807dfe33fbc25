package web

import (
	"html/template"
	"strconv"
	"strings"
)

// Text that users typed (names, titles, rooms) may be written right to left
// or carry bidirectional controls such as U+202E, which reorder whatever
// follows them on the line. Wherever such text stands in a sentence it is
// isolated: in templates inside <bdi>, in catalogue messages through TI.

// TI is T for a message that takes text users typed: each string value is
// isolated in a <bdi> element, so that neither its direction nor a control
// character inside it reorders the rest of the sentence. Numbers stay as
// they are (and choose the plural form, as in T).
func (p *Page) TI(id string, pairs ...any) template.HTML {
	args := make([]any, len(pairs))
	copy(args, pairs)
	var values []string
	for i := 1; i < len(args); i += 2 {
		if s, ok := args[i].(string); ok {
			args[i] = isolateMark(len(values))
			values = append(values, s)
		}
	}
	out := template.HTMLEscapeString(p.T(id, args...))
	for i, v := range values {
		out = strings.Replace(out, isolateMark(i), "<bdi>"+template.HTMLEscapeString(v)+"</bdi>", 1)
	}
	return template.HTML(out)
}

// isolateMark stands in a message for the i-th isolated value until the
// message is escaped; the private-use characters never occur in catalogues
// and pass HTML escaping unchanged.
func isolateMark(i int) string {
	return "\ue000" + strconv.Itoa(i) + "\ue001"
}

// isolate wraps one piece of typed text in the Unicode isolates FSI and PDI,
// the plain-text form of <bdi>, for a list joined into one string.
func isolate(s string) string {
	return "\u2068" + s + "\u2069"
}

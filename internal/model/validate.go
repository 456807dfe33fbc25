package model

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Length limits shared by forms and the database's expectations.
const (
	MaxShort = 200   // names, titles, rooms
	MaxLine  = 500   // subtitles, addresses, hosts
	MaxLong  = 20000 // Markdown descriptions
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func checkRequired(f fieldErrors, field, value string, max int) {
	if strings.TrimSpace(value) == "" {
		f.add(field, "err_required")
	}
	checkLength(f, field, value, max)
}

func checkLength(f fieldErrors, field, value string, max int) {
	if utf8.RuneCountInString(value) > max {
		f.add(field, "err_too_long")
	}
}

func checkSlug(f fieldErrors, field, value string) {
	switch {
	case value == "":
		f.add(field, "err_required")
	case len(value) > 80:
		f.add(field, "err_too_long")
	case !slugPattern.MatchString(value):
		f.add(field, "err_slug")
	}
}

// Years a conference can plausibly happen in; the bound keeps typing
// slips such as 20177 out of the agenda.
const (
	minYear = 1900
	maxYear = 2999
)

func checkSpan(f fieldErrors, startField string, start, end time.Time, endField string) {
	checkTime(f, startField, start, true)
	checkTime(f, endField, end, true)
	if !start.IsZero() && !end.IsZero() && !end.After(start) {
		f.add(endField, "err_end_before_start")
	}
}

func checkTime(f fieldErrors, field string, t time.Time, required bool) {
	switch {
	case t.IsZero():
		if required {
			f.add(field, "err_required")
		}
	case t.Year() < minYear || t.Year() > maxYear:
		f.add(field, "err_date_range")
	}
}

func oneOf(value string, allowed []string) bool {
	for _, a := range allowed {
		if a == value {
			return true
		}
	}
	return false
}

// Slugify turns a title into a URL slug: lower case ASCII, umlauts spelled out.
func Slugify(s string) string {
	r := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "ae", "Ö", "oe", "Ü", "ue")
	s = strings.ToLower(r.Replace(s))
	var b strings.Builder
	dash := false
	for _, c := range s {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 80 {
		out = strings.TrimSuffix(out[:80], "-")
	}
	return out
}

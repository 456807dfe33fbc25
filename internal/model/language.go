package model

import (
	"slices"
	"strings"
)

// InterpretLanguage is a language a participant may need interpretation
// into, and a workshop may offer. Its name is written in the language
// itself, so that a person finds theirs whatever language the page is in.
type InterpretLanguage struct {
	Code string // ISO 639 (dgs: German Sign Language)
	Name string
}

// InterpretLanguages are the interpretation languages an edition can
// offer: those most asked for at refugee conferences in Germany, and sign
// language.
var InterpretLanguages = []InterpretLanguage{
	{"ar", "العربية"},
	{"fa", "فارسی"},
	{"ps", "پښتو"},
	{"ku", "Kurdî"},
	{"ti", "ትግርኛ"},
	{"so", "Soomaali"},
	{"fr", "Français"},
	{"en", "English"},
	{"ru", "Русский"},
	{"uk", "Українська"},
	{"tr", "Türkçe"},
	{"sq", "Shqip"},
	{"dgs", "Deutsche Gebärdensprache"},
}

// Tag returns the BCP 47 tag of the language the name is written in, for
// a lang attribute: the code, but German for German Sign Language, whose
// code is not a tag and whose name is German.
func (l InterpretLanguage) Tag() string {
	if l.Code == "dgs" {
		return "de"
	}
	return l.Code
}

// InterpretLanguagesOf returns the languages of a stored list of codes
// ("ar,fr") in the list's order; a code not in InterpretLanguages is named
// by itself.
func InterpretLanguagesOf(codes string) []InterpretLanguage {
	var out []InterpretLanguage
	for _, code := range SplitCodes(codes) {
		out = append(out, InterpretLanguage{Code: code, Name: InterpretLanguageName(code)})
	}
	return out
}

// InterpretLanguageName returns the name of an interpretation language
// code, or the code itself for one that is not in the list (an answer kept
// from before the list existed).
func InterpretLanguageName(code string) string {
	for _, l := range InterpretLanguages {
		if l.Code == code {
			return l.Name
		}
	}
	return code
}

// IsInterpretLanguage reports whether code is one of InterpretLanguages.
func IsInterpretLanguage(code string) bool {
	return slices.ContainsFunc(InterpretLanguages, func(l InterpretLanguage) bool { return l.Code == code })
}

// SplitCodes reads a stored list of language codes ("ar,fr").
func SplitCodes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// Package i18n holds the message catalogues and chooses a language for each
// request: by the link the user followed, then the remembered choice, then
// the browser's Accept-Language, then German.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var locales embed.FS

// Language is one language the interface speaks.
type Language struct {
	Code string // BCP 47, as in the lang attribute and the ?lang= link
	Name string // in the language itself, for the switch
	RTL  bool
}

// Languages lists the interface languages; the first is the default.
var Languages = []Language{
	{Code: "de", Name: "Deutsch"},
	{Code: "en", Name: "English"},
	{Code: "fr", Name: "Français"},
	{Code: "ar", Name: "العربية", RTL: true},
}

// Bundle holds every catalogue, loaded once at start-up.
type Bundle struct {
	bundle     *i18n.Bundle
	matcher    language.Matcher
	localizers map[string]*Localizer
}

// New loads the embedded catalogues.
func New() (*Bundle, error) {
	bundle := i18n.NewBundle(language.German)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	tags := make([]language.Tag, 0, len(Languages))
	b := &Bundle{bundle: bundle, localizers: map[string]*Localizer{}}
	for _, l := range Languages {
		files, err := catalogueFiles(l.Code)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if _, err := bundle.LoadMessageFileFS(locales, f); err != nil {
				return nil, fmt.Errorf("i18n: %w", err)
			}
		}
		tags = append(tags, language.MustParse(l.Code))
		b.localizers[l.Code] = &Localizer{Language: l, Header: []string{l.Code}, localizer: i18n.NewLocalizer(bundle, l.Code)}
	}
	b.matcher = language.NewMatcher(tags)
	return b, nil
}

// Supported reports whether code names an interface language.
func (b *Bundle) Supported(code string) bool {
	_, ok := b.localizers[code]
	return ok
}

// Localizer returns the localizer for a supported language code, the default otherwise.
func (b *Bundle) Localizer(code string) *Localizer {
	if l, ok := b.localizers[code]; ok {
		return l
	}
	return b.localizers[Languages[0].Code]
}

// Match picks the best interface language for an Accept-Language header.
func (b *Bundle) Match(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Languages[0].Code
	}
	_, index, conf := b.matcher.Match(tags...)
	if conf == language.No {
		return Languages[0].Code
	}
	return Languages[index].Code
}

// Localizer translates into one language.
type Localizer struct {
	Language
	// Header is the Content-Language header's value, made once.
	Header    []string
	localizer *i18n.Localizer
	// plain keeps the messages looked up without data, id to text: they
	// never change after start-up, and go-i18n parses and runs a template
	// on every lookup, which a confirmation email does dozens of times.
	plain sync.Map
}

// Dir returns the text direction for the dir attribute.
func (l *Localizer) Dir() string {
	if l.RTL {
		return "rtl"
	}
	return "ltr"
}

// T returns the message id, filled with data given as name/value pairs
// ("Count", 3). A missing message shows its id, which the catalogue tests
// make sure never reaches a user.
func (l *Localizer) T(id string, pairs ...any) string {
	if len(pairs) == 0 {
		if s, ok := l.plain.Load(id); ok {
			return s.(string)
		}
	}
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(pairs) > 0 {
		data := make(map[string]any, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			data[fmt.Sprint(pairs[i])] = pairs[i+1]
			if pairs[i] == "Count" {
				cfg.PluralCount = pairs[i+1]
			}
		}
		cfg.TemplateData = data
	}
	s, err := l.localizer.Localize(cfg)
	if err != nil {
		missing.Store(l.Code+":"+id, true)
		return id
	}
	if len(pairs) == 0 {
		l.plain.Store(id, s)
	}
	return s
}

// missing records the ids looked up but absent, as "lang:id".
var missing sync.Map

// Missing returns the ids looked up so far that a catalogue lacks, as
// "lang:id"; tests render every page and assert it stays empty.
func Missing() []string {
	var out []string
	missing.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	sort.Strings(out)
	return out
}

// catalogueFiles lists one language's catalogue files: "de.toml" and one
// per part of the app, such as "mail.de.toml".
func catalogueFiles(code string) ([]string, error) {
	more, err := fs.Glob(locales, "locales/*."+code+".toml")
	if err != nil {
		return nil, err
	}
	return append([]string{path.Join("locales", code+".toml")}, more...), nil
}

// MessageIDs returns the ids in one language's catalogue files, for tests.
// An id in two files of one language is an error: one would hide the other.
func MessageIDs(code string) (map[string]bool, error) {
	files, err := catalogueFiles(code)
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, f := range files {
		raw, err := fs.ReadFile(locales, f)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := toml.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for k := range m {
			k = strings.TrimSpace(k)
			if ids[k] {
				return nil, fmt.Errorf("%s: %q is in another file too", f, k)
			}
			ids[k] = true
		}
	}
	return ids, nil
}

package web

import (
	"io/fs"
	"regexp"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/templates"
)

// Every textarea of the templates is a multi-line field, so that the line
// breaks typed into it are taken; one-line fields refuse them.
func TestTextareasAreMultiLineFields(t *testing.T) {
	textarea := regexp.MustCompile(`\.Field "([a-z_]+)" "textarea"`)
	found := 0
	err := fs.WalkDir(templates.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(templates.FS, path)
		if err != nil {
			return err
		}
		for _, m := range textarea.FindAllSubmatch(src, -1) {
			found++
			if !multiLineFields[string(m[1])] {
				t.Errorf("%s: textarea %q is not in multiLineFields", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("no textareas found: the pattern no longer matches the templates")
	}
}

func TestTextProblem(t *testing.T) {
	for _, tc := range []struct {
		in        string
		multiLine bool
		want      string
	}{
		{"Amina Diallo", false, ""},
		{"Köln\tDüsseldorf", false, ""},
		{"القاعة Raum 1", false, ""},
		{"a\x00b", false, "err_text_unreadable"},
		{"a\xffb", true, "err_text_unreadable"},
		{"a\u0085b", true, "err_text_unreadable"},
		{"a\x1bb", true, "err_text_unreadable"},
		{"eins\nzwei", false, "err_text_line_break"},
		{"eins\rzwei", false, "err_text_line_break"},
		{"eins\r\nzwei", true, ""},
	} {
		if got := textProblem(tc.in, tc.multiLine); got != tc.want {
			t.Errorf("textProblem(%q, %v) = %q, want %q", tc.in, tc.multiLine, got, tc.want)
		}
	}
}

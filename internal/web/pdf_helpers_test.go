package web_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The PDFs are read back with poppler-utils, which .ci/run installs: a
// missing tool fails the test rather than skipping it.

// writePDF keeps a PDF answer in the test's directory for the poppler tools.
func writePDF(t *testing.T, body string) string {
	t.Helper()
	if !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("not a PDF: %.80q", body)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func poppler(t *testing.T, tool string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s (poppler-utils) is needed to read the PDFs back", tool)
	}
	out, err := exec.Command(tool, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", tool, args, err)
	}
	return string(out)
}

// pdfPages returns the text pdftotext reads from each page, in order.
func pdfPages(t *testing.T, body string) []string {
	t.Helper()
	text := poppler(t, "pdftotext", "-layout", writePDF(t, body), "-")
	pages := strings.Split(text, "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

// pdfText returns all the text pdftotext reads from a PDF.
func pdfText(t *testing.T, body string) string {
	t.Helper()
	return strings.Join(pdfPages(t, body), "\f")
}

// pdfInfo returns pdfinfo's fields (Title, Author, Pages, ...).
func pdfInfo(t *testing.T, body string) map[string]string {
	t.Helper()
	info := map[string]string{}
	for _, l := range strings.Split(poppler(t, "pdfinfo", writePDF(t, body)), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

// wantFontsEmbedded fails unless pdffonts lists fonts and every one is embedded.
func wantFontsEmbedded(t *testing.T, body string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(poppler(t, "pdffonts", writePDF(t, body))), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", strings.Join(lines, "\n"))
	}
	for _, l := range lines[2:] {
		// name type [type] encoding emb sub uni object ID: "emb" is the fourth field from the end but two.
		f := strings.Fields(l)
		if len(f) < 6 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
}

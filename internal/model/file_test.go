package model_test

import (
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
)

// Text documents can become minutes' text; PDFs and images only attachments.
func TestFileIsDocument(t *testing.T) {
	for typ, want := range map[string]bool{
		model.TypeDOCX: true, model.TypeODT: true, model.TypeMarkdown: true, model.TypeText: true,
		model.TypePDF: false, model.TypePNG: false, model.TypeJPEG: false, "application/zip": false,
	} {
		if got := (&model.File{ContentType: typ}).IsDocument(); got != want {
			t.Errorf("%s: IsDocument %v, want %v", typ, got, want)
		}
	}
}

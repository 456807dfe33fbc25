package model

import "time"

// MaxUpload is the largest file, in bytes, anyone may upload: 20 MB.
const MaxUpload = 20 << 20

// Content types of the files the office keeps. Text files are stored as
// UTF-8, so their charset is part of the type they are served with.
const (
	TypePDF      = "application/pdf"
	TypeDOCX     = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeODT      = "application/vnd.oasis.opendocument.text"
	TypeText     = "text/plain; charset=utf-8"
	TypeMarkdown = "text/markdown; charset=utf-8"
	TypePNG      = "image/png"
	TypeJPEG     = "image/jpeg"
)

// File is an uploaded file, kept in the database so that any instance can
// serve it. Tables that own files (minutes' attachments, follow-ups) refer
// to its ID.
type File struct {
	ID          int64     `db:"id"`
	Name        string    `db:"name"`         // cleaned, with the extension of ContentType
	ContentType string    `db:"content_type"` // one of the Type constants, detected from the content
	Size        int64     `db:"size"`
	SHA256      string    `db:"sha256"` // hex; the download's ETag
	Data        []byte    `db:"data"`   // nil when read without its content (store.FileInfo)
	CreatedBy   *int64    `db:"created_by"`
	CreatedAt   time.Time `db:"created_at"`
}

// IsDocument reports whether the file is a text document (DOCX, ODT,
// Markdown, plain text) that can become the text of minutes; a PDF or an
// image can only be attached.
func (f *File) IsDocument() bool {
	switch f.ContentType {
	case TypeDOCX, TypeODT, TypeMarkdown, TypeText:
		return true
	}
	return false
}

// Package migrations embeds the SQL migrations, one folder per dialect with
// the same numbering in both.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed postgres/*.sql sqlite/*.sql
var files embed.FS

// For returns the migrations of a dialect: "postgres" or "sqlite".
func For(dialect string) (fs.FS, error) {
	return fs.Sub(files, dialect)
}

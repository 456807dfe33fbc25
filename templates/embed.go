// Package templates embeds the HTML templates: layout.html and partials/
// are shared, every file in pages/ is one page.
package templates

import "embed"

// FS holds the templates.
//
//go:embed *.html partials/*.html pages/*.html
var FS embed.FS

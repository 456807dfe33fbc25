// Package assets embeds the stylesheet and images (the favicon); the app serves them
// itself, so no page loads anything from elsewhere.
package assets

import "embed"

// FS holds the assets.
//
//go:embed css img
var FS embed.FS

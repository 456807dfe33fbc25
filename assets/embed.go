// Package assets embeds the stylesheet and images (the favicon); the app serves them
// itself, so no page loads anything from elsewhere. It also holds the fonts the
// PDFs embed, copied with their licences from Debian's packages.
package assets

import "embed"

// FS holds the assets the web server serves.
//
//go:embed css img
var FS embed.FS

// Fonts holds the TrueType fonts for PDFs: DejaVu Sans (fonts-dejavu-core and
// fonts-dejavu-extra: Latin, Cyrillic, Arabic with its presentation forms) and
// Noto Sans Ethiopic (fonts-noto-core: Tigrinya, Amharic). They are not served.
//
//go:embed fonts/*.ttf
var Fonts embed.FS

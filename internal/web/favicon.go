package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/assets"
)

// favicon handles GET /favicon.ico, where browsers and feed readers look
// for an icon without reading the page: the site's SVG icon (its type from
// its name), which the browsers that ask understand as well as an ICO file.
func favicon(c *gin.Context) {
	c.FileFromFS("img/favicon.svg", http.FS(assets.FS))
}

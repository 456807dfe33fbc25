package web_test

import (
	"net/http"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
)

// apiAddresses are the addresses of the public read API.
var apiAddresses = []addressCase{
	{get, urls.APISeriesList(), "/api/v1/series"},
	{get, urls.APISeries("nrw"), "/api/v1/series/:slug"},
	{get, urls.APIEdition("w-2016"), "/api/v1/editions/:slug"},
	{get, urls.APIEditionMinutes("w-2016"), "/api/v1/editions/:slug/minutes"},
	{get, urls.APIEditionResolutions("w-2016"), "/api/v1/editions/:slug/resolutions"},
	{get, urls.APIResolution(7), "/api/v1/resolutions/:id"},
	{get, urls.APIOpenAPI(), "/api/v1/openapi.json"},
	{http.MethodOptions, urls.APIEdition("w-2016"), "/api/v1/*path"},
	{post, urls.APISeriesList(), "/api/v1/*path"},
	{http.MethodPut, urls.APIResolution(7), "/api/v1/*path"},
	{http.MethodPatch, urls.APIResolution(7), "/api/v1/*path"},
	{http.MethodDelete, urls.APIResolution(7), "/api/v1/*path"},
}

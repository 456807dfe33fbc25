package web_test

import "github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"

// documentationAddresses are the addresses of an edition's documentation.
var documentationAddresses = []addressCase{
	{get, urls.Documentation("wuppertal-2016"), "/k/:slug/dokumentation.pdf"},
}

package web_test

import "github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"

// frozenAddresses are the addresses of the change requests.
var frozenAddresses = []addressCase{
	{post, urls.ChangeRequest("abc-_1"), "/r/:token/wechsel"},
	{post, urls.ChangeRequestHandled(3, 8), "/admin/editions/:id/change-requests/:request/handled"},
}

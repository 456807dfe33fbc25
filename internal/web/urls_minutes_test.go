package web_test

import "github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"

// minutesAddresses are the addresses of minutes of workshops and plenary items.
var minutesAddresses = []addressCase{
	{get, urls.WorkshopMinutes(3), "/admin/workshops/:id/minutes"},
	{post, urls.SessionMinutes(4), "/admin/sessions/:id/minutes"},
	{get, urls.AdminMinutes(5), "/admin/minutes/:id"},
	{post, urls.AdminMinutes(5), "/admin/minutes/:id"},
	{get, urls.MinutesRevisions(5), "/admin/minutes/:id/revisions"},
	{get, urls.MinutesRevision(5, 2), "/admin/minutes/:id/revisions/:n"},
	{post, urls.RestoreRevision(5, 2), "/admin/minutes/:id/revisions/:n/restore"},
	{post, urls.SubmitMinutes(5), "/admin/minutes/:id/submit"},
	{post, urls.ApproveMinutes(5), "/admin/minutes/:id/approve"},
	{post, urls.ReturnMinutes(5), "/admin/minutes/:id/return"},
	{get, urls.PublishMinutes(5), "/admin/minutes/:id/publish"},
	{post, urls.PublishMinutes(5), "/admin/minutes/:id/publish"},
	{get, urls.UnpublishMinutes(5), "/admin/minutes/:id/unpublish"},
	{post, urls.UnpublishMinutes(5), "/admin/minutes/:id/unpublish"},
	{post, urls.UploadMinutes(5), "/admin/minutes/:id/upload"},
	{get, urls.MinutesAttachment(5, 7), "/admin/minutes/:id/attachments/:file"},
	{get, urls.DeleteAttachment(5, 7), "/admin/minutes/:id/attachments/:file/delete"},
	{post, urls.DeleteAttachment(5, 7), "/admin/minutes/:id/attachments/:file/delete"},
	{get, urls.PublicAttachment("nrw-2016", 5, 7), "/k/:slug/protokolle/:id/anhang/:file"},
}

package web_test

import "github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"

// staffAddresses are the addresses of staff accounts, invitations and password links.
var staffAddresses = []addressCase{
	{get, urls.Staff(), "/admin/staff"},
	{get, urls.NewStaff(), "/admin/staff/new"},
	{get, urls.NewStaffFor(3), "/admin/staff/new"},
	{post, urls.NewStaff(), "/admin/staff/new"},
	{get, urls.StaffAccount(7), "/admin/staff/:id"},
	{post, urls.StaffAccount(7), "/admin/staff/:id"},
	{post, urls.StaffLink(7), "/admin/staff/:id/link"},
	{get, urls.DeactivateStaff(7), "/admin/staff/:id/deactivate"},
	{post, urls.DeactivateStaff(7), "/admin/staff/:id/deactivate"},
	{get, urls.ReactivateStaff(7), "/admin/staff/:id/reactivate"},
	{post, urls.ReactivateStaff(7), "/admin/staff/:id/reactivate"},
	{get, urls.Account("tok"), "/konto/:token"},
	{post, urls.Account("tok"), "/konto/:token"},
}

package web_test

import "github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"

// doorAddresses are the addresses of the check-in at the door.
var doorAddresses = []addressCase{
	{get, urls.DoorEditions(), "/admin/door"},
	{get, urls.DoorCode("abc-_1"), "/admin/door/:code"},
	{get, urls.Door(3), "/admin/editions/:id/door"},
	{get, urls.DoorDone(3, "x&y=z", 7, "in"), "/admin/editions/:id/door"},
	{post, urls.CheckIn(3, 7), "/admin/editions/:id/door/:registration"},
	{post, urls.UndoCheckIn(3, 7), "/admin/editions/:id/door/:registration/undo"},
	{get, urls.WalkIns(3), "/admin/editions/:id/walk-ins"},
	{post, urls.WalkIns(3), "/admin/editions/:id/walk-ins"},
}

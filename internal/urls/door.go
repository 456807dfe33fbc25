package urls

import "net/url"

// Check-in at the door: the pages organisers and door helpers use on a
// phone to mark people present.

// DoorEditions is a door helper's start page: the editions to check in for.
func DoorEditions() string { return Admin() + "/door" }

// Door is an edition's check-in page, where people are searched by name.
func Door(conferenceID int64) string { return AdminEdition(conferenceID) + "/door" }

// DoorDone is the check-in page after a mark: the search it came from, and
// which person was marked how (did is "in", "out" or "new"), for the message.
func DoorDone(conferenceID int64, q string, registrationID int64, did string) string {
	v := url.Values{"done": {id(registrationID)}, "did": {did}}
	if q != "" {
		v.Set("q", q)
	}
	return Door(conferenceID) + "?" + v.Encode()
}

// CheckIn is where a person is marked present.
func CheckIn(conferenceID, registrationID int64) string {
	return Door(conferenceID) + "/" + id(registrationID)
}

// UndoCheckIn is where a person's mark is cleared.
func UndoCheckIn(conferenceID, registrationID int64) string {
	return CheckIn(conferenceID, registrationID) + "/undo"
}

// WalkIns is the form that adds someone at the door, and where it is posted.
func WalkIns(conferenceID int64) string { return AdminEdition(conferenceID) + "/walk-ins" }

// DoorCode is a badge's check-in address: it shows the person with one
// button, after a door or organiser login.
func DoorCode(code string) string { return DoorEditions() + "/" + seg(code) }

// DoorFuncs are the door's builders as template functions, named as in Funcs.
func DoorFuncs() map[string]any {
	return map[string]any{
		"doorEditionsPath": DoorEditions,
		"doorPath":         Door,
		"checkInPath":      CheckIn,
		"undoCheckInPath":  UndoCheckIn,
		"walkInsPath":      WalkIns,
	}
}

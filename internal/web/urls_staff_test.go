package web_test

// staffAddresses are the addresses of staff accounts, invitations and password links.
var staffAddresses = []addressCase{}

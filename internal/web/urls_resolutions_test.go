package web_test

// resolutionAddresses are the addresses of resolutions (demands), amendments, votes and follow-ups.
var resolutionAddresses = []addressCase{}

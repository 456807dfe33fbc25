package web_test

// minutesAddresses are the addresses of minutes of workshops and plenary items.
var minutesAddresses = []addressCase{}

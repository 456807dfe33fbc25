package web_test

// uploadAddresses are the addresses of attachments and uploads.
var uploadAddresses = []addressCase{}

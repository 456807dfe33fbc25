package urls

// The public read API: JSON for municipal websites, under one versioned
// prefix so that a later, incompatible version can live beside it.

// API is the prefix of the public read API.
func API() string { return "/api/v1" }

// APISeriesList is every series with its published editions.
func APISeriesList() string { return API() + "/series" }

// APISeries is one series with its published editions.
func APISeries(slug string) string { return APISeriesList() + "/" + seg(slug) }

// APIEdition is a published edition with its programme.
func APIEdition(slug string) string { return API() + "/editions/" + seg(slug) }

// APIEditionMinutes is a published edition's published minutes.
func APIEditionMinutes(slug string) string { return APIEdition(slug) + "/minutes" }

// APIEditionResolutions is a published edition's adopted demands.
func APIEditionResolutions(slug string) string { return APIEdition(slug) + "/resolutions" }

// APIResolution is one adopted demand with its follow-ups.
func APIResolution(resolutionID int64) string { return API() + "/resolutions/" + id(resolutionID) }

// APIOpenAPI is the API's description as an OpenAPI document.
func APIOpenAPI() string { return API() + "/openapi.json" }

package pdf

// sameBytes makes the same data give the same file, so that a document's
// ETag holds while nothing changed and a reprint is byte for byte the
// first print: fpdf writes its fonts and images from maps, in an order
// that changes from run to run, unless told to sort them. (It also dates
// every file when Meta.Created is zero; callers that want the same bytes
// give a date of their data.)
func sameBytes(d *Doc) { d.f.SetCatalogSort(true) }

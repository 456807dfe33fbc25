package urls

// Documentation is an edition's documentation, a PDF of what its public
// page shows: programme, published minutes, adopted demands and counts.
func Documentation(slug string) string { return Conference(slug) + "/dokumentation.pdf" }

// DocumentationFuncs are the documentation's builders as template
// functions, named as Funcs names its own.
func DocumentationFuncs() map[string]any {
	return map[string]any{"documentationPath": Documentation}
}

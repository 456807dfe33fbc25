package web

import "net/http"

// headAsGet answers HEAD as GET without the body, on every route: monitors
// and link checkers send HEAD, and Gin only routes the methods a route is
// registered for. Rewriting the method before routing covers every GET
// route, present and future, without registering each twice.
func headAsGet(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		get := r.Clone(r.Context())
		get.Method = http.MethodGet
		next.ServeHTTP(headWriter{w}, get)
	})
}

// headWriter sends a response's status and headers but not its body.
type headWriter struct{ http.ResponseWriter }

// Write drops the body, as a HEAD response has none.
func (w headWriter) Write(p []byte) (int, error) { return len(p), nil }

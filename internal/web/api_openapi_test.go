package web_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/urls"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/web"
)

// The OpenAPI document served by the API is JSON of OpenAPI 3.1 that
// describes every GET route under /api/v1 and nothing else, each with its
// path parameters, and every reference in it leads somewhere.
func TestOpenAPIDescribesTheAPI(t *testing.T) {
	app, err := web.NewApp(nil, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BaseURL: "http://example.test"})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, app.Handler())
	var doc struct {
		OpenAPI string `json:"openapi"`
		Servers []struct{ URL string }
		Paths   map[string]map[string]struct {
			Parameters []struct {
				Ref  string `json:"$ref"`
				Name string
				In   string
			}
			Responses map[string]json.RawMessage
		}
	}
	res := apiGet(t, c, urls.APIOpenAPI(), http.StatusOK, &doc)
	if doc.OpenAPI != "3.1.0" || len(doc.Servers) != 1 || doc.Servers[0].URL != urls.API() {
		t.Errorf("openapi %q, servers %+v", doc.OpenAPI, doc.Servers)
	}
	var documented []string
	param := regexp.MustCompile(`\{(\w+)\}`)
	for path, ops := range doc.Paths {
		route := urls.API() + param.ReplaceAllString(path, ":$1")
		documented = append(documented, route)
		for method, op := range ops {
			if method != "get" {
				t.Errorf("%s: method %s; the API only reads", path, method)
			}
			if _, ok := op.Responses["200"]; !ok {
				t.Errorf("%s: no 200 response", path)
			}
			var names []string
			for _, p := range op.Parameters {
				if p.Ref == "#/components/parameters/Slug" {
					names = append(names, "slug")
				} else if p.In == "path" {
					names = append(names, p.Name)
				}
			}
			var want []string
			for _, m := range param.FindAllStringSubmatch(path, -1) {
				want = append(want, m[1])
			}
			if !slices.Equal(names, want) {
				t.Errorf("%s: path parameters %v, want %v", path, names, want)
			}
		}
	}
	var routed []string
	for _, r := range app.Router().Routes() {
		if r.Method == http.MethodGet && strings.HasPrefix(r.Path, urls.API()+"/") {
			routed = append(routed, r.Path)
		}
	}
	slices.Sort(documented)
	slices.Sort(routed)
	if !slices.Equal(documented, routed) {
		t.Errorf("documented paths %v\nrouted GET paths %v", documented, routed)
	}

	// Every $ref names a component the document has.
	var whole map[string]any
	if err := json.Unmarshal([]byte(res.Body), &whole); err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`"\$ref":\s*"#/([^"]+)"`).FindAllStringSubmatch(res.Body, -1)
	if len(refs) == 0 {
		t.Fatal("no references")
	}
	for _, m := range refs {
		var node any = whole
		for _, part := range strings.Split(m[1], "/") {
			obj, ok := node.(map[string]any)
			if !ok {
				node = nil
				break
			}
			node = obj[part]
		}
		if node == nil {
			t.Errorf("$ref #/%s leads nowhere", m[1])
		}
	}
}

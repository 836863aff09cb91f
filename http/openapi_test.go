package http

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-talks/parley/http/internal/schematest"
)

// The tests in openapi*_test.go keep openapi.json true: it describes
// exactly the operations the server registers (api and publicAPI), and
// what a real server answers matches the schemas it gives, property for
// property. The schemas are checked with package schematest.

var (
	compact  = schematest.Compact
	describe = schematest.Describe
)

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// loadOpenAPI decodes the embedded document, numbers as json.Number.
func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(openAPIDocument))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	if dec.More() {
		t.Fatalf("openapi.json holds more than one JSON value")
	}
	return doc
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// docOperation is one operation of the document.
type docOperation struct {
	method, path string         // "GET", "/api/v1/talks/{talks}"
	op, item     map[string]any // the operation and its path item
}

func (o docOperation) String() string { return o.method + " " + o.path }

// operations returns the document's operations by "METHOD path".
func operations(doc map[string]any) map[string]docOperation {
	out := map[string]docOperation{}
	paths, _ := doc["paths"].(map[string]any)
	for path, v := range paths {
		item, _ := v.(map[string]any)
		for _, m := range httpMethods {
			if op, ok := item[m].(map[string]any); ok {
				o := docOperation{method: strings.ToUpper(m), path: path, op: op, item: item}
				out[o.String()] = o
			}
		}
	}
	return out
}

// parameters returns the operation's parameters by "in:name", the
// operation's own overriding its path item's.
func parameters(doc map[string]any, o docOperation) (map[string]map[string]any, error) {
	out := map[string]map[string]any{}
	for _, list := range []any{o.item["parameters"], o.op["parameters"]} {
		ps, _ := list.([]any)
		for _, p := range ps {
			pm, err := schematest.Deref(doc, p)
			if err != nil {
				return nil, err
			}
			out[fmt.Sprint(pm["in"], ":", pm["name"])] = pm
		}
	}
	return out, nil
}

// templateParams returns the {names} of a path template.
func templateParams(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			out = append(out, seg[1:len(seg)-1])
		}
	}
	return out
}

// isPublic reports whether a security requirement list lets anyone in.
func isPublic(sec any) bool {
	list, _ := sec.([]any)
	if len(list) == 0 {
		return true
	}
	for _, req := range list {
		if m, ok := req.(map[string]any); ok && len(m) == 0 {
			return true // {} makes authentication optional
		}
	}
	return false
}

func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	doc := loadOpenAPI(t)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.") {
		t.Errorf("openapi: got %q, want a version starting with \"3.\"", v)
	}
	if _, ok := doc["info"].(map[string]any); !ok {
		t.Errorf("info: got none, want the info object")
	}

	// Every $ref resolves.
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				if _, err := schematest.Resolve(doc, ref); err != nil {
					t.Errorf("%s: %v", at, err)
				}
			}
			for k, e := range x {
				walk(e, at+"/"+k)
			}
		case []any:
			for i, e := range x {
				walk(e, at+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(doc, "#")

	// Every schema uses only keywords the validator below checks, so that
	// none of the document's promises goes untested.
	var checkKeywords func(s any, at string)
	checkKeywords = func(s any, at string) {
		m, ok := s.(map[string]any)
		if !ok {
			return
		}
		for _, k := range sortedKeys(m) {
			if !schematest.Known(k) {
				t.Errorf("%s: got schema keyword %q, want only those the test's validator checks", at, k)
			}
		}
		props, _ := m["properties"].(map[string]any)
		for _, name := range sortedKeys(props) {
			checkKeywords(props[name], at+"/properties/"+name)
		}
		alts, _ := m["oneOf"].([]any)
		for i, alt := range alts {
			checkKeywords(alt, fmt.Sprintf("%s/oneOf/%d", at, i))
		}
		checkKeywords(m["items"], at+"/items")
		checkKeywords(m["additionalProperties"], at+"/additionalProperties")
	}
	var findSchemas func(v any, at string)
	findSchemas = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			for _, k := range sortedKeys(x) {
				if k == "schema" {
					checkKeywords(x[k], at+"/schema")
				} else {
					findSchemas(x[k], at+"/"+k)
				}
			}
		case []any:
			for i, e := range x {
				findSchemas(e, fmt.Sprintf("%s/%d", at, i))
			}
		}
	}
	findSchemas(doc["paths"], "#/paths")
	findSchemas(doc["components"], "#/components")
	components, _ := doc["components"].(map[string]any)
	schemas, _ := components["schemas"].(map[string]any)
	for _, name := range sortedKeys(schemas) {
		checkKeywords(schemas[name], "#/components/schemas/"+name)
	}

	ops := operations(doc)
	ids := map[string]string{}
	for _, name := range sortedKeys(ops) {
		o := ops[name]
		id, _ := o.op["operationId"].(string)
		if id == "" {
			t.Errorf("%s: got no operationId, want one", name)
		} else if other, dup := ids[id]; dup {
			t.Errorf("%s: got operationId %q, want one that %s does not have too", name, id, other)
		}
		ids[id] = name

		// The path parameters declared are those of the template.
		params, err := parameters(doc, o)
		if err != nil {
			t.Errorf("%s: parameters: %v", name, err)
			continue
		}
		var declared []string
		for _, p := range params {
			if p["in"] == "path" {
				declared = append(declared, fmt.Sprint(p["name"]))
				if p["required"] != true {
					t.Errorf("%s: path parameter %v: got required %v, want true", name, p["name"], p["required"])
				}
			}
		}
		want := templateParams(o.path)
		slices.Sort(declared)
		slices.Sort(want)
		if !slices.Equal(declared, want) {
			t.Errorf("%s: got path parameters %q, want %q", name, declared, want)
		}

		// Every error response is an Error.
		responses, _ := o.op["responses"].(map[string]any)
		if len(responses) == 0 {
			t.Errorf("%s: got no responses, want some", name)
		}
		for code, r := range responses {
			if code < "400" {
				continue
			}
			rm, err := schematest.Deref(doc, r)
			if err != nil {
				t.Errorf("%s %s: %v", name, code, err)
				continue
			}
			schema := mediaSchema(rm, "application/json")
			if ref, _ := schema["$ref"].(string); ref != "#/components/schemas/Error" {
				t.Errorf("%s %s: got schema %v, want a $ref to #/components/schemas/Error", name, code, schema)
			}
		}
	}
}

// mediaSchema returns the schema of a response's or request body's media
// type, or nil.
func mediaSchema(r map[string]any, mediaType string) map[string]any {
	content, _ := r["content"].(map[string]any)
	media, _ := content[mediaType].(map[string]any)
	schema, _ := media["schema"].(map[string]any)
	return schema
}

func TestOpenAPICoversRoutes(t *testing.T) {
	t.Parallel()
	doc := loadOpenAPI(t)
	got := operations(doc)
	want := map[string]route{}
	for _, rt := range NewServer(nil, nil).routes {
		want[rt.method+" "+rt.pattern] = rt
	}
	for _, name := range sortedKeys(want) {
		if _, ok := got[name]; !ok {
			t.Errorf("openapi.json: got no operation %s, want one: the server registers it", name)
		}
	}
	for _, name := range sortedKeys(got) {
		rt, ok := want[name]
		if !ok {
			t.Errorf("openapi.json: got operation %s, want none: the server does not register it", name)
			continue
		}
		sec, own := got[name].op["security"]
		if !own {
			sec = doc["security"]
		}
		docPublic := isPublic(sec)
		if docPublic != rt.public {
			word := map[bool]string{true: "public", false: "bearer token required"}
			t.Errorf("openapi.json: %s: got security %s, want %s as the server registers it", name, word[docPublic], word[rt.public])
		}
	}
}

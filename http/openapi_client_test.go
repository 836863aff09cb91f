package http

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/parley-talks/parley/http/internal/schematest"
	"github.com/parley-talks/parley/seal"
)

// apiTest calls a running server and checks every exchange against the
// document: the operation exists, the request body and parameters match
// it, the status is one it lists, and the response body matches the
// schema it gives for that status.
type apiTest struct {
	t   *testing.T
	url string
	doc map[string]any
	ops map[string]docOperation
	v   *schematest.Validator
	// succeeded has the operations answered with a 2xx status.
	succeeded map[string]bool
	// headers are sent with every request (see withHeaders); each must be
	// a header parameter of the operation.
	headers map[string]string
}

func newAPITest(t *testing.T, url string) *apiTest {
	doc := loadOpenAPI(t)
	return &apiTest{t: t, url: url, doc: doc, ops: operations(doc), v: schematest.New(doc), succeeded: map[string]bool{}}
}

// with returns the apiTest reporting to t (a subtest), sharing the record
// of the operations that succeeded.
func (a *apiTest) with(t *testing.T) *apiTest {
	b := *a
	b.t = t
	return &b
}

// withHeaders returns the apiTest sending the given headers too.
func (a *apiTest) withHeaders(h map[string]string) *apiTest {
	b := *a
	b.headers = h
	return &b
}

// markdownBody is a request body sent as text/markdown.
type markdownBody string

// operationFor finds the operation a request is for as Go's ServeMux
// would: among the templates of the method that match, the one with the
// most literal segments.
func (a *apiTest) operationFor(method, path string) (docOperation, map[string]string, bool) {
	segs := strings.Split(path, "/")
	var best docOperation
	var bestVals map[string]string
	bestLit := -1
	for _, o := range a.ops {
		if o.method != method {
			continue
		}
		ts := strings.Split(o.path, "/")
		if len(ts) != len(segs) {
			continue
		}
		lit, vals, match := 0, map[string]string{}, true
		for i, seg := range ts {
			if strings.HasPrefix(seg, "{") {
				if segs[i] == "" {
					match = false
				}
				vals[seg[1:len(seg)-1]] = segs[i]
				continue
			}
			if seg != segs[i] {
				match = false
				break
			}
			lit++
		}
		if match && lit > bestLit {
			best, bestVals, bestLit = o, vals, lit
		}
	}
	return best, bestVals, bestLit >= 0
}

// paramValue turns a path or query parameter into the JSON value a schema
// can check: a whole number, a boolean or a string.
func paramValue(s string) any {
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return json.Number(s)
	}
	if b, err := strconv.ParseBool(s); err == nil && (s == "true" || s == "false") {
		return b
	}
	return s
}

// call sends a request as the holder of token ("" for none) and fails the
// test unless the status is want. It returns the decoded JSON body (numbers
// as json.Number), the body as a string for other media types, or nil.
func (a *apiTest) call(token, method, target string, body any, want int) any {
	a.t.Helper()
	v, _ := a.callAny(token, method, target, body, want)
	return v
}

// callAny is call for a request that may answer any of the statuses in
// want; it returns the status too.
func (a *apiTest) callAny(token, method, target string, body any, want ...int) (any, int) {
	t := a.t
	t.Helper()
	success := want[0] < 300
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	o, pathVals, ok := a.operationFor(method, u.Path)
	if !ok {
		t.Fatalf("%s %s: openapi.json has no operation for it", method, u.Path)
	}
	name := o.String()
	where := fmt.Sprintf("%s (%s %s)", name, method, target)
	params, err := parameters(a.doc, o)
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}

	var rd io.Reader
	var contentType string
	if body != nil {
		rb, err := schematest.Deref(a.doc, o.op["requestBody"])
		if err != nil {
			t.Fatalf("%s: got a request body, but openapi.json describes none: %v", where, err)
		}
		switch b := body.(type) {
		case markdownBody:
			contentType = "text/markdown"
			if mediaSchema(rb, contentType) == nil {
				t.Errorf("%s request: got a text/markdown body, which openapi.json does not list", where)
			}
			rd = strings.NewReader(string(b))
		default:
			contentType = "application/json"
			raw, err := json.Marshal(b)
			if err != nil {
				t.Fatal(err)
			}
			schema := mediaSchema(rb, contentType)
			if schema == nil {
				t.Errorf("%s request: got a JSON body, which openapi.json does not list", where)
			} else if success {
				a.report(where+" request body", a.v.Validate(schema, decodeJSON(t, raw)))
			}
			rd = bytes.NewReader(raw)
		}
	}
	for key := range u.Query() {
		if params["query:"+key] == nil {
			t.Errorf("%s: got query parameter %q, which openapi.json does not list", where, key)
		}
	}

	req, err := http.NewRequest(method, a.url+target, rd)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range a.headers {
		if params["header:"+k] == nil {
			t.Errorf("%s: got header %q, which openapi.json does not list", where, k)
		}
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(want, resp.StatusCode) {
		t.Fatalf("%s: got status %d, want %s; body %s", where, resp.StatusCode, strings.Trim(fmt.Sprint(want), "[]"), raw)
	}

	// On success, the parameters sent are ones the document allows.
	if resp.StatusCode < 300 {
		for pname, val := range pathVals {
			p := params["path:"+pname]
			if p == nil {
				t.Errorf("%s: got path parameter %q, which openapi.json does not list", where, pname)
				continue
			}
			schema, _ := p["schema"].(map[string]any)
			for _, e := range a.v.Validate(schema, paramValue(val)) {
				t.Errorf("%s path parameter %s: %s", where, pname, e)
			}
		}
		for key, vals := range u.Query() {
			if p := params["query:"+key]; p != nil {
				schema, _ := p["schema"].(map[string]any)
				for _, e := range a.v.Validate(schema, paramValue(vals[0])) {
					t.Errorf("%s query parameter %s: %s", where, key, e)
				}
			}
		}
	}

	responses, _ := o.op["responses"].(map[string]any)
	r, ok := responses[strconv.Itoa(resp.StatusCode)]
	if !ok {
		r, ok = responses["default"]
	}
	if !ok {
		t.Errorf("%s: got status %d, which openapi.json does not list for the operation", where, resp.StatusCode)
		return nil, resp.StatusCode
	}
	rm, err := schematest.Deref(a.doc, r)
	if err != nil {
		t.Fatalf("%s %d: %v", where, resp.StatusCode, err)
	}
	headers, _ := rm["headers"].(map[string]any)
	for h := range headers {
		if resp.Header.Get(h) == "" {
			t.Errorf("%s %d: got no %s header, want one as openapi.json says", where, resp.StatusCode, h)
		}
	}
	if resp.StatusCode < 300 {
		a.succeeded[name] = true
	}
	content, _ := rm["content"].(map[string]any)
	if len(content) == 0 {
		if len(raw) != 0 {
			t.Errorf("%s %d: got a body %q, want none as openapi.json says", where, resp.StatusCode, raw)
		}
		return nil, resp.StatusCode
	}
	mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil {
		t.Errorf("%s %d: got Content-Type %q: %v", where, resp.StatusCode, resp.Header.Get("Content-Type"), err)
		return nil, resp.StatusCode
	}
	schema := mediaSchema(rm, mt)
	if schema == nil {
		t.Errorf("%s %d: got Content-Type %s, want one of %q", where, resp.StatusCode, mt, sortedKeys(content))
		return nil, resp.StatusCode
	}
	var val any = string(raw)
	if mt == "application/json" {
		val = decodeJSON(t, raw)
	}
	a.report(fmt.Sprintf("%s %d response", where, resp.StatusCode), a.v.Validate(schema, val))
	return val, resp.StatusCode
}

// report fails the test with the first few mismatches of one exchange.
func (a *apiTest) report(what string, errs []string) {
	a.t.Helper()
	const max = 8
	for i, e := range errs {
		if i == max {
			a.t.Errorf("%s: … and %d more mismatches", what, len(errs)-max)
			break
		}
		a.t.Errorf("%s: %s", what, e)
	}
}

func decodeJSON(t *testing.T, raw []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("got a body that is not JSON: %v: %s", err, raw)
	}
	if dec.More() {
		t.Fatalf("got a body with more than one JSON value: %s", raw)
	}
	return v
}

// at returns the part of a decoded JSON value at a path of object keys and
// array indexes.
func at(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %q: got %s, want an object", k, describe(v))
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				t.Fatalf("at [%d]: got %s, want an array that long", k, describe(v))
			}
			v = l[k]
		}
	}
	return v
}

func atInt(t *testing.T, v any, path ...any) int64 {
	t.Helper()
	n, ok := at(t, v, path...).(json.Number)
	if !ok {
		t.Fatalf("at %v: got %s, want a number", path, describe(at(t, v, path...)))
	}
	i, err := n.Int64()
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// markable returns the IDs of a draft's points of kind point.
func markable(t *testing.T, draft any) []int64 {
	t.Helper()
	var ids []int64
	for i, p := range at(t, draft, "points").([]any) {
		if at(t, p, "kind") == "point" {
			ids = append(ids, atInt(t, draft, "points", i, "id"))
		}
	}
	if len(ids) == 0 {
		t.Fatalf("the draft has no points to mark")
	}
	return ids
}

// unsealIdentity opens an age identity sealed under a passphrase, as a
// member's client does.
func unsealIdentity(t *testing.T, sealed any, passphrase string) *age.X25519Identity {
	t.Helper()
	s, ok := sealed.(string)
	if !ok {
		t.Fatalf("got sealed identity %s, want a string", describe(sealed))
	}
	pass, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := seal.DecryptMessage(s, pass)
	if err != nil {
		t.Fatalf("opening the sealed identity: %v", err)
	}
	id, err := age.ParseX25519Identity(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatalf("the sealed identity: %v", err)
	}
	return id
}

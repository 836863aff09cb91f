package http

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
)

// Reading requests: JSON bodies, path and query parameters, credentials.
// What a request gets wrong is a *parley.Error naming the field.

// decode reads a JSON request body into v, refusing unknown fields, bodies
// over MaxBodySize and trailing data.
func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return parley.Invalid("Content-Type", "send the body as application/json")
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, MaxBodySize))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return parley.Invalid("body", "the body holds more than one JSON value")
	}
	return nil
}

// jsonError turns a decoding error into an EINVALID error naming the field.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &syntax):
		return parley.Invalid("body", "malformed JSON at byte %d", syntax.Offset)
	case errors.As(err, &typ):
		return parley.Invalid(typ.Field, "%s must be a JSON %s", typ.Field, typ.Type.Kind())
	case errors.As(err, &tooBig):
		return parley.Invalid("body", "the body is larger than %d bytes", MaxBodySize)
	case errors.Is(err, io.EOF):
		return parley.Invalid("body", "the body is empty")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return parley.Invalid(field, "unknown field %q", field)
	default:
		return parley.Invalid("body", "malformed JSON: %v", err)
	}
}

// readBody reads a request body of any type, up to MaxBodySize.
func readBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxBodySize))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, parley.Invalid("body", "the body is larger than %d bytes", MaxBodySize)
	}
	return b, err
}

// pathID reads a positive integer path parameter. Anything else names no
// object, so it is not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, parley.NotFound(name)
	}
	return id, nil
}

// pathIDs reads {talks} and a second ID path parameter, such as
// {decision} or {message}.
func pathIDs(r *http.Request, name string) (int64, int64, error) {
	id, err := pathID(r, "talks")
	if err != nil {
		return 0, 0, err
	}
	second, err := pathID(r, name)
	if err != nil {
		return 0, 0, err
	}
	return id, second, nil
}

// draftNumber reads the {n} path parameter: a draft number, or "working".
func draftNumber(r *http.Request) (int, error) {
	v := r.PathValue("n")
	if v == "working" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, parley.NotFound("draft")
	}
	return n, nil
}

// draftPath reads {talks} and {n}; n is 0 for the working draft.
func draftPath(r *http.Request) (int64, int, error) {
	id, err := pathID(r, "talks")
	if err != nil {
		return 0, 0, err
	}
	n, err := draftNumber(r)
	if err != nil {
		return 0, 0, err
	}
	return id, n, nil
}

// tabledDraftPath reads {talks} and a tabled draft's {n}.
func tabledDraftPath(r *http.Request) (int64, int, error) {
	id, err := pathID(r, "talks")
	if err != nil {
		return 0, 0, err
	}
	n, err := draftNumber(r)
	if err != nil || n == 0 {
		return 0, 0, parley.NotFound("draft")
	}
	return id, n, nil
}

// queryInt reads a required integer query parameter.
func queryInt(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, parley.Invalid(name, "the query parameter %s is required", name)
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, parley.Invalid(name, "%s must be a whole number", name)
	}
	return n, nil
}

// draftRange reads {talks} and the ?from=N&to=M of a comparison.
func draftRange(r *http.Request) (id int64, from, to int, err error) {
	if id, err = pathID(r, "talks"); err != nil {
		return 0, 0, 0, err
	}
	if from, err = queryInt(r, "from"); err != nil {
		return 0, 0, 0, err
	}
	if to, err = queryInt(r, "to"); err != nil {
		return 0, 0, 0, err
	}
	return id, from, to, nil
}

// wantsMarkdown reports whether the client asked for Markdown, by
// ?format=markdown or an Accept header naming text/markdown first.
func wantsMarkdown(r *http.Request) bool {
	if f := r.URL.Query().Get("format"); f != "" {
		return f == "markdown" || f == "md"
	}
	return strings.HasPrefix(r.Header.Get("Accept"), "text/markdown")
}

// bearerToken is the token of an "Authorization: Bearer …" header.
func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// clientAddress is the client's IP address, for sign-in rate limits.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

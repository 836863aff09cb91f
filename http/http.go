// Package http serves Parley over HTTP: the JSON API under /api/v1, as
// described by the OpenAPI document it serves at /api/v1/openapi.json.
//
// Every handler is thin: it decodes the request, calls the workspace, and
// writes the result through writeJSON or writeError. Which status an error
// gets is decided in one table, statusOf.
package http

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// MaxBodySize is the largest request body accepted.
const MaxBodySize = 4 << 20

// Server is Parley's HTTP handler.
type Server struct {
	ws     *workspace.Service
	log    *slog.Logger
	mux    *http.ServeMux
	routes []route
	web    *web
}

// route is one API operation; the list of them is the API.
type route struct {
	method, pattern string
	handler         func(w http.ResponseWriter, r *http.Request) error
	public          bool // served without a signed-in account
}

// NewServer returns the handler for ws, logging to log.
func NewServer(ws *workspace.Service, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{ws: ws, log: log, mux: http.NewServeMux(), web: newWeb()}
	s.routes = s.apiRoutes()
	for _, rt := range s.routes {
		s.mux.Handle(rt.method+" "+rt.pattern, s.handle(rt))
	}
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, parley.NotFound("API route"))
	})
	s.pageRoutes()
	return s
}

// ServeHTTP implements http.Handler. Each request is logged with its
// method, path, status and duration; never with its body.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	w = sw
	defer func() {
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "duration", time.Since(start))
	}()
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
			s.writeError(w, r, errors.New("panic"))
		}
	}()
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if r.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	s.mux.ServeHTTP(w, r)
}

// Routes lists the API's operations as "METHOD /pattern", in the order they
// are declared.
func (s *Server) Routes() []string {
	out := make([]string, len(s.routes))
	for i, rt := range s.routes {
		out[i] = rt.method + " " + rt.pattern
	}
	return out
}

// statusWriter remembers the status of a response, for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// handle wraps an API handler: it authenticates the bearer token and turns
// a returned error into its JSON error response.
func (s *Server) handle(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !rt.public {
			a, err := s.ws.Authenticate(r.Context(), bearerToken(r))
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			r = r.WithContext(workspace.WithAccount(r.Context(), a.ID))
		}
		if err := rt.handler(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

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

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[string]int{
	parley.EINVALID:      http.StatusBadRequest,
	parley.EUNAUTHORIZED: http.StatusUnauthorized,
	parley.EFORBIDDEN:    http.StatusForbidden,
	parley.ENOTFOUND:     http.StatusNotFound,
	parley.ECONFLICT:     http.StatusConflict,
	parley.ETOOMANY:      http.StatusTooManyRequests,
	parley.EINTERNAL:     http.StatusInternalServerError,
}

// ErrorBody is the JSON body of every error response.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := parley.ErrorCode(err)
	if code == parley.EINTERNAL {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	switch code {
	case parley.EUNAUTHORIZED:
		w.Header().Set("WWW-Authenticate", `Bearer realm="parley"`)
	case parley.ETOOMANY:
		w.Header().Set("Retry-After", strconv.Itoa(int(workspace.SignInWindow.Seconds())))
	}
	var body ErrorBody
	body.Error.Code, body.Error.Message, body.Error.Field = code, parley.ErrorMessage(err), parley.ErrorField(err)
	writeJSON(w, statusOf[code], body)
}

// writeJSON is the one way a JSON response is written.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

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

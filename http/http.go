// Package http serves Parley over HTTP: the JSON API under /api/v1 (as
// described by the OpenAPI document it serves at /api/v1/openapi.json),
// the server-rendered pages of the web workspace, the live updates those
// pages listen to (server-sent events), and the embedded static assets.
//
// The package is laid out one file per resource. Each of talks.go,
// drafts.go, stances.go, decisions.go, analysis.go, messages.go,
// record.go (meetings, statements, itineraries and the timeline),
// invitations.go (invitations, members' roles and removal, and the
// invitation link's page), settings.go (the New talks form and the talks'
// settings page), audit.go, accounts.go, admin.go (administration),
// reset.go (password links) and session.go (signing in and out) holds its
// resource's API handlers, its pages and a registerX method that adds
// both to the server's routes. This file holds the server, the one table
// from error codes to HTTP statuses, and the one way each kind of response
// (JSON, HTML page, file) is written; request.go reads requests; web.go
// loads the templates and static assets and wraps the pages (session
// cookie, anti-forgery token); events.go streams live updates.
//
// Every handler is thin: it reads the request, calls the workspace, and
// writes the result; a returned error becomes an API error body or an
// error page with the status statusOf gives its code.
package http

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// MaxBodySize is the largest request body accepted.
const MaxBodySize = 4 << 20

// Server is Parley's HTTP handler.
type Server struct {
	ws  *workspace.Service
	log *slog.Logger
	mux *http.ServeMux
	// handler is mux behind compression (compress.go).
	handler http.Handler
	routes  []route
	pages   []string // the pages' patterns (Pages)
	web     *web
	obs     Observer // told of each request served, if not nil (Observe)
	// closing is closed when the live-update streams must end
	// (CloseStreams).
	closing   chan struct{}
	closeOnce sync.Once
	// publicURL, if set, is the WebAuthn relying party (SetPublicURL).
	publicURL *url.URL
}

// apiFunc is an API handler: what it returns, the server writes as an
// error response.
type apiFunc func(w http.ResponseWriter, r *http.Request) error

// pageFunc is a page handler: it gets the page being built (the account,
// the anti-forgery token), and what it returns, the server renders as an
// error page.
type pageFunc func(w http.ResponseWriter, r *http.Request, p *page) error

// route is one API operation; the list of them is the API.
type route struct {
	method, pattern string
	handler         apiFunc
	public          bool // served without a signed-in account
}

// NewServer returns the handler for ws, logging to log.
func NewServer(ws *workspace.Service, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{ws: ws, log: log, mux: http.NewServeMux(), web: theWeb(), closing: make(chan struct{})}
	// The order of the API operations is that of Routes, which the
	// policy test replays in order.
	s.registerSession()
	s.registerSetup()
	s.registerAccounts()
	s.registerPasskeys()
	s.registerAdmin()
	s.registerReset()
	s.registerOpenAPI()
	s.registerTalks()
	s.registerInvitations()
	s.registerSettings()
	s.registerDrafts()
	s.registerStances()
	s.registerMarking()
	s.registerCarryover()
	s.registerAmendments()
	s.registerComments()
	s.registerDecisions()
	s.registerTranslations()
	s.registerAnalysis()
	s.registerSettlement()
	s.registerWording()
	s.registerGuided()
	s.registerRecord()
	s.registerAudit()
	s.registerMessages()
	s.registerEvents()
	s.registerWeb()
	s.registerHealth()
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, parley.NotFound("API route"))
	})
	s.handler = compressed(s.mux)
	return s
}

// api registers an API operation, "METHOD /pattern", served to a caller
// with a bearer token.
func (s *Server) api(pattern string, h apiFunc) { s.addRoute(pattern, h, false) }

// publicAPI registers an API operation served to anyone.
func (s *Server) publicAPI(pattern string, h apiFunc) { s.addRoute(pattern, h, true) }

func (s *Server) addRoute(pattern string, h apiFunc, public bool) {
	method, path, _ := strings.Cut(pattern, " ")
	rt := route{method: method, pattern: path, handler: h, public: public}
	s.routes = append(s.routes, rt)
	s.mux.Handle(pattern, s.handle(rt))
}

// page registers a page, "METHOD /pattern", served to a signed-in
// browser; any other is sent to the sign-in page.
func (s *Server) page(pattern string, h pageFunc) {
	s.pages = append(s.pages, pattern)
	s.mux.Handle(pattern, s.pageHandler(false, h))
}

// publicPage registers a page served to anyone.
func (s *Server) publicPage(pattern string, h pageFunc) {
	s.pages = append(s.pages, pattern)
	s.mux.Handle(pattern, s.pageHandler(true, h))
}

// Pages lists the pages' routes, "METHOD /pattern", in the order they
// were registered: the pages' policy matrix visits each.
func (s *Server) Pages() []string { return slices.Clone(s.pages) }

// asPage serves an API handler that needs nothing of the page, such as a
// file download, to a signed-in browser.
func asPage(h apiFunc) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, _ *page) error { return h(w, r) }
}

// ServeHTTP implements http.Handler. Each request is logged with its
// method, path, status and duration; never with its body.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now() // a duration to log, not a time of the workspace's
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	w = sw
	defer func() {
		s.log.Info("request", "method", r.Method, "path", logPath(r.URL.Path), "status", sw.status, "duration", time.Since(start))
		s.observe(r, sw.status, time.Since(start))
	}()
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic serving request", "method", r.Method, "path", logPath(r.URL.Path), "panic", fmt.Sprint(v))
			s.writeError(w, r, errors.New("panic"))
		}
	}()
	setSecurityHeaders(w.Header(), r.TLS != nil)
	s.handler.ServeHTTP(w, r)
}

// logPath is a request's path as the log shows it: the token of a
// one-time link (/setup/…, /reset/…) is left out, so that whoever reads
// the log cannot use a link not yet used.
func logPath(p string) string {
	for _, prefix := range []string{"/setup/", "/reset/"} {
		if strings.HasPrefix(p, prefix) && len(p) > len(prefix) {
			return prefix + "…"
		}
	}
	return p
}

// setSecurityHeaders sets the headers every response carries: no
// sniffing, no referrer, no caching, no framing, scripts and styles from
// this site only.
func setSecurityHeaders(h http.Header, tls bool) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if tls {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
}

// Routes lists the API's operations as "METHOD /pattern", in the order they
// are registered.
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
			a, method, err := s.ws.AuthenticateSession(r.Context(), bearerToken(r))
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			r = r.WithContext(workspace.WithSignInMethod(workspace.WithAccount(r.Context(), a.ID), method))
		}
		if err := rt.handler(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
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

// logInternal logs an error that is not a Parley error (or is an
// internal one); the caller is shown only "internal error".
func (s *Server) logInternal(r *http.Request, err error) {
	if parley.ErrorCode(err) == parley.EINTERNAL {
		s.log.Error("internal error", "method", r.Method, "path", logPath(r.URL.Path), "err", err)
	}
}

// ErrorBody is the JSON body of every error response.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

// statusClientClosed is the status logged for a request whose client gave
// up before it was answered (nginx's 499): the client's doing, not an
// internal error.
const statusClientClosed = 499

// clientGone reports whether err comes of the request's client having
// gone: its context ended.
func clientGone(r *http.Request, err error) bool {
	return r.Context().Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
}

// writeError is the one way an API error is written.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if clientGone(r, err) {
		w.WriteHeader(statusClientClosed)
		return
	}
	s.logInternal(r, err)
	code := parley.ErrorCode(err)
	switch code {
	case parley.EUNAUTHORIZED:
		w.Header().Set("WWW-Authenticate", `Bearer realm="parley"`)
	case parley.ETOOMANY:
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(err)))
	}
	var body ErrorBody
	body.Error.Code, body.Error.Message, body.Error.Field = code, parley.Translate(err, s.printerFor(r).Sprintf), parley.ErrorField(err)
	writeJSON(w, statusOf[code], body)
}

// retryAfterSeconds is when a caller refused for too many attempts may
// try again, in whole seconds, at least one.
func retryAfterSeconds(err error) int {
	d := workspace.RetryAfter(err)
	if d <= 0 {
		d = workspace.SignInWindow
	}
	return max(1, int((d+time.Second-1)/time.Second))
}

// writeJSON is the one way a JSON response is written: compact, since
// indenting took 8 % of the server's CPU under load and made a gap map
// 43 % longer to compress (`parley loadtest`'s profile, 3 December 2026).
// Pipe it through jq to read it.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeText writes a plain-text or Markdown body of the given type.
func writeText(w http.ResponseWriter, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.Write([]byte(body))
}

// writeFile is the one way a file download is written.
func writeFile(w http.ResponseWriter, e *workspace.Export) {
	w.Header().Set("Content-Type", e.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+e.Name+`"`)
	w.Write(e.Body)
}

// render is the one way a page is written. A request from htmx for a
// fragment renders only the named block.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	var buf bytes.Buffer
	if p.pr == nil {
		p.pr = s.printerFor(r)
	}
	tmpl := s.web.page(p.pr.Code(), name)
	block := "layout"
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") != "" && tmpl.Lookup("fragment") != nil {
		block = "fragment"
	}
	if block == "layout" {
		s.withNav(r, &p)
	}
	if err := tmpl.ExecuteTemplate(&buf, block, p); err != nil {
		s.log.Error("rendering a page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// pageError renders an error as a page, with the status the API would use.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, p *page, err error) {
	if clientGone(r, err) {
		w.WriteHeader(statusClientClosed)
		return
	}
	s.logInternal(r, err)
	code := parley.ErrorCode(err)
	if code == parley.EUNAUTHORIZED {
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return
	}
	p.Title = map[string]string{parley.ENOTFOUND: p.tr("Not found"), parley.EFORBIDDEN: p.tr("Not allowed"), parley.EINVALID: p.tr("Please check"),
		parley.ECONFLICT: p.tr("Not possible now"), parley.ETOOMANY: p.tr("Too many attempts")}[code]
	if p.Title == "" {
		p.Title = p.tr("Something went wrong")
	}
	d := errorData{Message: p.message(err), Back: backTo(r)}
	if id, err := pathID(r, "talks"); err == nil && p.Account != nil && code != parley.ENOTFOUND {
		p.Talks, d.Talks = id, fmt.Sprintf("/talks/%d", id) // its navigation, if the viewer may see the talks
	}
	p.Data = d
	s.render(w, r, statusOf[code], "error", *p)
}

// errorData is what an error page shows: the message, and the ways on.
type errorData struct {
	Message string
	// Back is the page the request came from, on this site ("" if none):
	// after a refused form, the way back to it.
	Back string
	// Talks is the talks' page, when the request was about talks.
	Talks string
}

// backTo returns the path of the page on this site that r came from, or "".
func backTo(r *http.Request) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host || ref.Path == r.URL.Path && r.Method == http.MethodGet {
		return ""
	}
	back := ref.Path
	if ref.RawQuery != "" {
		back += "?" + ref.RawQuery
	}
	if safeNext(back) != back {
		return ""
	}
	return back
}

// redirect sends a browser on to a page after a form post.
func redirect(w http.ResponseWriter, r *http.Request, format string, args ...any) {
	http.Redirect(w, r, fmt.Sprintf(format, args...), http.StatusSeeOther)
}

// talksGet serves a read of the talks named in the path: the workspace
// call's result as JSON.
func talksGet[T any](fn func(context.Context, int64) (T, error)) apiFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "talks")
		if err != nil {
			return err
		}
		v, err := fn(r.Context(), id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, v)
		return nil
	}
}

// talksPost serves a creation in the talks named in the path: the JSON
// body decoded into the workspace call's input, its result as 201.
func talksPost[In, Out any](fn func(context.Context, int64, In) (Out, error)) apiFunc {
	return talksCall(http.StatusCreated, fn)
}

// talksDo serves any other call on the talks named in the path with a
// JSON body (a change, a preview, a computation): its result as 200.
func talksDo[In, Out any](fn func(context.Context, int64, In) (Out, error)) apiFunc {
	return talksCall(http.StatusOK, fn)
}

// talksCall decodes the JSON body into fn's input, calls it on the talks
// named in the path and writes its result with status.
func talksCall[In, Out any](status int, fn func(context.Context, int64, In) (Out, error)) apiFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "talks")
		if err != nil {
			return err
		}
		var in In
		if err := decode(r, &in); err != nil {
			return err
		}
		v, err := fn(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, status, v)
		return nil
	}
}

package http

import (
	"crypto/hmac"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/http/internal/i18n"
	"github.com/parley-talks/parley/workspace"
	"golang.org/x/text/language"
)

// The web workspace: server-rendered pages (html/template) with htmx for
// partial updates. Templates and static files are embedded and parsed
// once; static files are served under content-hashed names, so they can be
// cached for ever. Each page is served through pageHandler, which signs
// the browser in from its session cookie and guards against forgery.

//go:embed html/*.tmpl
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// sessionCookie holds a browser's session token; the same tokens as the
// API's bearer tokens, stored only as hashes.
const sessionCookie = "parley_session"

// web is the page side of the server.
type web struct {
	pages  map[string]func() map[string]*template.Template // by language's code, parsed at first use, then by page
	static map[string]staticFile                           // by hashed name
	hashed map[string]string                               // plain name → hashed URL
}

// theWeb is loaded once for every server: the parsed templates and the
// static files do not change.
var theWeb = sync.OnceValue(newWeb)

func newWeb() *web {
	w := &web{pages: map[string]func() map[string]*template.Template{}, static: map[string]staticFile{}, hashed: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		name := path.Base(p)
		ext := path.Ext(name)
		hashedName := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		ct := map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}[ext]
		w.static[hashedName] = newStaticFile(body, ct)
		w.hashed[name] = "/static/" + hashedName
		return nil
	})
	if err != nil {
		panic(err) // the embedded files are part of the binary
	}
	// Each language's templates are parsed when a page is first shown in
	// it: a server starting answers its first page after parsing one
	// language's, not every language's.
	for i, tag := range i18n.Tags {
		w.pages[i18n.Codes[i]] = sync.OnceValue(func() map[string]*template.Template { return parsePages(i18n.For(tag), w.hashed) })
	}
	return w
}

// page returns the template of the named page in the language whose code
// is given, nil if there is none.
func (w *web) page(code, name string) *template.Template {
	if pages := w.pages[code]; pages != nil {
		return pages()[name]
	}
	return nil
}

// parsePages parses every page's template in the language of pr: the
// templates' words go through its t function, dates through date.
func parsePages(pr *i18n.Printer, hashed map[string]string) map[string]*template.Template {
	t := pr.Sprintf
	texts := scriptTexts(pr, scriptKeys())
	funcs := template.FuncMap{
		"t":      func(format string, args ...any) template.HTML { return translated(pr, format, args) },
		"lang":   pr.Code,
		"static": func(name string) string { return hashed[name] },
		"pct":    func(f float64) string { return t("%.0f%%", 100*f) },
		"date":   pr.Date,
		"label":  func(p parley.Point) string { return p.Label() },
		"add":    func(a, b int) int { return a + b },
		"list3":  func() []string { return []string{"acceptable", "needs_discussion", "unsuitable"} },
		"list":   func(v ...string) []string { return v },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
		// commonPasswords is the password rule's list for the browser's
		// own check of a passphrase it never sends (password.js).
		"commonPasswords": func() string { return strings.Join(parley.CommonPasswords(), "\n") },
		"mul":             func(a float64, b int) float64 { return a * float64(b) },
		"deref":           func(f *float64) float64 { return *f },
		// People: see people.go.
		"person":     personName,
		"name":       displayName,
		"byParty":    peopleByParty,
		"term":       func(kind string, code any) string { return pr.T(term(kind, code)) },
		"aka":        aka,
		"action":     func(code string) string { return pr.T(actionPhrase(code)) },
		"object":     func(tv *workspace.TalksView, object string) string { return objectLabel(pr, tv, object) },
		"lower":      strings.ToLower,
		"stanceName": func(s string) string { return pr.T(stanceNames[s]) },
		// Languages by name, in the reader's language: see languageName.
		"language": func(tag string) string { return languageName(pr, tag) },
		// The scripts' messages in this language (scripttexts.go).
		"scriptTexts": func() map[string]string { return texts },
		// A text's lang, unless its script belies its language (textlang.go).
		"textLang": textLang,
	}
	layout := template.Must(template.New("layout.tmpl").Funcs(funcs).ParseFS(templateFS, "html/layout.tmpl", "html/partials.tmpl"))
	pages := map[string]*template.Template{}
	names, _ := fs.Glob(templateFS, "html/*.tmpl")
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.tmpl" || base == "partials.tmpl" {
			continue
		}
		pages[strings.TrimSuffix(base, ".tmpl")] = template.Must(template.Must(layout.Clone()).ParseFS(templateFS, n))
	}
	return pages
}

// translated is the templates' t: format translated into pr's language
// and its arguments formatted in it, escaped as the templates escape
// what they print. The catalogues' text is the templates' own, trusted
// as the templates' text is (TestCatalogue keeps <, > and & out of it);
// every argument but a number is escaped.
func translated(pr *i18n.Printer, format string, args []any) template.HTML {
	out := make([]any, len(args))
	for i, a := range args {
		if h, ok := a.(template.HTML); ok { // another t's text, escaped already
			out[i] = string(h)
			continue
		}
		v := reflect.ValueOf(a)
		if v.Kind() == reflect.Pointer && !v.IsNil() {
			if _, ok := a.(fmt.Stringer); !ok {
				a, v = v.Elem().Interface(), v.Elem()
			}
		}
		switch v.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
			reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
			if _, ok := a.(fmt.Stringer); !ok {
				out[i] = a
				continue
			}
		}
		out[i] = template.HTMLEscapeString(fmt.Sprint(a))
	}
	return template.HTML(pr.Sprintf(format, out...))
}

// stanceNames are the words for the stances and the states of a mark.
var stanceNames = map[string]string{"acceptable": "Acceptable", "needs_discussion": "Needs discussion", "unsuitable": "Unsuitable",
	"unmarked": "Not marked", "withheld": "Withheld from you"}

// registerWeb registers the static files.
func (s *Server) registerWeb() {
	s.mux.HandleFunc("GET /static/{name}", s.web.serveStatic)
}

// serveStatic serves a content-hashed static file (static.go).
func (wb *web) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := wb.static[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	f.serve(w, r)
}

// page is what every page template gets.
type page struct {
	Title string
	// Talks, on pages about one set of talks, turns on live updates.
	Talks   int64
	Account *parley.Account
	CSRF    string
	Flash   string
	Data    any
	// Nav is the talks navigation, on full pages about one set of talks
	// (nav.go).
	Nav *talksNav
	// pr is the language of the page (language.go).
	pr *i18n.Printer
}

// tr translates a format string of the Go code into the page's language
// and formats args with it (the catalogue test collects its keys).
func (p *page) tr(format string, args ...any) string {
	if p.pr == nil {
		return i18n.For(language.English).Sprintf(format, args...)
	}
	return p.pr.Sprintf(format, args...)
}

// csrfToken is the anti-forgery token of a session: an HMAC of the
// session token, so the server keeps no state for it.
func csrfToken(session string) string {
	mac := hmac.New(sha256.New, []byte(session))
	mac.Write([]byte("parley csrf"))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// pageHandler wraps a page: it signs the browser in from its session
// cookie (or sends it to the sign-in page), checks the anti-forgery token
// and the origin of every state-changing request, and renders errors as
// pages.
func (s *Server) pageHandler(public bool, h pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := &page{}
		if c, err := r.Cookie(sessionCookie); err == nil {
			if a, method, err := s.ws.AuthenticateSession(r.Context(), c.Value); err == nil {
				p.Account = a
				p.CSRF = csrfToken(c.Value)
				r = r.WithContext(workspace.WithSignInMethod(workspace.WithAccount(r.Context(), a.ID), method))
			}
		}
		p.pr = s.printerFor(r)
		if p.Account == nil && !public {
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if err := checkForgery(r, p); err != nil {
			s.pageError(w, r, p, err)
			return
		}
		if err := h(w, r, p); err != nil {
			s.pageError(w, r, p, err)
		}
	})
}

// checkForgery refuses a state-changing request that came from another
// site, or that a signed-in browser sent without the session's
// anti-forgery token (in the X-CSRF-Token header or the _csrf field).
func checkForgery(r *http.Request, p *page) error {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return nil
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		if u, err := url.Parse(o); err != nil || u.Host != r.Host {
			return parley.Errorf(parley.EFORBIDDEN, "the request came from another site")
		}
	}
	if p.Account == nil {
		return nil
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("_csrf")
	}
	if !hmac.Equal([]byte(got), []byte(p.CSRF)) {
		return parley.Errorf(parley.EFORBIDDEN, "the form has expired; reload the page and try again")
	}
	return nil
}

// setSessionCookie gives the browser its session token.
func setSessionCookie(w http.ResponseWriter, r *http.Request, token string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: overHTTPS(r), MaxAge: int(ttl.Seconds())})
}

// overHTTPS reports whether the browser reached the server over HTTPS:
// directly (--tls-cert), or through a reverse proxy that holds the
// certificate and says so in X-Forwarded-Proto (Caddy sends it; the nginx
// example of docs/operations.md sets it). Trusting the header from anyone
// is safe here: it only makes the session cookie Secure.
func overHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// clearSessionCookie takes the session token back.
func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: overHTTPS(r), MaxAge: -1})
}

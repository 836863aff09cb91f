package http

import (
	"bytes"
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
	"strings"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// The web workspace: server-rendered pages (html/template) with htmx for
// partial updates. Templates and static files are embedded and parsed
// once; static files are served under content-hashed names, so they can be
// cached for ever.

//go:embed html/*.tmpl
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// sessionCookie holds a browser's session token; the same tokens as the
// API's bearer tokens, stored only as hashes.
const sessionCookie = "parley_session"

// web is the page side of the server.
type web struct {
	pages  map[string]*template.Template
	static map[string]staticFile // by hashed name
	hashed map[string]string     // plain name → hashed URL
}

type staticFile struct {
	body        []byte
	contentType string
}

func newWeb() *web {
	w := &web{pages: map[string]*template.Template{}, static: map[string]staticFile{}, hashed: map[string]string{}}
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
		w.static[hashedName] = staticFile{body, ct}
		w.hashed[name] = "/static/" + hashedName
		return nil
	})
	if err != nil {
		panic(err) // the embedded files are part of the binary
	}
	funcs := template.FuncMap{
		"static": func(name string) string { return w.hashed[name] },
		"pct":    func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
		"date":   func(t time.Time) string { return t.Format("2 Jan 2006 15:04") },
		"label":  func(p parley.Point) string { return p.Label() },
		"add":    func(a, b int) int { return a + b },
		"list3":  func() []string { return []string{"acceptable", "needs_discussion", "unsuitable"} },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
		"mul": func(a float64, b int) float64 { return a * float64(b) },
		"stanceName": func(s string) string {
			return map[string]string{"acceptable": "Acceptable", "needs_discussion": "Needs discussion", "unsuitable": "Unsuitable",
				"unmarked": "Not marked", "withheld": "Withheld"}[s]
		},
	}
	layout := template.Must(template.New("layout.tmpl").Funcs(funcs).ParseFS(templateFS, "html/layout.tmpl", "html/partials.tmpl"))
	names, _ := fs.Glob(templateFS, "html/*.tmpl")
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.tmpl" || base == "partials.tmpl" {
			continue
		}
		w.pages[strings.TrimSuffix(base, ".tmpl")] = template.Must(template.Must(layout.Clone()).ParseFS(templateFS, n))
	}
	return w
}

// serveStatic serves a content-hashed static file, cacheable for a year.
func (wb *web) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := wb.static[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(f.body)
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
}

// render is the one way a page is written. A request from htmx for a
// fragment renders only the named block.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	var buf bytes.Buffer
	tmpl := s.web.pages[name]
	block := "layout"
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") != "" && tmpl.Lookup("fragment") != nil {
		block = "fragment"
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
func (s *Server) pageHandler(public bool, h func(w http.ResponseWriter, r *http.Request, p *page) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := &page{}
		var token string
		if c, err := r.Cookie(sessionCookie); err == nil {
			token = c.Value
			if a, err := s.ws.Authenticate(r.Context(), token); err == nil {
				p.Account = a
				p.CSRF = csrfToken(token)
				r = r.WithContext(workspace.WithAccount(r.Context(), a.ID))
			}
		}
		if p.Account == nil && !public {
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if o := r.Header.Get("Origin"); o != "" && o != "null" {
				if u, err := url.Parse(o); err != nil || u.Host != r.Host {
					s.pageError(w, r, p, parley.Errorf(parley.EFORBIDDEN, "the request came from another site"))
					return
				}
			}
			if p.Account != nil {
				got := r.Header.Get("X-CSRF-Token")
				if got == "" {
					got = r.PostFormValue("_csrf")
				}
				if !hmac.Equal([]byte(got), []byte(p.CSRF)) {
					s.pageError(w, r, p, parley.Errorf(parley.EFORBIDDEN, "the form has expired; reload the page and try again"))
					return
				}
			}
		}
		if err := h(w, r, p); err != nil {
			s.pageError(w, r, p, err)
		}
	})
}

// pageError renders an error as a page, with the status the API would use.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, p *page, err error) {
	code := parley.ErrorCode(err)
	if code == parley.EINTERNAL {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == parley.EUNAUTHORIZED {
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return
	}
	p.Title = map[string]string{parley.ENOTFOUND: "Not found", parley.EFORBIDDEN: "Not allowed", parley.EINVALID: "Please check",
		parley.ECONFLICT: "Not possible now", parley.ETOOMANY: "Too many attempts"}[code]
	if p.Title == "" {
		p.Title = "Something went wrong"
	}
	p.Data = parley.ErrorMessage(err)
	s.render(w, r, statusOf[code], "error", *p)
}

func setSessionCookie(w http.ResponseWriter, r *http.Request, token string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: int(ttl.Seconds())})
}

func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: -1})
}

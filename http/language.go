package http

import (
	"net/http"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/http/internal/i18n"
)

// The interface's language: every page and every API error message is in
// English, Russian or Ukrainian (package i18n holds the catalogues). A
// request's language is its member's preference (My account), else the
// best of its browser's Accept-Language, else English. Pages' templates
// translate through their t function, the Go code through page.tr, and
// errors through parley.Translate, all keyed by the English text.

// printerFor is the language of r: that of its signed-in account's
// preference, else its Accept-Language's.
func (s *Server) printerFor(r *http.Request) *i18n.Printer {
	var pref string
	if p, err := s.ws.Preferences(r.Context()); err == nil {
		pref = p.Language
	}
	return i18n.Choose(pref, r.Header.Get("Accept-Language"))
}

// message is err's message in the page's language.
func (p *page) message(err error) string {
	return parley.Translate(err, p.tr)
}

package akn

import (
	"encoding/xml"
	"io"
	"strings"
)

// writer writes indented XML: block elements on lines of their own, the
// inline content of a <p> or <heading> on one line. It keeps the first
// error.
type writer struct {
	w   io.Writer
	err error
}

func (x *writer) raw(s string) {
	if x.err == nil {
		_, x.err = io.WriteString(x.w, s)
	}
}

// line writes one indented line of markup.
func (x *writer) line(depth int, s string) {
	x.raw(strings.Repeat("  ", depth) + s + "\n")
}

// open writes a start tag; tag may carry attributes already escaped.
func (x *writer) open(depth int, tag string) { x.line(depth, "<"+tag+">") }

func (x *writer) close(depth int, name string) { x.line(depth, "</"+name+">") }

// empty writes an empty element with attributes given as name, value
// pairs.
func (x *writer) empty(depth int, name string, attrs ...string) {
	var b strings.Builder
	b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		b.WriteString(" " + attrs[i] + `="` + esc(attrs[i+1]) + `"`)
	}
	b.WriteString("/>")
	x.line(depth, b.String())
}

// paras writes text as <p> paragraphs, split at blank lines; a line break
// inside a paragraph becomes <br/>.
func (x *writer) paras(depth int, text string) {
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		para = strings.Trim(para, "\n")
		if strings.TrimSpace(para) == "" {
			continue
		}
		lines := strings.Split(para, "\n")
		for i := range lines {
			lines[i] = esc(lines[i])
		}
		x.line(depth, "<p>"+strings.Join(lines, "<br/>")+"</p>")
	}
}

// esc escapes s as XML character data or an attribute value; characters
// XML cannot hold become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

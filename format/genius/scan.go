package genius

import (
	"encoding/xml"
	"strings"
	"unicode/utf8"
)

// scanTree builds the tree encoding/xml's Decoder builds for node from the
// first element of data and what follows it, for the plain XML GENIUS
// files are made of, about twenty times faster: ASCII element and
// attribute names without namespaces, quoted attribute values without
// entity references or control characters, comments, an <?xml?>
// declaration of version 1.0 in UTF-8, and text that is only white space.
// On anything else it returns false, and the caller uses the Decoder,
// which reads such files correctly or reports their errors. Names and
// values are substrings of s.
func scanTree(s string) (*node, bool) {
	// Every element but the root sits in kids until its parent ends:
	// room for all of them at once spares growing a slice of pointers.
	sc := scanner{s: s, kids: make([]node, 0, strings.Count(s, "<")+1)}
	if !sc.prolog() {
		return nil, false
	}
	return sc.element()
}

// maxScanAttrs bounds the attributes of an element scanTree reads; GENIUS
// elements have up to about eight.
const maxScanAttrs = 64

// scanner is the state of scanTree: the input and the position in it, the
// children of the elements open (kids, each element's from its entry in
// starts) and an arena of attributes.
type scanner struct {
	s      string
	i      int
	kids   []node
	starts []int
	attrs  []xml.Attr
}

// prolog skips what may come before the first element: white space,
// comments and the XML declaration.
func (sc *scanner) prolog() bool {
	for {
		sc.space()
		switch {
		case sc.has("<!--"):
			if !sc.comment() {
				return false
			}
		case sc.i == 0 && sc.has("<?xml "):
			if !sc.declaration() {
				return false
			}
		default:
			return sc.i < len(sc.s) && sc.s[sc.i] == '<'
		}
	}
}

// declaration skips an <?xml?> declaration whose attributes declare
// nothing but version 1.0, UTF-8 and standalone.
func (sc *scanner) declaration() bool {
	sc.i += len("<?xml ")
	for {
		sc.space()
		if sc.has("?>") {
			sc.i += 2
			return true
		}
		name, ok := sc.name()
		if !ok || !sc.equals() {
			return false
		}
		v, ok := sc.value()
		if !ok {
			return false
		}
		switch name {
		case "version":
			ok = v == "1.0"
		case "encoding":
			ok = v == "UTF-8" || v == "utf-8"
		case "standalone":
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
}

// element reads the element at the current position and everything in it.
func (sc *scanner) element() (*node, bool) {
	depth := 0
	sc.kids = append(sc.kids, node{}) // the root's parent
	sc.starts = append(sc.starts, 0)
	for {
		switch {
		case sc.has("<!--"):
			if !sc.comment() {
				return nil, false
			}
		case sc.has("</"):
			if depth == 0 || !sc.end() {
				return nil, false
			}
			depth--
			if depth == 0 {
				root := sc.kids[1]
				return &root, true
			}
		case sc.has("<"):
			closed, ok := sc.start()
			if !ok {
				return nil, false
			}
			if closed && depth == 0 {
				root := sc.kids[1]
				return &root, true
			}
			if !closed {
				depth++
			}
		default:
			if depth == 0 || !sc.text() {
				return nil, false
			}
		}
	}
}

// start reads a start tag, pushing its element; closed reports an empty
// element (<a/>), which is complete at once.
func (sc *scanner) start() (closed, ok bool) {
	sc.i++
	name, ok := sc.name()
	if !ok {
		return false, false
	}
	from := len(sc.attrs)
	for {
		sp := sc.space()
		switch {
		case sc.has("/>"):
			sc.i += 2
			closed = true
		case sc.has(">"):
			sc.i++
		default:
			if !sp || !sc.attribute(&from) {
				return false, false
			}
			continue
		}
		break
	}
	n := node{XMLName: xml.Name{Local: name}}
	if len(sc.attrs) > from {
		n.Attrs = sc.attrs[from:len(sc.attrs):len(sc.attrs)]
	}
	sc.kids = append(sc.kids, n)
	if !closed {
		sc.starts = append(sc.starts, len(sc.kids))
	}
	return closed, true
}

// attribute reads name="value", refusing a name the element has already
// (its attributes start at attrs[*from]) and xmlns, which would put the
// element in a namespace.
func (sc *scanner) attribute(from *int) bool {
	name, ok := sc.name()
	if !ok || name == "xmlns" || !sc.equals() {
		return false
	}
	v, ok := sc.value()
	if !ok {
		return false
	}
	if len(sc.attrs)-*from >= maxScanAttrs {
		return false // the duplicate check would be slow
	}
	for _, a := range sc.attrs[*from:] {
		if a.Name.Local == name {
			return false
		}
	}
	if len(sc.attrs) == cap(sc.attrs) {
		// Earlier elements keep the old arena; this one's move.
		cur := sc.attrs[*from:]
		sc.attrs = append(make([]xml.Attr, 0, max(4096, 2*len(cur))), cur...)
		*from = 0
	}
	sc.attrs = append(sc.attrs, xml.Attr{Name: xml.Name{Local: name}, Value: v})
	return true
}

// end reads an end tag, which must close the innermost open element, and
// moves that element's children into it.
func (sc *scanner) end() bool {
	sc.i += 2
	name, ok := sc.name()
	sc.space()
	if !ok || !sc.has(">") {
		return false
	}
	sc.i++
	top := sc.starts[len(sc.starts)-1]
	sc.starts = sc.starts[:len(sc.starts)-1]
	el := &sc.kids[top-1]
	if el.XMLName.Local != name {
		return false
	}
	if len(sc.kids) > top {
		el.Nodes = append([]node(nil), sc.kids[top:]...)
	}
	clear(sc.kids[top:])
	sc.kids = sc.kids[:top]
	return true
}

// has reports whether the input continues with p.
func (sc *scanner) has(p string) bool {
	return len(sc.s)-sc.i >= len(p) && sc.s[sc.i:sc.i+len(p)] == p
}

// space skips white space and reports whether there was any.
func (sc *scanner) space() bool {
	from := sc.i
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
			continue
		}
		break
	}
	return sc.i > from
}

// name reads an ASCII name without a namespace prefix.
func (sc *scanner) name() (string, bool) {
	from := sc.i
	for sc.i < len(sc.s) {
		c := sc.s[sc.i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' ||
			sc.i > from && ('0' <= c && c <= '9' || c == '-' || c == '.') {
			sc.i++
			continue
		}
		break
	}
	return sc.s[from:sc.i], sc.i > from
}

// equals reads = with white space around it.
func (sc *scanner) equals() bool {
	sc.space()
	if !sc.has("=") {
		return false
	}
	sc.i++
	sc.space()
	return true
}

// value reads a quoted attribute value made of characters that stand
// for themselves: no &, <, control characters or invalid UTF-8.
func (sc *scanner) value() (string, bool) {
	if sc.i >= len(sc.s) || sc.s[sc.i] != '"' && sc.s[sc.i] != '\'' {
		return "", false
	}
	q := sc.s[sc.i]
	sc.i++
	from := sc.i
	ascii := true
	for ; sc.i < len(sc.s) && sc.s[sc.i] != q; sc.i++ {
		switch c := sc.s[sc.i]; {
		case c == '&' || c == '<' || c < 0x20 || c == 0x7f:
			return "", false
		case c >= 0x80:
			ascii = false
		}
	}
	if sc.i >= len(sc.s) {
		return "", false
	}
	v := sc.s[from:sc.i]
	sc.i++
	return v, ascii || plainUTF8(v)
}

// plainUTF8 reports whether s is valid UTF-8 of characters XML allows
// outside the ASCII range (no U+FFFE, U+FFFF or C1 controls).
func plainUTF8(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF || r >= 0x80 && r < 0xA0 {
			return false
		}
	}
	return true
}

// comment skips a comment of printable ASCII or plain UTF-8.
func (sc *scanner) comment() bool {
	from := sc.i + len("<!--")
	for t := from; t+3 <= len(sc.s); t++ {
		if sc.s[t:t+2] == "--" {
			// encoding/xml refuses -- inside a comment.
			if sc.s[t+2] != '>' || t == from || sc.s[t-1] == '-' {
				return false
			}
			body := sc.s[from:t]
			for k := 0; k < len(body); k++ {
				if c := body[k]; c < 0x20 && c != ' ' && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
					return false
				}
			}
			sc.i = t + 3
			return plainUTF8(body)
		}
	}
	return false
}

// text skips white space between elements; any other text is refused.
func (sc *scanner) text() bool {
	return sc.space() && sc.i < len(sc.s) && sc.s[sc.i] == '<'
}

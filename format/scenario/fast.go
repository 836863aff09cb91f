package scenario

import (
	"strings"
	"unicode/utf8"
)

// The fast path reads the YAML a scenario is usually written in straight
// into a fileYAML, without yaml.v3's node tree, which took 13 s and 2 GB
// for an issue of a million options. It recognises a subset of YAML:
// block and flow mappings and sequences, plain and single-line quoted
// scalars, comments; for anything else (anchors, aliases, tags, multi-line
// scalars, documents, tabs, CR, nulls, duplicate keys, unknown fields, a
// value of the wrong kind, any error) it gives up, and Read decodes the
// file with yaml.v3 as before. So whenever the fast path answers, it must
// answer exactly what yaml.v3 would: FuzzFastPath checks it.

// notFast is the panic value by which the fast parser gives up.
type notFast struct{}

// fastParser reads YAML from s. Between values, pos is at the first
// character of a line's content and indent is that line's indentation
// (-1 at the end of the input).
type fastParser struct {
	s      string
	pos    int
	indent int
}

// ctx says where a value is read: in a flow collection, or in block
// context under a mapping or sequence of indentation n (item: as a
// sequence's item, where a compact mapping "- key: value" may start).
type ctx struct {
	n    int
	flow bool
	item bool
}

// maxKey is a conservative bound of YAML's 1024-character implicit keys.
const maxKey = 1000

func (p *fastParser) fail() { panic(notFast{}) }

// peek returns the byte at pos, or 0 at the end of the input.
func (p *fastParser) peek() byte {
	if p.pos < len(p.s) {
		return p.s[p.pos]
	}
	return 0
}

// at returns the byte at i, or 0 past the end of the input.
func (p *fastParser) at(i int) byte {
	if i < len(p.s) {
		return p.s[i]
	}
	return 0
}

// blank reports whether the byte at i ends a token: a space, a line
// break or the end of the input.
func (p *fastParser) blank(i int) bool {
	c := p.at(i)
	return c == ' ' || c == '\n' || c == 0
}

// plainText reports whether s holds only what the fast path handles:
// printable characters and line feeds (no tab, CR, BOM or other breaks),
// valid UTF-8, and no document markers or directives.
func plainText(s string) bool {
	lineStart := true
	for i := 0; i < len(s); {
		c := s[i]
		if lineStart && (c == '%' || strings.HasPrefix(s[i:], "---") || strings.HasPrefix(s[i:], "...")) {
			return false
		}
		lineStart = c == '\n'
		if c < utf8.RuneSelf {
			if (c < ' ' && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r <= 0x9f || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe && r <= 0xffff {
			return false
		}
		i += n
	}
	return true
}

// toContent moves from the start of a line past blank and comment-only
// lines to the first content character of the next line, setting indent.
func (p *fastParser) toContent() {
	for p.pos < len(p.s) {
		i := p.pos
		for i < len(p.s) && p.s[i] == ' ' {
			i++
		}
		if i < len(p.s) && p.s[i] != '\n' && p.s[i] != '#' {
			p.pos, p.indent = i, i-p.pos
			return
		}
		p.pos = i
		p.skipLine()
	}
	p.indent = -1
}

// skipLine moves past the end of the current line.
func (p *fastParser) skipLine() {
	if nl := strings.IndexByte(p.s[p.pos:], '\n'); nl >= 0 {
		p.pos += nl + 1
	} else {
		p.pos = len(p.s)
	}
}

// endLine checks that nothing but spaces and a comment follows a value
// on its line and moves to the next content line.
func (p *fastParser) endLine() {
	for p.peek() == ' ' {
		p.pos++
	}
	switch p.peek() {
	case '#':
		if p.s[p.pos-1] != ' ' {
			p.fail()
		}
	case '\n', 0:
	default:
		p.fail()
	}
	p.skipLine()
	p.toContent()
}

// inline is called after a key's ':' or an item's '-'. It reports whether
// a value follows on the same line (pos then at it); if not, pos is at the
// next content line, where a nested block may start.
func (p *fastParser) inline() bool {
	for p.peek() == ' ' {
		p.pos++
	}
	if c := p.peek(); c != '\n' && c != '#' && c != 0 {
		return true
	}
	p.skipLine()
	p.toContent()
	return false
}

// done ends a value: in block context, its line.
func (p *fastParser) done(c ctx) {
	if !c.flow {
		p.endLine()
	}
}

// dash reports whether a block sequence item starts at pos.
func (p *fastParser) dash() bool {
	return p.peek() == '-' && p.blank(p.pos+1)
}

// flowSpace skips spaces, line breaks and comments inside a flow
// collection.
func (p *fastParser) flowSpace() {
	for {
		switch p.peek() {
		case ' ', '\n':
			p.pos++
		case '#':
			if p.pos > 0 && p.s[p.pos-1] != ' ' && p.s[p.pos-1] != '\n' {
				p.fail()
			}
			p.skipLine()
		default:
			return
		}
	}
}

// scalarStart fails unless a plain scalar may start at pos: not an
// indicator, except '-' before a letter or digit.
func (p *fastParser) scalarStart() {
	c := p.peek()
	if c == 0 || c == ' ' || c == '\n' {
		p.fail()
	}
	if strings.IndexByte("-?:,[]{}#&*!|>'\"%@`", c) >= 0 {
		if n := p.at(p.pos + 1); c != '-' || !(n >= '0' && n <= '9' || n >= 'a' && n <= 'z' || n >= 'A' && n <= 'Z') {
			p.fail()
		}
	}
}

// scalar reads a scalar value; plain says whether it was unquoted.
func (p *fastParser) scalar(flow bool) (s string, plain bool) {
	if c := p.peek(); c == '\'' || c == '"' {
		return p.quoted(), false
	}
	p.scalarStart()
	start := p.pos
	for {
		c := p.peek()
		if c == 0 || c == '\n' || flow && (c == ',' || c == ']' || c == '}') {
			break
		}
		if c == '#' && p.s[p.pos-1] == ' ' {
			break
		}
		if c == ':' && (flow || p.blank(p.pos+1)) || flow && (c == '[' || c == '{') {
			p.fail()
		}
		p.pos++
	}
	s = strings.TrimRight(p.s[start:p.pos], " ")
	if s == "~" || s == "null" || s == "Null" || s == "NULL" {
		p.fail()
	}
	return s, true
}

// key reads a mapping key and its ':', which a space or line break must
// follow.
func (p *fastParser) key() string {
	start := p.pos
	var k string
	if c := p.peek(); c == '\'' || c == '"' {
		k = p.quoted()
	} else {
		p.scalarStart()
		for c := p.peek(); c != ':'; c = p.peek() {
			if c == 0 || strings.IndexByte("\n#,[]{}", c) >= 0 {
				p.fail()
			}
			p.pos++
		}
		k = p.s[start:p.pos]
		if strings.HasSuffix(k, " ") {
			p.fail()
		}
	}
	if p.pos-start > maxKey || p.peek() != ':' || !p.blank(p.pos+1) {
		p.fail()
	}
	p.pos++
	return k
}

// quoted reads a single- or double-quoted scalar on one line, with the
// double-quoted escapes \\ \" \/ \n and \t.
func (p *fastParser) quoted() string {
	q := p.s[p.pos]
	p.pos++
	start := p.pos
	var b *strings.Builder
	for {
		c := p.peek()
		switch {
		case c == 0 || c == '\n':
			p.fail()
		case c == q && q == '\'' && p.at(p.pos+1) == '\'', c == '\\' && q == '"':
			if b == nil {
				b = &strings.Builder{}
			}
			b.WriteString(p.s[start:p.pos])
			b.WriteByte(unescape(p.at(p.pos+1), q, p.fail))
			p.pos += 2
			start = p.pos
		case c == q:
			s := p.s[start:p.pos]
			p.pos++
			if b == nil {
				return s
			}
			b.WriteString(s)
			return b.String()
		default:
			p.pos++
		}
	}
}

// unescape returns the character an escape stands for: after a quote q
// doubled in single quotes, or after a backslash in double quotes.
func unescape(c, q byte, fail func()) byte {
	if q == '\'' {
		return '\''
	}
	switch c {
	case '\\', '"', '/':
		return c
	case 'n':
		return '\n'
	case 't':
		return '\t'
	}
	fail()
	return 0
}

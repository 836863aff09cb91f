package scenario

import (
	"strconv"
	"strings"
)

// decodeFast reads a scenario with the fast parser; ok is false where the
// file is outside what it recognises, and yaml.v3 must decode it.
func decodeFast(s string) (f fileYAML, ok bool) {
	if !plainText(s) {
		return f, false
	}
	defer func() {
		if r := recover(); r != nil {
			if _, giveUp := r.(notFast); !giveUp {
				panic(r)
			}
			f, ok = fileYAML{}, false
		}
	}()
	p := &fastParser{s: s}
	p.toContent()
	if p.indent != 0 {
		return f, false
	}
	var seen fields
	p.blockMap(0, func(key string, c ctx) {
		switch seen.once(p, key, "name", "description", "issues", "parties") {
		case 0:
			f.Name = p.str(c)
		case 1:
			f.Description = p.str(c)
		case 2:
			f.Issues = []issueYAML{}
			p.seq(c, func(c ctx) { f.Issues = append(f.Issues, p.issue(c)) })
		case 3:
			f.Parties = []partyYAML{}
			p.seq(c, func(c ctx) { f.Parties = append(f.Parties, p.party(c)) })
		}
	})
	return f, true
}

// fields records which fields of a struct a mapping has set.
type fields uint8

// once returns the index of key among names, failing on an unknown or
// repeated key.
func (f *fields) once(p *fastParser, key string, names ...string) int {
	for i, n := range names {
		if key == n {
			if *f&(1<<i) != 0 {
				p.fail()
			}
			*f |= 1 << i
			return i
		}
	}
	p.fail()
	return -1
}

// issue reads one issue.
func (p *fastParser) issue(c ctx) (is issueYAML) {
	var seen fields
	p.mapping(c, func(key string, c ctx) {
		switch seen.once(p, key, "name", "description", "options") {
		case 0:
			is.Name = p.str(c)
		case 1:
			is.Description = p.str(c)
		case 2:
			is.Options = []string{}
			p.seq(c, func(c ctx) { is.Options = append(is.Options, p.str(c)) })
		}
	})
	return is
}

// party reads one party.
func (p *fastParser) party(c ctx) (py partyYAML) {
	var seen fields
	p.mapping(c, func(key string, c ctx) {
		switch seen.once(p, key, "name", "reservation", "weights", "evaluations") {
		case 0:
			py.Name = p.str(c)
		case 1:
			py.Reservation = p.number(c, true)
		case 2:
			py.Weights = p.numbers(c)
		case 3:
			py.Evaluations = numberTable{}
			p.mapping(c, func(key string, c ctx) {
				py.Evaluations.names = append(py.Evaluations.names, key)
				py.Evaluations.rows = append(py.Evaluations.rows, p.numbers(c))
			})
		}
	})
	return py
}

// numbers reads a mapping of names to numbers. It leaves repeated names
// to [place], the check of the names.
func (p *fastParser) numbers(c ctx) (out numbers) {
	p.mapping(c, func(key string, c ctx) {
		out.names, out.values = append(out.names, key), append(out.values, p.number(c, false))
	})
	return out
}

// str reads a string.
func (p *fastParser) str(c ctx) string {
	if !c.flow && !p.inline() {
		p.fail()
	}
	s, _ := p.scalar(c.flow)
	p.done(c)
	return s
}

// number reads a plain decimal number as [number] does, or as yaml.v3
// decodes a float64 field if field: an integer is converted from int, so
// -0 reads 0.
func (p *fastParser) number(c ctx, field bool) float64 {
	if !c.flow && !p.inline() {
		p.fail()
	}
	s, plain := p.scalar(c.flow)
	if !plain || !decimal(s) {
		p.fail()
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		p.fail()
	}
	if field && f == 0 && !strings.ContainsAny(s, ".eE") {
		f = 0
	}
	p.done(c)
	return f
}

// decimal reports whether s is -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?,
// a form yaml.v3 resolves to an int or a float of the same value.
func decimal(s string) bool {
	i := 0
	digits := func() bool {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if !digits() {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if !digits() {
			return false
		}
	}
	return i == len(s)
}

// seq reads a sequence, flow or block, calling item for each item.
func (p *fastParser) seq(c ctx, item func(c ctx)) {
	if c.flow || p.inline() {
		if p.peek() != '[' {
			p.fail()
		}
		p.flowSeq(item)
		p.done(c)
		return
	}
	if p.indent < c.n || !p.dash() {
		p.fail()
	}
	m := p.indent
	for {
		p.pos++
		item(ctx{n: m, item: true})
		if p.indent > m {
			p.fail()
		}
		if p.indent < m || !p.dash() {
			return
		}
	}
}

// flowSeq reads a flow sequence from its '['.
func (p *fastParser) flowSeq(item func(c ctx)) {
	p.pos++
	p.flowSpace()
	if p.peek() == ']' {
		p.pos++
		return
	}
	for {
		item(ctx{flow: true})
		p.flowSpace()
		switch p.peek() {
		case ',':
			p.pos++
			p.flowSpace()
		case ']':
			p.pos++
			return
		default:
			p.fail()
		}
	}
}

// mapping reads a mapping, flow or block, calling field with each key;
// field reads the value.
func (p *fastParser) mapping(c ctx, field func(key string, c ctx)) {
	if c.flow {
		if p.peek() != '{' {
			p.fail()
		}
		p.flowMap(field)
		return
	}
	if p.inline() {
		if p.peek() == '{' {
			p.flowMap(field)
			p.endLine()
			return
		}
		if !c.item {
			p.fail()
		}
		p.blockMap(p.pos-strings.LastIndexByte(p.s[:p.pos], '\n')-1, field)
		return
	}
	if p.indent <= c.n || p.dash() {
		p.fail()
	}
	p.blockMap(p.indent, field)
}

// blockMap reads a block mapping of indentation m whose first key is at
// pos.
func (p *fastParser) blockMap(m int, field func(key string, c ctx)) {
	for {
		field(p.key(), ctx{n: m})
		if p.indent > m || p.indent == m && p.dash() {
			p.fail()
		}
		if p.indent < m {
			return
		}
	}
}

// flowMap reads a flow mapping from its '{'.
func (p *fastParser) flowMap(field func(key string, c ctx)) {
	p.pos++
	p.flowSpace()
	if p.peek() == '}' {
		p.pos++
		return
	}
	for {
		k := p.key()
		for p.peek() == ' ' {
			p.pos++
		}
		field(k, ctx{flow: true})
		p.flowSpace()
		switch p.peek() {
		case ',':
			p.pos++
			p.flowSpace()
		case '}':
			p.pos++
			return
		default:
			p.fail()
		}
	}
}

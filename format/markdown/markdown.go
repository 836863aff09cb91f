// Package markdown reads and writes drafts of the negotiating text as
// Markdown, so that text written elsewhere can be tabled and any draft read
// outside Parley.
//
// The mapping:
//
//   - A level-1 heading on the first line is the draft's title; text before
//     the first section or point is its note.
//   - Other headings are sections; a deeper heading is a section inside the
//     section above it. Paragraphs under a heading are the section's text.
//   - List items (numbered "1." or "1)", lettered "a.", roman "iv.", or
//     bulleted "-", "*", "+") are points; an item indented under another is
//     its sub-point. Lines that follow an item belong to it.
//   - An item that opens with bold text ("**Territory.** …") has that text
//     as its title.
//   - A marker at the end of an item or heading keeps a point's identity
//     from the previous draft: {#12} carries on point 12, {from=5,6} makes
//     the point from points 5 and 6 (a merge; several items from=5 are a
//     split). Write renders these markers so that a draft read back and
//     tabled again keeps every identity. (A working draft's markers also
//     keep From: {#14 from=5,6}.)
package markdown

import (
	"bufio"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parley-talks/parley"
)

// MaxSize is the largest Markdown document Read accepts.
const MaxSize = 4 << 20

var (
	headingRE = regexp.MustCompile(`^\s*(#{1,6})(?:\s+(.*?))?\s*#*\s*$`)
	itemRE    = regexp.MustCompile(`^(\s*)(\d{1,9}[.)]|[a-z][.)]|[ivxlcdm]{1,8}[.)]|[-*+])(\s+(.*))?$`)
	markerRE  = regexp.MustCompile(`\s*\{\s*(#\s*[^\s{}]*)?\s*(from\s*=\s*[^{}]*)?\}\s*$`)
	titleRE   = regexp.MustCompile(`^\*\*([^*]+?)\*\*\s*`)
)

type node struct {
	in     parley.PointInput
	indent int // items: the column of the marker; sections: -1
	level  int // sections: the heading level
	kids   []*node
	line   int
}

// Read parses a Markdown draft. Errors are EINVALID *parley.Error values
// naming the line at fault.
func Read(src string) (*parley.DraftInput, error) {
	if len(src) > MaxSize {
		return nil, parley.Invalid("markdown", "the document is larger than %d bytes", MaxSize)
	}
	if !utf8.ValidString(src) {
		return nil, parley.Invalid("markdown", "the document is not valid UTF-8")
	}
	r := reader{in: &parley.DraftInput{}, first: true}
	if err := r.scan(src); err != nil {
		return nil, err
	}
	in := r.in
	in.Note = strings.Join(r.note, "")
	var err error
	if in.Points, err = buildPoints(r.roots); err != nil {
		return nil, err
	}
	if len(in.Points) == 0 {
		return nil, parley.Invalid("markdown", "the document has no sections or points")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return in, nil
}

// reader is the state of Read's pass over the lines: the tree of sections
// and items so far and where the next line of text belongs.
type reader struct {
	in       *parley.DraftInput
	roots    []*node
	sections []*node // open sections, outermost first
	items    []*node // open items, outermost first
	note     []string
	last     *node // the node that following text lines belong to
	blank    bool  // a blank line came since the last text
	first    bool  // no line with text has come yet
}

// whiteSpace turns tabs into four spaces and vertical tabs and form feeds
// into one; other white space (a non-breaking space) is text.
var whiteSpace = strings.NewReplacer("\t", "    ", "\v", " ", "\f", " ")

// scan reads src line by line into the reader.
func (r *reader) scan(src string) error {
	sc := bufio.NewScanner(strings.NewReader(src))
	sc.Buffer(make([]byte, 64*1024), MaxSize+1)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		if err := r.line(sc.Text(), lineNo); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return parley.Invalid("markdown", "line %d: %v", lineNo+1, err)
	}
	return nil
}

// line takes one line: a blank, a heading, a list item or text.
func (r *reader) line(src string, lineNo int) error {
	line := strings.TrimRight(whiteSpace.Replace(src), " \r")
	if trim(line) == "" {
		r.blank = true
		return nil
	}
	first := r.first
	r.first = false
	if m := headingRE.FindStringSubmatch(line); m != nil {
		return r.heading(len(m[1]), m[2], first, lineNo)
	}
	if m := itemRE.FindStringSubmatch(line); m != nil {
		r.item(len(m[1]), m[4], lineNo)
		return nil
	}
	return r.text(line, lineNo)
}

// heading takes a heading of the given level: the title if it is a
// level-1 heading on the first line, else a section that closes the
// open items and the sections at its level or deeper.
func (r *reader) heading(level int, text string, first bool, lineNo int) error {
	if first && level == 1 {
		r.in.Title = oneLine(text)
		return nil
	}
	n := &node{in: parley.PointInput{Kind: parley.KindSection}, indent: -1, level: level, line: lineNo}
	title, err := takeMarker(&n.in, oneLine(text), lineNo)
	if err != nil {
		return err
	}
	n.in.Title = title
	r.items = nil
	for len(r.sections) > 0 && r.sections[len(r.sections)-1].level >= level {
		r.sections = r.sections[:len(r.sections)-1]
	}
	if len(r.sections) == 0 {
		r.roots = append(r.roots, n)
	} else {
		p := r.sections[len(r.sections)-1]
		p.kids = append(p.kids, n)
	}
	r.sections = append(r.sections, n)
	r.last, r.blank = n, false
	return nil
}

// item takes a list item whose marker stands at column indent: a point
// under the innermost open item less indented, else under the innermost
// section.
func (r *reader) item(indent int, text string, lineNo int) {
	n := &node{in: parley.PointInput{Kind: parley.KindPoint, Text: text}, indent: indent, line: lineNo}
	r.closeItems(indent)
	switch {
	case len(r.items) > 0:
		p := r.items[len(r.items)-1]
		p.kids = append(p.kids, n)
	case len(r.sections) > 0:
		p := r.sections[len(r.sections)-1]
		p.kids = append(p.kids, n)
	default:
		r.roots = append(r.roots, n)
	}
	r.items = append(r.items, n)
	r.last, r.blank = n, false
}

// closeItems closes the open items indented at column indent or more.
func (r *reader) closeItems(indent int) {
	for len(r.items) > 0 && r.items[len(r.items)-1].indent >= indent {
		r.items = r.items[:len(r.items)-1]
	}
}

// text takes a line of text: the note's before any section or point, else
// the text of the node it follows, or after a blank line below a point,
// of the innermost open point it is indented under, else of the section.
func (r *reader) text(line string, lineNo int) error {
	text := trim(line)
	switch {
	case r.last == nil:
		r.note = appendText(r.note, text, r.blank)
	case r.last.indent >= 0 && r.blank:
		r.closeItems(leadingSpaces(line))
		switch {
		case len(r.items) > 0:
			r.last = r.items[len(r.items)-1]
		case len(r.sections) > 0:
			r.last = r.sections[len(r.sections)-1]
		default:
			return parley.Invalid("markdown", "line %d: text after the points must be indented under a point or follow a heading", lineNo)
		}
		r.last.in.Text = joinText(r.last.in.Text, text, true)
	default:
		r.last.in.Text = joinText(r.last.in.Text, text, r.blank)
	}
	r.blank = false
	return nil
}

// buildPoints turns the nodes into point inputs, taking each point's
// marker and bold title from its text.
func buildPoints(ns []*node) ([]parley.PointInput, error) {
	var out []parley.PointInput
	for _, n := range ns {
		if n.in.Kind == parley.KindPoint {
			if err := n.takeTitle(); err != nil {
				return nil, err
			}
		}
		kids, err := buildPoints(n.kids)
		if err != nil {
			return nil, err
		}
		n.in.Points = kids
		out = append(out, n.in)
	}
	return out, nil
}

// takeTitle takes a point's marker from the end of its text and its title
// from a bold opening, when both the opening and the rest say something
// ("**0**" alone is text). A point must keep some text.
func (n *node) takeTitle() error {
	text, err := takeMarker(&n.in, n.in.Text, n.line)
	if err != nil {
		return err
	}
	if m := titleRE.FindStringSubmatch(text); m != nil {
		title := strings.TrimRight(strings.TrimSpace(m[1]), ".:")
		if rest := text[len(m[0]):]; title != "" && trim(rest) != "" {
			n.in.Title, text = title, rest
		}
	}
	n.in.Text = text
	if strings.TrimSpace(n.in.Text) == "" {
		return parley.Invalid("markdown", "line %d: a point has no text", n.line)
	}
	return nil
}

func trim(s string) string { return strings.Trim(s, " \t\r\n") }

func leadingSpaces(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

func appendText(parts []string, text string, blank bool) []string {
	if len(parts) == 0 {
		return []string{text}
	}
	if blank {
		return append(parts, "\n\n"+text)
	}
	return append(parts, " "+text)
}

func joinText(old, text string, blank bool) string {
	switch {
	case old == "":
		return text
	case blank:
		return old + "\n\n" + text
	default:
		return old + " " + text
	}
}

// takeMarker removes an identity marker from the end of s into p.
func takeMarker(p *parley.PointInput, s string, line int) (string, error) {
	m := markerRE.FindStringSubmatchIndex(s)
	if m == nil {
		return s, nil
	}
	id, from := "", ""
	if m[2] >= 0 {
		id = strings.TrimSpace(strings.TrimPrefix(s[m[2]:m[3]], "#"))
	}
	if m[4] >= 0 {
		from = strings.TrimSpace(s[m[4]:m[5]])
		from = strings.TrimSpace(from[strings.Index(from, "=")+1:])
	}
	if id == "" && from == "" {
		return s, nil
	}
	if id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return "", parley.Invalid("markdown", "line %d: %q is not a point id; write {#12}", line, id)
		}
		p.ID = n
	}
	if from != "" {
		for _, f := range strings.Split(from, ",") {
			n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
			if err != nil || n <= 0 {
				return "", parley.Invalid("markdown", "line %d: from=%s must list point ids, as in {from=5,6}", line, from)
			}
			p.From = append(p.From, n)
		}
	}
	return strings.TrimSpace(s[:m[0]]), nil
}

// Write renders a draft as Markdown. With markers set, every section and
// point carries its identity marker, so that the text can be edited and
// tabled again as the next draft.
func Write(d *parley.Draft, markers bool) string {
	var b strings.Builder
	title := d.Title
	if title == "" {
		title = fmt.Sprintf("Draft %d", d.Number)
	}
	fmt.Fprintf(&b, "# %s\n", heading(title))
	if d.Note != "" {
		fmt.Fprintf(&b, "\n%s\n", d.Note)
	}
	kindOf := map[int64]parley.PointKind{}
	sectionDepth := map[int64]int{}
	pointDepth := map[int64]int{}
	prevKind := parley.KindSection
	for _, p := range d.Points {
		kindOf[p.ID] = p.Kind
		marker := ""
		if markers {
			marker = fmt.Sprintf(" {#%d}", p.ID)
			if !d.Tabled && len(p.From) > 0 {
				marker = fmt.Sprintf(" {#%d from=%s}", p.ID, joinIDs(p.From))
			}
		}
		if p.Kind == parley.KindSection {
			depth := 0
			if p.Parent != 0 {
				depth = sectionDepth[p.Parent] + 1
			}
			sectionDepth[p.ID] = depth
			level := min(2+depth, 6)
			title := oneLine(p.Title)
			if marker == "" {
				title = heading(p.Title)
			}
			fmt.Fprintf(&b, "\n%s %s%s\n", strings.Repeat("#", level), title, marker)
			if p.Text != "" {
				fmt.Fprintf(&b, "\n%s\n", p.Text)
			}
			prevKind = parley.KindSection
			continue
		}
		depth := 0
		if kindOf[p.Parent] == parley.KindPoint {
			depth = pointDepth[p.Parent] + 1
		}
		pointDepth[p.ID] = depth
		if prevKind == parley.KindSection {
			b.WriteString("\n")
		}
		prevKind = parley.KindPoint
		indent := strings.Repeat(" ", 4*depth)
		label := p.Number
		if i := strings.LastIndex(label, "."); i >= 0 {
			label = label[i+1:]
		}
		if label == "" {
			label = "-"
		} else {
			label += "."
		}
		text := p.Text
		if p.Title != "" {
			text = "**" + p.Title + ".** " + text
		}
		paras := strings.Split(text, "\n\n")
		fmt.Fprintf(&b, "%s%s %s", indent, label, paras[0])
		for _, para := range paras[1:] {
			fmt.Fprintf(&b, "\n\n%s    %s", indent, para)
		}
		fmt.Fprintf(&b, "%s\n", marker)
	}
	return b.String()
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// heading writes a heading's text on one line; a text that ends in '#'
// gets a closing sequence, so the reader does not take its hashes for one.
func heading(s string) string {
	s = oneLine(s)
	if strings.HasSuffix(s, "#") {
		return s + " #"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

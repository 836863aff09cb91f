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
	in := &parley.DraftInput{}
	var roots []*node
	var sections []*node // open sections, outermost first
	var items []*node    // open items, outermost first
	var note []string
	var last *node // the node that following text lines belong to
	blank := false

	sc := bufio.NewScanner(strings.NewReader(src))
	sc.Buffer(make([]byte, 64*1024), MaxSize+1)
	lineNo := 0
	first := true
	for sc.Scan() {
		lineNo++
		// Tabs count as four spaces, vertical tabs and form feeds as one;
		// other white space (a non-breaking space) is text.
		raw := strings.NewReplacer("\t", "    ", "\v", " ", "\f", " ").Replace(sc.Text())
		line := strings.TrimRight(raw, " \r")
		if trim(line) == "" {
			blank = true
			continue
		}
		wasFirst := first
		first = false
		if m := headingRE.FindStringSubmatch(line); m != nil {
			level := len(m[1])
			if wasFirst && level == 1 {
				in.Title = oneLine(m[2])
				continue
			}
			n := &node{in: parley.PointInput{Kind: parley.KindSection}, indent: -1, level: level, line: lineNo}
			title, err := takeMarker(&n.in, oneLine(m[2]), lineNo)
			if err != nil {
				return nil, err
			}
			n.in.Title = title
			items = nil
			for len(sections) > 0 && sections[len(sections)-1].level >= level {
				sections = sections[:len(sections)-1]
			}
			if len(sections) == 0 {
				roots = append(roots, n)
			} else {
				p := sections[len(sections)-1]
				p.kids = append(p.kids, n)
			}
			sections = append(sections, n)
			last, blank = n, false
			continue
		}
		if m := itemRE.FindStringSubmatch(line); m != nil {
			indent := len(m[1])
			n := &node{in: parley.PointInput{Kind: parley.KindPoint, Text: m[4]}, indent: indent, line: lineNo}
			for len(items) > 0 && items[len(items)-1].indent >= indent {
				items = items[:len(items)-1]
			}
			switch {
			case len(items) > 0:
				p := items[len(items)-1]
				p.kids = append(p.kids, n)
			case len(sections) > 0:
				p := sections[len(sections)-1]
				p.kids = append(p.kids, n)
			default:
				roots = append(roots, n)
			}
			items = append(items, n)
			last, blank = n, false
			continue
		}
		text := trim(line)
		switch {
		case last == nil:
			note = appendText(note, text, blank)
		case last.indent >= 0 && blank:
			// A paragraph after a blank line belongs to the innermost open
			// point it is indented under, else to the section.
			lead := leadingSpaces(line)
			for len(items) > 0 && items[len(items)-1].indent >= lead {
				items = items[:len(items)-1]
			}
			switch {
			case len(items) > 0:
				last = items[len(items)-1]
			case len(sections) > 0:
				last = sections[len(sections)-1]
			default:
				return nil, parley.Invalid("markdown", "line %d: text after the points must be indented under a point or follow a heading", lineNo)
			}
			last.in.Text = joinText(last.in.Text, text, true)
		default:
			last.in.Text = joinText(last.in.Text, text, blank)
		}
		blank = false
	}
	if err := sc.Err(); err != nil {
		return nil, parley.Invalid("markdown", "line %d: %v", lineNo+1, err)
	}
	in.Note = strings.Join(note, "")
	var build func(ns []*node) ([]parley.PointInput, error)
	build = func(ns []*node) ([]parley.PointInput, error) {
		var out []parley.PointInput
		for _, n := range ns {
			if n.in.Kind == parley.KindPoint {
				text, err := takeMarker(&n.in, n.in.Text, n.line)
				if err != nil {
					return nil, err
				}
				// A bold opening is the title when both it and the rest say
				// something; "**0**" alone is text.
				if m := titleRE.FindStringSubmatch(text); m != nil {
					title := strings.TrimRight(strings.TrimSpace(m[1]), ".:")
					if rest := text[len(m[0]):]; title != "" && trim(rest) != "" {
						n.in.Title, text = title, rest
					}
				}
				n.in.Text = text
				if strings.TrimSpace(n.in.Text) == "" {
					return nil, parley.Invalid("markdown", "line %d: a point has no text", n.line)
				}
			}
			kids, err := build(n.kids)
			if err != nil {
				return nil, err
			}
			n.in.Points = kids
			out = append(out, n.in)
		}
		return out, nil
	}
	var err error
	if in.Points, err = build(roots); err != nil {
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

// trim removes the white space the line patterns know, and no other.
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

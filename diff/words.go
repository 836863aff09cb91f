// Package diff compares drafts of the negotiating text: point by point,
// following each point's stable identity through splits and merges, and
// word by word inside a point whose text changed.
package diff

import (
	"strings"
	"unicode"
)

// OpKind is what a word-level edit does.
type OpKind string

// The kinds of word-level edit.
const (
	Equal  OpKind = "equal"
	Insert OpKind = "insert"
	Delete OpKind = "delete"
)

// Op is one run of a word-level diff: text kept, inserted or deleted.
type Op struct {
	Kind OpKind `json:"op"`
	Text string `json:"text"`
}

// maxCells bounds the work of the word-level comparison; beyond it, the
// middle of two very long texts is reported as replaced whole.
const maxCells = 4 << 20

// Words returns the word-level edits that turn a into b: runs of equal,
// deleted and inserted text, whose Equal and Delete runs spell a and whose
// Equal and Insert runs spell b. Words, spaces and punctuation marks are the
// units compared, so an edit never splits a word.
func Words(a, b string) []Op {
	x, y := tokens(a), tokens(b)
	// Common prefix and suffix need no table.
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []Op
	add := func(k OpKind, s string) {
		if s == "" {
			return
		}
		if n := len(ops); n > 0 && ops[n-1].Kind == k {
			ops[n-1].Text += s
			return
		}
		ops = append(ops, Op{k, s})
	}
	add(Equal, strings.Join(x[:pre], ""))
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]
	if len(mx)*len(my) > maxCells {
		add(Delete, strings.Join(mx, ""))
		add(Insert, strings.Join(my, ""))
	} else {
		for _, op := range lcsOps(mx, my) {
			add(op.Kind, op.Text)
		}
	}
	add(Equal, strings.Join(x[len(x)-suf:], ""))
	return tidy(ops)
}

// tidy folds white space left equal between two changes into the change,
// so that "at once" → "in stages" reads as one replacement, and puts each
// changed stretch's deletion before its insertion.
func tidy(ops []Op) []Op {
	var out []Op
	var del, ins strings.Builder
	flush := func() {
		if del.Len() > 0 {
			out = append(out, Op{Delete, del.String()})
		}
		if ins.Len() > 0 {
			out = append(out, Op{Insert, ins.String()})
		}
		del.Reset()
		ins.Reset()
	}
	for i, op := range ops {
		switch {
		case op.Kind == Delete:
			del.WriteString(op.Text)
		case op.Kind == Insert:
			ins.WriteString(op.Text)
		case (del.Len() > 0 || ins.Len() > 0) && i+1 < len(ops) && strings.TrimSpace(op.Text) == "":
			del.WriteString(op.Text)
			ins.WriteString(op.Text)
		default:
			flush()
			out = append(out, op)
		}
	}
	flush()
	return out
}

// lcsOps aligns x and y on a longest common subsequence of tokens.
func lcsOps(x, y []string) []Op {
	n, m := len(x), len(y)
	// l[i][j] is the LCS length of x[i:] and y[j:].
	l := make([][]int32, n+1)
	for i := range l {
		l[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var ops []Op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, Op{Equal, x[i]})
			i++
			j++
		case j < m && (i == n || l[i][j+1] >= l[i+1][j]):
			ops = append(ops, Op{Insert, y[j]})
			j++
		default:
			ops = append(ops, Op{Delete, x[i]})
			i++
		}
	}
	return ops
}

// tokens splits s into words (letters, digits and the marks inside words),
// runs of white space, and single other characters.
func tokens(s string) []string {
	var out []string
	start := 0
	kind := -1
	classOf := func(r rune) int {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			return 0
		case unicode.IsSpace(r):
			return 1
		}
		return 2
	}
	for i, r := range s {
		c := classOf(r)
		if i > 0 && (c != kind || c == 2) {
			out = append(out, s[start:i])
			start = i
		}
		kind = c
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// Package genius reads negotiation scenarios in the XML format of GENIUS,
// the General Environment for Negotiation with Intelligent multi-purpose
// Usage Simulation (genius.ii.tudelft.nl) used by the Automated Negotiating
// Agents Competition: a domain file and one utility-space file per party.
//
// Discrete issues keep their items as options; integer issues become one
// option per integer from lowerbound to upperbound, evaluated as GENIUS's
// EvaluatorInteger does: slope × (value − lowerbound) + offset, clamped to
// [0, 1], and not divided by a maximum (see [analysis.Profile.Absolute]).
// A party's name is its profile file's name without ".xml". Reservation
// values are read; discount factors are ignored with a warning, since the
// analysis has no notion of time. Real-valued issues are not supported.
package genius

import (
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/parley-talks/parley/analysis"
)

// node is a generic XML element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
}

func (n *node) attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// describe names an element for error messages.
func (n *node) describe() string {
	s := "<" + n.XMLName.Local
	for _, k := range []string{"name", "value", "index"} {
		if v, ok := n.attr(k); ok {
			s += fmt.Sprintf(" %s=%q", k, v)
			break
		}
	}
	return s + ">"
}

// item is an <item> of a discrete issue with its value.
type item struct {
	node  *node
	value string
}

// items returns the <item> children of an issue with their values, or an
// error naming an item without one.
func (n *node) items() ([]item, error) {
	out := make([]item, 0, len(n.Nodes))
	for i := range n.Nodes {
		it := &n.Nodes[i]
		if it.XMLName.Local != "item" {
			continue
		}
		v, ok := it.attr("value")
		if !ok {
			return nil, fmt.Errorf("%s has no value", it.describe())
		}
		out = append(out, item{it, v})
	}
	return out, nil
}

// parse reads an XML file into a tree of nodes and returns its
// <utility_space> element.
func parse(r io.Reader, file string) (*node, error) {
	var sb strings.Builder // String() does not copy
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			sb.Grow(int(fi.Size()))
		}
	}
	if _, err := io.Copy(&sb, r); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	root, ok := scanTree(sb.String())
	if !ok {
		root = new(node)
		if err := xml.NewDecoder(strings.NewReader(sb.String())).Decode(root); err != nil {
			return nil, fmt.Errorf("%s: malformed XML: %v", file, err)
		}
	}
	us := findUtilitySpace(root)
	if us == nil {
		return nil, fmt.Errorf("%s: no <utility_space> element", file)
	}
	return us, nil
}

func findUtilitySpace(n *node) *node {
	if n.XMLName.Local == "utility_space" {
		return n
	}
	for i := range n.Nodes {
		if u := findUtilitySpace(&n.Nodes[i]); u != nil {
			return u
		}
	}
	return nil
}

// collect walks objectives and gathers issue and weight elements, without
// descending into issues.
func collect(n *node, issues, weights *[]*node) {
	for i := range n.Nodes {
		c := &n.Nodes[i]
		switch c.XMLName.Local {
		case "issue":
			*issues = append(*issues, c)
		case "weight":
			*weights = append(*weights, c)
		default:
			collect(c, issues, weights)
		}
	}
}

func intAttr(n *node, name string) (int64, error) {
	s, ok := n.attr(name)
	if !ok {
		return 0, fmt.Errorf("no %s attribute", name)
	}
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not an integer", name, s)
	}
	return v, nil
}

func ratAttr(n *node, name string) (*big.Rat, error) {
	s, ok := n.attr(name)
	if !ok {
		return nil, fmt.Errorf("no %s attribute", name)
	}
	r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
	if !ok {
		return nil, fmt.Errorf("%s %q is not a number", name, s)
	}
	return r, nil
}

// floatAttr returns a number attribute as the float64 nearest to it:
// plain decimals through strconv.ParseFloat, which rounds them as
// big.Rat does, anything else (fractions such as 1/3) through big.Rat.
func floatAttr(n *node, name string) (float64, error) {
	if s, ok := n.attr(name); ok && plainDecimal(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f + 0, nil // −0 is 0, as from big.Rat
		}
	}
	r, err := ratAttr(n, name)
	if err != nil {
		return 0, err
	}
	f, _ := r.Float64()
	return f, nil
}

// plainDecimal reports whether s is an optionally signed decimal with
// digits, at most one point and an optional exponent: what ParseFloat and
// big.Rat's SetString read alike.
func plainDecimal(s string) bool {
	t := 0
	if t < len(s) && (s[t] == '-' || s[t] == '+') {
		t++
	}
	digits, point := 0, false
	for ; t < len(s); t++ {
		switch c := s[t]; {
		case '0' <= c && c <= '9':
			digits++
			continue
		case c == '.' && !point:
			point = true
			continue
		}
		break
	}
	if digits == 0 {
		return false
	}
	if t < len(s) && (s[t] == 'e' || s[t] == 'E') {
		t++
		if t < len(s) && (s[t] == '-' || s[t] == '+') {
			t++
		}
		from := t
		for t < len(s) && '0' <= s[t] && s[t] <= '9' {
			t++
		}
		if t == from {
			return false
		}
	}
	return t == len(s)
}

// Load reads a domain file and one profile file per party into a
// scenario named after the domain file. It returns the readers' warnings.
func Load(domainFile string, profileFiles ...string) (analysis.Scenario, []string, error) {
	var sc analysis.Scenario
	if len(profileFiles) == 0 {
		return sc, nil, fmt.Errorf("%s: no profile files", domainFile)
	}
	f, err := os.Open(domainFile)
	if err != nil {
		return sc, nil, err
	}
	d, err := ReadDomain(f, domainFile)
	f.Close()
	if err != nil {
		return sc, nil, err
	}
	sc.Name = strings.TrimSuffix(filepath.Base(domainFile), ".xml")
	sc.Space = d.Space
	var warnings []string
	for _, pf := range profileFiles {
		f, err := os.Open(pf)
		if err != nil {
			return sc, nil, err
		}
		pr, w, err := ReadProfile(f, pf, d)
		f.Close()
		if err != nil {
			return sc, nil, err
		}
		warnings = append(warnings, w...)
		sc.Profiles = append(sc.Profiles, pr)
	}
	return sc, warnings, nil
}

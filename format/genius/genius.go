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
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/parley-talks/parley/analysis"
)

// maxIntegerOptions bounds the options an integer issue may expand into.
const maxIntegerOptions = 100000

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

// Domain is a parsed GENIUS domain file.
type Domain struct {
	// Space is the issue space.
	Space analysis.Space
	// file is the file name used in messages.
	file    string
	integer []bool
	lower   []int64
	byIndex map[string]int // issue index attribute → position
}

func parse(r io.Reader, file string) (*node, error) {
	var root node
	if err := xml.NewDecoder(r).Decode(&root); err != nil {
		return nil, fmt.Errorf("%s: malformed XML: %v", file, err)
	}
	us := findUtilitySpace(&root)
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

func issueType(n *node) string {
	for _, k := range []string{"etype", "type", "vtype"} {
		if v, ok := n.attr(k); ok && v != "" {
			return v
		}
	}
	return "discrete"
}

// ReadDomain parses a GENIUS domain file; file names it in errors.
func ReadDomain(r io.Reader, file string) (*Domain, error) {
	us, err := parse(r, file)
	if err != nil {
		return nil, err
	}
	var issues, weights []*node
	collect(us, &issues, &weights)
	if len(issues) == 0 {
		return nil, fmt.Errorf("%s: no <issue> elements", file)
	}
	d := &Domain{file: file, byIndex: map[string]int{}}
	names := map[string]bool{}
	for pos, is := range issues {
		name, _ := is.attr("name")
		if name == "" {
			return nil, fmt.Errorf("%s: %s: issue without a name", file, is.describe())
		}
		if names[name] {
			return nil, fmt.Errorf("%s: %s: duplicate issue name", file, is.describe())
		}
		names[name] = true
		if idx, ok := is.attr("index"); ok {
			d.byIndex[idx] = pos
		}
		issue := analysis.Issue{Name: name}
		var lower int64
		integer := false
		switch t := issueType(is); t {
		case "discrete":
			seen := map[string]bool{}
			for i := range is.Nodes {
				it := &is.Nodes[i]
				if it.XMLName.Local != "item" {
					continue
				}
				v, ok := it.attr("value")
				if !ok {
					return nil, fmt.Errorf("%s: %s: %s has no value", file, is.describe(), it.describe())
				}
				if seen[v] {
					continue // GENIUS keys items by value: a repeat adds nothing.
				}
				seen[v] = true
				issue.Options = append(issue.Options, v)
			}
			if len(issue.Options) == 0 {
				return nil, fmt.Errorf("%s: %s: issue has no options", file, is.describe())
			}
		case "integer":
			integer = true
			lo, err := intAttr(is, "lowerbound")
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %v", file, is.describe(), err)
			}
			hi, err := intAttr(is, "upperbound")
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %v", file, is.describe(), err)
			}
			if hi < lo {
				return nil, fmt.Errorf("%s: %s: upperbound %d below lowerbound %d: issue has no options", file, is.describe(), hi, lo)
			}
			if span := uint64(hi) - uint64(lo); span >= maxIntegerOptions {
				return nil, fmt.Errorf("%s: %s: range %d…%d has more than %d values", file, is.describe(), lo, hi, maxIntegerOptions)
			}
			lower = lo
			for v := lo; v <= hi; v++ {
				issue.Options = append(issue.Options, strconv.FormatInt(v, 10))
			}
		default:
			return nil, fmt.Errorf("%s: %s: unsupported issue type %q", file, is.describe(), t)
		}
		d.Space.Issues = append(d.Space.Issues, issue)
		d.integer = append(d.integer, integer)
		d.lower = append(d.lower, lower)
	}
	return d, nil
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

func floatAttr(n *node, name string) (float64, error) {
	r, err := ratAttr(n, name)
	if err != nil {
		return 0, err
	}
	f, _ := r.Float64()
	return f, nil
}

// ReadProfile parses a GENIUS utility-space file for domain d; file names
// it in errors and, without its directory and ".xml", names the party.
// It returns warnings for what it ignored or filled in.
func ReadProfile(r io.Reader, file string, d *Domain) (analysis.Profile, []string, error) {
	var warnings []string
	pr := analysis.Profile{Party: strings.TrimSuffix(filepath.Base(file), ".xml")}
	us, err := parse(r, file)
	if err != nil {
		return pr, nil, err
	}
	n := len(d.Space.Issues)
	pr.Weights = make([]float64, n)
	pr.Evaluations = make([][]float64, n)
	pr.Absolute = make([]bool, n)
	for i := range us.Nodes {
		c := &us.Nodes[i]
		switch c.XMLName.Local {
		case "reservation":
			if pr.Reservation, err = floatAttr(c, "value"); err != nil {
				return pr, nil, fmt.Errorf("%s: %s: %v", file, c.describe(), err)
			}
		case "discount_factor":
			v, err := floatAttr(c, "value")
			if err != nil {
				return pr, nil, fmt.Errorf("%s: %s: %v", file, c.describe(), err)
			}
			if v != 1 {
				warnings = append(warnings, fmt.Sprintf("%s: discount factor %v ignored", file, v))
			}
		}
	}
	var issues, weights []*node
	collect(us, &issues, &weights)
	// Map the profile's issue index attributes to domain positions.
	local := map[string]int{}
	done := make([]bool, n)
	for _, is := range issues {
		pos := -1
		if name, ok := is.attr("name"); ok && name != "" {
			pos = d.Space.IssueIndex(name)
			if pos < 0 {
				return pr, nil, fmt.Errorf("%s: %s: no such issue in the domain %s", file, is.describe(), d.file)
			}
		} else if idx, ok := is.attr("index"); ok {
			p, ok := d.byIndex[idx]
			if !ok {
				return pr, nil, fmt.Errorf("%s: %s: no issue with this index in the domain %s", file, is.describe(), d.file)
			}
			pos = p
		} else {
			return pr, nil, fmt.Errorf("%s: %s: issue without name or index", file, is.describe())
		}
		if done[pos] {
			return pr, nil, fmt.Errorf("%s: %s: issue appears twice", file, is.describe())
		}
		done[pos] = true
		if idx, ok := is.attr("index"); ok {
			local[idx] = pos
		}
		var w []string
		if d.integer[pos] {
			pr.Evaluations[pos], err = integerEvaluations(is, d, pos)
			pr.Absolute[pos] = true
		} else {
			pr.Evaluations[pos], w, err = discreteEvaluations(is, d, pos, file)
		}
		if err != nil {
			return pr, nil, fmt.Errorf("%s: %s: %v", file, is.describe(), err)
		}
		warnings = append(warnings, w...)
	}
	for pos, ok := range done {
		if !ok {
			return pr, nil, fmt.Errorf("%s: issue %q of the domain has no evaluations", file, d.Space.Issues[pos].Name)
		}
	}
	hasWeight := make([]bool, n)
	for _, w := range weights {
		idx, _ := w.attr("index")
		pos, ok := local[idx]
		if !ok {
			return pr, nil, fmt.Errorf("%s: %s: no issue with this index", file, w.describe())
		}
		v, err := floatAttr(w, "value")
		if err != nil {
			return pr, nil, fmt.Errorf("%s: %s: %v", file, w.describe(), err)
		}
		if v < 0 {
			return pr, nil, fmt.Errorf("%s: %s: negative weight %v", file, w.describe(), v)
		}
		pr.Weights[pos] = v
		hasWeight[pos] = true
	}
	for pos, ok := range hasWeight {
		if !ok {
			return pr, nil, fmt.Errorf("%s: issue %q has no <weight>", file, d.Space.Issues[pos].Name)
		}
	}
	return pr, warnings, nil
}

func discreteEvaluations(is *node, d *Domain, pos int, file string) ([]float64, []string, error) {
	var warnings []string
	ev := make([]float64, len(d.Space.Issues[pos].Options))
	set := make([]bool, len(ev))
	for i := range is.Nodes {
		it := &is.Nodes[i]
		if it.XMLName.Local != "item" {
			continue
		}
		v, ok := it.attr("value")
		if !ok {
			return nil, nil, fmt.Errorf("%s has no value", it.describe())
		}
		j := d.Space.OptionIndex(pos, v)
		if j < 0 {
			return nil, nil, fmt.Errorf("%s: no such option in the domain", it.describe())
		}
		e, err := floatAttr(it, "evaluation")
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", it.describe(), err)
		}
		if e < 0 {
			return nil, nil, fmt.Errorf("%s: negative evaluation %v", it.describe(), e)
		}
		if set[j] && ev[j] != e {
			// GENIUS keeps the last item read for a value.
			warnings = append(warnings, fmt.Sprintf("%s: %s: %s repeated; the last evaluation, %v, counts", file, is.describe(), it.describe(), e))
		}
		ev[j], set[j] = e, true
	}
	for j, ok := range set {
		if !ok {
			warnings = append(warnings, fmt.Sprintf("%s: %s: option %q has no evaluation; 0 assumed", file, is.describe(), d.Space.Issues[pos].Options[j]))
		}
	}
	return ev, warnings, nil
}

func integerEvaluations(is *node, d *Domain, pos int) ([]float64, error) {
	var ev *node
	for i := range is.Nodes {
		if is.Nodes[i].XMLName.Local == "evaluator" {
			ev = &is.Nodes[i]
		}
	}
	if ev == nil {
		return nil, fmt.Errorf("integer issue without <evaluator>")
	}
	if ft, _ := ev.attr("ftype"); ft != "linear" {
		return nil, fmt.Errorf("%s: unsupported ftype %q, want \"linear\"", ev.describe(), ft)
	}
	slope, err := ratAttr(ev, "slope")
	if err != nil {
		return nil, fmt.Errorf("%s: %v", ev.describe(), err)
	}
	offset, err := ratAttr(ev, "offset")
	if err != nil {
		return nil, fmt.Errorf("%s: %v", ev.describe(), err)
	}
	opts := d.Space.Issues[pos].Options
	out := make([]float64, len(opts))
	one := big.NewRat(1, 1)
	for j := range opts {
		// value − lowerbound is j.
		x := new(big.Rat).Mul(slope, big.NewRat(int64(j), 1))
		x.Add(x, offset)
		if x.Sign() < 0 {
			x.SetInt64(0)
		}
		if x.Cmp(one) > 0 {
			x.Set(one)
		}
		out[j], _ = x.Float64()
	}
	return out, nil
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

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

// item is an <item> of a discrete issue with its value.
type item struct {
	node  *node
	value string
}

// items returns the <item> children of an issue with their values, or an
// error naming an item without one.
func (n *node) items() ([]item, error) {
	var out []item
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
			issue.Options, err = discreteOptions(is)
		case "integer":
			integer = true
			lower, issue.Options, err = integerOptions(is)
		default:
			err = fmt.Errorf("unsupported issue type %q", t)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", file, is.describe(), err)
		}
		d.Space.Issues = append(d.Space.Issues, issue)
		d.integer = append(d.integer, integer)
		d.lower = append(d.lower, lower)
	}
	return d, nil
}

// discreteOptions returns the values of a discrete issue's items, each
// once.
func discreteOptions(is *node) ([]string, error) {
	items, err := is.items()
	if err != nil {
		return nil, err
	}
	var options []string
	seen := map[string]bool{}
	for _, it := range items {
		if seen[it.value] {
			continue // GENIUS keys items by value: a repeat adds nothing.
		}
		seen[it.value] = true
		options = append(options, it.value)
	}
	if len(options) == 0 {
		return nil, fmt.Errorf("issue has no options")
	}
	return options, nil
}

// integerOptions returns the lower bound of an integer issue and its
// values from the lower to the upper bound.
func integerOptions(is *node) (int64, []string, error) {
	lo, err := intAttr(is, "lowerbound")
	if err != nil {
		return 0, nil, err
	}
	hi, err := intAttr(is, "upperbound")
	if err != nil {
		return 0, nil, err
	}
	if hi < lo {
		return 0, nil, fmt.Errorf("upperbound %d below lowerbound %d: issue has no options", hi, lo)
	}
	if span := uint64(hi) - uint64(lo); span >= maxIntegerOptions {
		return 0, nil, fmt.Errorf("range %d…%d has more than %d values", lo, hi, maxIntegerOptions)
	}
	var options []string
	for v := lo; v <= hi; v++ {
		options = append(options, strconv.FormatInt(v, 10))
	}
	return lo, options, nil
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
	us, err := parse(r, file)
	if err != nil {
		return analysis.Profile{Party: strings.TrimSuffix(filepath.Base(file), ".xml")}, nil, err
	}
	pr := newProfileReader(file, d)
	if err := pr.settings(us); err != nil {
		return pr.profile, nil, err
	}
	var issues, weights []*node
	collect(us, &issues, &weights)
	done := make([]bool, len(d.Space.Issues))
	for _, is := range issues {
		if err := pr.issue(is, done); err != nil {
			return pr.profile, nil, err
		}
	}
	for pos, ok := range done {
		if !ok {
			return pr.profile, nil, fmt.Errorf("%s: issue %q of the domain has no evaluations", file, d.Space.Issues[pos].Name)
		}
	}
	if err := pr.weights(weights); err != nil {
		return pr.profile, nil, err
	}
	return pr.profile, pr.warnings, nil
}

// profileReader is the state of ReadProfile.
type profileReader struct {
	file     string
	d        *Domain
	profile  analysis.Profile
	warnings []string
	local    map[string]int // the profile's issue index attributes → domain positions
}

func newProfileReader(file string, d *Domain) *profileReader {
	n := len(d.Space.Issues)
	return &profileReader{
		file: file,
		d:    d,
		profile: analysis.Profile{
			Party:       strings.TrimSuffix(filepath.Base(file), ".xml"),
			Weights:     make([]float64, n),
			Evaluations: make([][]float64, n),
			Absolute:    make([]bool, n),
		},
		local: map[string]int{},
	}
}

// settings reads the reservation value and the discount factor, which
// Parley ignores with a warning.
func (r *profileReader) settings(us *node) error {
	for i := range us.Nodes {
		c := &us.Nodes[i]
		switch c.XMLName.Local {
		case "reservation":
			v, err := floatAttr(c, "value")
			if err != nil {
				return fmt.Errorf("%s: %s: %v", r.file, c.describe(), err)
			}
			r.profile.Reservation = v
		case "discount_factor":
			v, err := floatAttr(c, "value")
			if err != nil {
				return fmt.Errorf("%s: %s: %v", r.file, c.describe(), err)
			}
			if v != 1 {
				r.warnings = append(r.warnings, fmt.Sprintf("%s: discount factor %v ignored", r.file, v))
			}
		}
	}
	return nil
}

// issue reads the evaluations of an issue, found in the domain by name or
// else by index, and marks it done.
func (r *profileReader) issue(is *node, done []bool) error {
	pos, err := r.position(is)
	if err != nil {
		return err
	}
	if done[pos] {
		return fmt.Errorf("%s: %s: issue appears twice", r.file, is.describe())
	}
	done[pos] = true
	if idx, ok := is.attr("index"); ok {
		r.local[idx] = pos
	}
	var w []string
	if r.d.integer[pos] {
		r.profile.Evaluations[pos], err = integerEvaluations(is, r.d, pos)
		r.profile.Absolute[pos] = true
	} else {
		r.profile.Evaluations[pos], w, err = discreteEvaluations(is, r.d, pos, r.file)
	}
	if err != nil {
		return fmt.Errorf("%s: %s: %v", r.file, is.describe(), err)
	}
	r.warnings = append(r.warnings, w...)
	return nil
}

// position returns the domain position of a profile's issue: by name, or
// else by index.
func (r *profileReader) position(is *node) (int, error) {
	if name, ok := is.attr("name"); ok && name != "" {
		pos := r.d.Space.IssueIndex(name)
		if pos < 0 {
			return 0, fmt.Errorf("%s: %s: no such issue in the domain %s", r.file, is.describe(), r.d.file)
		}
		return pos, nil
	}
	if idx, ok := is.attr("index"); ok {
		pos, ok := r.d.byIndex[idx]
		if !ok {
			return 0, fmt.Errorf("%s: %s: no issue with this index in the domain %s", r.file, is.describe(), r.d.file)
		}
		return pos, nil
	}
	return 0, fmt.Errorf("%s: %s: issue without name or index", r.file, is.describe())
}

// weights reads the <weight> elements, which name issues by the profile's
// index attributes; every issue must have one.
func (r *profileReader) weights(weights []*node) error {
	hasWeight := make([]bool, len(r.d.Space.Issues))
	for _, w := range weights {
		idx, _ := w.attr("index")
		pos, ok := r.local[idx]
		if !ok {
			return fmt.Errorf("%s: %s: no issue with this index", r.file, w.describe())
		}
		v, err := floatAttr(w, "value")
		if err != nil {
			return fmt.Errorf("%s: %s: %v", r.file, w.describe(), err)
		}
		if v < 0 {
			return fmt.Errorf("%s: %s: negative weight %v", r.file, w.describe(), v)
		}
		r.profile.Weights[pos] = v
		hasWeight[pos] = true
	}
	for pos, ok := range hasWeight {
		if !ok {
			return fmt.Errorf("%s: issue %q has no <weight>", r.file, r.d.Space.Issues[pos].Name)
		}
	}
	return nil
}

func discreteEvaluations(is *node, d *Domain, pos int, file string) ([]float64, []string, error) {
	var warnings []string
	ev := make([]float64, len(d.Space.Issues[pos].Options))
	set := make([]bool, len(ev))
	items, err := is.items()
	if err != nil {
		return nil, nil, err
	}
	for _, x := range items {
		it, v := x.node, x.value
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

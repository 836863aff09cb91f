package genius

import (
	"fmt"
	"io"
	"math/big"
	"path/filepath"
	"strings"

	"github.com/parley-talks/parley/analysis"
)

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

// newProfileReader starts reading a profile of domain d from file.
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
		pos := r.d.names().Issue(name)
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
	opts := d.Space.Issues[pos].Options
	next := 0
	for _, x := range items {
		it, v := x.node, x.value
		// Files list the items in the domain's order: try the next
		// option before the index (the domain's options are distinct).
		j := next
		if j >= len(opts) || opts[j] != v {
			j = d.names().Option(pos, v)
		}
		next = j + 1
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

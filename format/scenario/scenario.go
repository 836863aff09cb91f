// Package scenario reads and writes Parley's own scenario format: one YAML
// file holding an issue space and every party's preferences, easy to write
// by hand. examples/peace-talks.yaml is a complete example:
//
//	name: Peace talks (illustrative)
//	issues:
//	  - name: Ceasefire line
//	    options: [Current line of contact, Phased withdrawal, Pre-war border]
//	  - name: Sanctions
//	    options: [Kept, Eased in stages, Lifted]
//	parties:
//	  - name: Eastern Federation
//	    reservation: 0.3
//	    weights: {Ceasefire line: 0.6, Sanctions: 0.4}
//	    evaluations:
//	      Ceasefire line: {Current line of contact: 10, Phased withdrawal: 5, Pre-war border: 1}
//	      Sanctions: {Kept: 0, Eased in stages: 6, Lifted: 10}
//
// Every issue needs a name and at least one option. Every party needs a
// name, a weight for every issue (non-negative; if they do not sum to 1 the
// analysis normalises them and warns) and evaluations for every issue: any
// non-negative numbers, divided by the issue's largest as GENIUS does, an
// option left out counting 0. The reservation value, what the party gets
// without agreement, defaults to 0. Unknown keys, issues and options are
// errors.
package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/parley-talks/parley/analysis"
)

type fileYAML struct {
	Name        string      `yaml:"name"`
	Description string      `yaml:"description,omitempty"`
	Issues      []issueYAML `yaml:"issues"`
	Parties     []partyYAML `yaml:"parties"`
}

type issueYAML struct {
	Name        string   `yaml:"name"`
	Description string   `yaml:"description,omitempty"`
	Options     []string `yaml:"options,flow"`
}

type partyYAML struct {
	Name        string      `yaml:"name"`
	Reservation float64     `yaml:"reservation,omitempty"`
	Weights     numbers     `yaml:"weights"`
	Evaluations numberTable `yaml:"evaluations"`
}

// Read parses a scenario; file names it in errors.
func Read(r io.Reader, file string) (analysis.Scenario, error) {
	var b strings.Builder
	if _, err := io.Copy(&b, r); err != nil {
		return analysis.Scenario{}, fmt.Errorf("%s: yaml: input error: %v", file, err)
	}
	return read(b.String(), file)
}

// read reads a scenario through the fast path if it can, else (an error
// included) through yaml.v3, so that errors are always yaml.v3's and the
// checks'.
func read(s, file string) (analysis.Scenario, error) {
	if f, ok := decodeFast(s); ok {
		if sc, err := f.scenario(file); err == nil {
			return sc, nil
		}
	}
	f, err := decodeYAML([]byte(s))
	if err != nil {
		return analysis.Scenario{}, fmt.Errorf("%s: %v", file, err)
	}
	return f.scenario(file)
}

// errEmpty is decodeYAML's error for a file without a document.
var errEmpty = errors.New("empty file")

// decodeYAML decodes a scenario with yaml.v3, which knows all of YAML.
func decodeYAML(b []byte) (fileYAML, error) {
	var f fileYAML
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return f, errEmpty
		}
		return f, err
	}
	return f, nil
}

// scenario checks a decoded file and returns its scenario.
func (f *fileYAML) scenario(file string) (analysis.Scenario, error) {
	var sc analysis.Scenario
	sc.Name = f.Name
	var err error
	var x *analysis.SpaceIndex
	if sc.Space, x, err = f.space(file); err != nil {
		return sc, err
	}
	if len(f.Parties) == 0 {
		return sc, fmt.Errorf("%s: parties: none", file)
	}
	for p, py := range f.Parties {
		if strings.TrimSpace(py.Name) == "" {
			return sc, fmt.Errorf("%s: parties[%d]: no name", file, p)
		}
		pr, err := py.profile(sc.Space, x, fmt.Sprintf("%s: parties[%d] %q", file, p, py.Name))
		if err != nil {
			return sc, err
		}
		sc.Profiles = append(sc.Profiles, pr)
	}
	return sc, nil
}

// space checks the issues, each named once with distinct options, and
// returns them as an issue space, with its index.
func (f *fileYAML) space(file string) (analysis.Space, *analysis.SpaceIndex, error) {
	var sp analysis.Space
	if len(f.Issues) == 0 {
		return sp, nil, fmt.Errorf("%s: issues: none", file)
	}
	for _, is := range f.Issues {
		sp.Issues = append(sp.Issues, analysis.Issue{Name: is.Name, Options: is.Options})
	}
	x := analysis.NewSpaceIndex(sp)
	for i, is := range sp.Issues {
		if strings.TrimSpace(is.Name) == "" {
			return sp, nil, fmt.Errorf("%s: issues[%d]: no name", file, i)
		}
		if x.Issue(is.Name) != i {
			return sp, nil, fmt.Errorf("%s: issues[%d] %q: the name appears twice", file, i, is.Name)
		}
		if len(is.Options) == 0 {
			return sp, nil, fmt.Errorf("%s: issues[%d] %q: no options", file, i, is.Name)
		}
		if !x.Distinct(sp, i) {
			for j, o := range is.Options {
				if x.Option(i, o) != j {
					return sp, nil, fmt.Errorf("%s: issues[%d] %q: option %q appears twice", file, i, is.Name, o)
				}
			}
		}
	}
	return sp, x, nil
}

// profile checks a party against the space and returns its profile;
// where names the party in errors. Options without an evaluation count
// 0.
func (py *partyYAML) profile(sp analysis.Space, x *analysis.SpaceIndex, where string) (analysis.Profile, error) {
	pr := analysis.Profile{Party: py.Name, Reservation: py.Reservation}
	if math.IsNaN(py.Reservation) || math.IsInf(py.Reservation, 0) {
		return pr, fmt.Errorf("%s: reservation: not a number", where)
	}
	weights, hasWeight, err := place(py.Weights.names, py.Weights.values, len(sp.Issues), x.Issue, "issue")
	if err != nil {
		return pr, fmt.Errorf("%s: weights: %w", where, err)
	}
	rows, hasRow, err := place(py.Evaluations.names, py.Evaluations.rows, len(sp.Issues), x.Issue, "issue")
	if err != nil {
		return pr, fmt.Errorf("%s: evaluations: %w", where, err)
	}
	for i, is := range sp.Issues {
		if !hasWeight[i] {
			return pr, fmt.Errorf("%s: weights: no weight for issue %q", where, is.Name)
		}
		if w := weights[i]; w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			return pr, fmt.Errorf("%s: weights: issue %q: %v is not a non-negative number", where, is.Name, w)
		}
		if !hasRow[i] {
			return pr, fmt.Errorf("%s: evaluations: none for issue %q", where, is.Name)
		}
		ev, err := evaluations(rows[i], x, is, i)
		if err != nil {
			return pr, fmt.Errorf("%s: evaluations: %w", where, err)
		}
		pr.Weights = append(pr.Weights, weights[i])
		pr.Evaluations = append(pr.Evaluations, ev)
	}
	return pr, nil
}

// evaluations returns a party's evaluation of each option of issue i,
// given as row.
func evaluations(row numbers, x *analysis.SpaceIndex, is analysis.Issue, i int) ([]float64, error) {
	ev, _, err := place(row.names, row.values, len(is.Options), func(o string) int { return x.Option(i, o) }, "option")
	if err != nil {
		return nil, fmt.Errorf("issue %q: %w", is.Name, err)
	}
	for j, e := range ev {
		if e < 0 || math.IsNaN(e) || math.IsInf(e, 0) {
			return nil, fmt.Errorf("issue %q: option %q: %v is not a non-negative number", is.Name, is.Options[j], e)
		}
	}
	return ev, nil
}

// place puts values, named by names, at the index find gives each name
// among n places, and says which places were given. A name find does not
// know (-1) is an error, and so is a repeated name (yaml.v3 reports those
// before, but the fast path leaves them to this check).
func place[V any](names []string, values []V, n int, find func(string) int, what string) ([]V, []bool, error) {
	out := make([]V, n)
	given := make([]bool, n)
	for k, name := range names {
		i := find(name)
		if i < 0 {
			return nil, nil, fmt.Errorf("no %s %q", what, name)
		}
		if given[i] {
			return nil, nil, fmt.Errorf("%s %q appears twice", what, name)
		}
		out[i], given[i] = values[k], true
	}
	return out, given, nil
}

// Load reads a scenario file. It reads the file into a string without a
// copy (the scalars the fast path reads are slices of it).
func Load(file string) (analysis.Scenario, error) {
	f, err := os.Open(file)
	if err != nil {
		return analysis.Scenario{}, err
	}
	defer f.Close()
	var b strings.Builder
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		b.Grow(int(st.Size()) + 1)
	}
	if _, err := io.Copy(&b, f); err != nil {
		return analysis.Scenario{}, err
	}
	return read(b.String(), file)
}

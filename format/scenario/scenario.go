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
	Name        string                        `yaml:"name"`
	Reservation float64                       `yaml:"reservation,omitempty"`
	Weights     map[string]float64            `yaml:"weights"`
	Evaluations map[string]map[string]float64 `yaml:"evaluations"`
}

// Read parses a scenario; file names it in errors.
func Read(r io.Reader, file string) (analysis.Scenario, error) {
	var sc analysis.Scenario
	var f fileYAML
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return sc, fmt.Errorf("%s: empty file", file)
		}
		return sc, fmt.Errorf("%s: %v", file, err)
	}
	sc.Name = f.Name
	if len(f.Issues) == 0 {
		return sc, fmt.Errorf("%s: issues: none", file)
	}
	for i, is := range f.Issues {
		if strings.TrimSpace(is.Name) == "" {
			return sc, fmt.Errorf("%s: issues[%d]: no name", file, i)
		}
		if sc.Space.IssueIndex(is.Name) >= 0 {
			return sc, fmt.Errorf("%s: issues[%d] %q: the name appears twice", file, i, is.Name)
		}
		if len(is.Options) == 0 {
			return sc, fmt.Errorf("%s: issues[%d] %q: no options", file, i, is.Name)
		}
		seen := map[string]bool{}
		for _, o := range is.Options {
			if seen[o] {
				return sc, fmt.Errorf("%s: issues[%d] %q: option %q appears twice", file, i, is.Name, o)
			}
			seen[o] = true
		}
		sc.Space.Issues = append(sc.Space.Issues, analysis.Issue{Name: is.Name, Options: is.Options})
	}
	if len(f.Parties) == 0 {
		return sc, fmt.Errorf("%s: parties: none", file)
	}
	for p, py := range f.Parties {
		where := fmt.Sprintf("%s: parties[%d] %q", file, p, py.Name)
		if strings.TrimSpace(py.Name) == "" {
			return sc, fmt.Errorf("%s: parties[%d]: no name", file, p)
		}
		pr := analysis.Profile{Party: py.Name, Reservation: py.Reservation}
		if math.IsNaN(py.Reservation) || math.IsInf(py.Reservation, 0) {
			return sc, fmt.Errorf("%s: reservation: not a number", where)
		}
		for name := range py.Weights {
			if sc.Space.IssueIndex(name) < 0 {
				return sc, fmt.Errorf("%s: weights: no issue %q", where, name)
			}
		}
		for name := range py.Evaluations {
			if sc.Space.IssueIndex(name) < 0 {
				return sc, fmt.Errorf("%s: evaluations: no issue %q", where, name)
			}
		}
		for i, is := range sc.Space.Issues {
			w, ok := py.Weights[is.Name]
			if !ok {
				return sc, fmt.Errorf("%s: weights: no weight for issue %q", where, is.Name)
			}
			if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
				return sc, fmt.Errorf("%s: weights: issue %q: %v is not a non-negative number", where, is.Name, w)
			}
			pr.Weights = append(pr.Weights, w)
			evs, ok := py.Evaluations[is.Name]
			if !ok {
				return sc, fmt.Errorf("%s: evaluations: none for issue %q", where, is.Name)
			}
			for o := range evs {
				if sc.Space.OptionIndex(i, o) < 0 {
					return sc, fmt.Errorf("%s: evaluations: issue %q: no option %q", where, is.Name, o)
				}
			}
			ev := make([]float64, len(is.Options))
			for j, o := range is.Options {
				e := evs[o]
				if e < 0 || math.IsNaN(e) || math.IsInf(e, 0) {
					return sc, fmt.Errorf("%s: evaluations: issue %q: option %q: %v is not a non-negative number", where, is.Name, o, e)
				}
				ev[j] = e
			}
			pr.Evaluations = append(pr.Evaluations, ev)
		}
		sc.Profiles = append(sc.Profiles, pr)
	}
	return sc, nil
}

// Load reads a scenario file.
func Load(file string) (analysis.Scenario, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return analysis.Scenario{}, err
	}
	return Read(bytes.NewReader(b), file)
}

// Package geniusweb reads preference profiles in the JSON format of
// GeniusWeb, the successor of GENIUS: LinearAdditiveUtilitySpace profiles,
// each embedding its domain, and optionally the domain file itself.
//
// Discrete issues ("discreteutils") keep their values as options, with the
// value utilities used as they are: GeniusWeb requires them in [0, 1], so
// they are not divided by their maximum (see [analysis.Profile.Absolute]).
// Number issues ("numberutils", over a domain "range" with low, high and
// step) become one option per step, evaluated by linear interpolation
// between (lowValue, lowUtility) and (highValue, highUtility), clamped to
// [0, 1]. A reservation bid becomes [analysis.Profile.ReservationPackage].
// Issues are kept in the order the domain lists them. A party is named by
// the profile's "name", or else by its file name without ".json".
package geniusweb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parley-talks/parley/analysis"
)

// maxRangeOptions bounds the options a range issue may expand into.
const maxRangeOptions = 100000

type domainJSON struct {
	Name         string          `json:"name"`
	IssuesValues json.RawMessage `json:"issuesValues"`
}

type valueSetJSON struct {
	Values []json.RawMessage `json:"values"`
	Range  *struct {
		Low  json.Number `json:"low"`
		High json.Number `json:"high"`
		Step json.Number `json:"step"`
	} `json:"range"`
}

type profileJSON struct {
	LAUS *struct {
		IssueUtilities map[string]struct {
			Discrete *struct {
				ValueUtilities map[string]json.Number `json:"valueUtilities"`
			} `json:"discreteutils"`
			Number *struct {
				LowValue    json.Number `json:"lowValue"`
				LowUtility  json.Number `json:"lowUtility"`
				HighValue   json.Number `json:"highValue"`
				HighUtility json.Number `json:"highUtility"`
			} `json:"numberutils"`
		} `json:"issueUtilities"`
		IssueWeights   map[string]json.Number `json:"issueWeights"`
		Domain         *domainJSON            `json:"domain"`
		Name           string                 `json:"name"`
		ReservationBid *struct {
			IssueValues map[string]json.RawMessage `json:"issuevalues"`
		} `json:"reservationBid"`
	} `json:"LinearAdditiveUtilitySpace"`
}

// Domain is a GeniusWeb domain.
type Domain struct {
	Name  string
	Space analysis.Space
	// numeric[i] holds the values of a range issue, else nil.
	numeric [][]*big.Rat
}

// orderedKeys returns the keys of a JSON object in file order.
func orderedKeys(raw json.RawMessage) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	t, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if t != json.Delim('{') {
		return nil, fmt.Errorf("not an object")
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, t.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// valueString renders a JSON value (a string or a number) as an option name.
func valueString(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	return "", fmt.Errorf("value %s is neither a string nor a number", raw)
}

func rat(n json.Number, what string) (*big.Rat, error) {
	r, ok := new(big.Rat).SetString(n.String())
	if !ok {
		return nil, fmt.Errorf("%s %q is not a number", what, n)
	}
	return r, nil
}

func parseDomain(d *domainJSON, file string) (*Domain, error) {
	if len(d.IssuesValues) == 0 {
		return nil, fmt.Errorf("%s: domain: no issuesValues", file)
	}
	keys, err := orderedKeys(d.IssuesValues)
	if err != nil {
		return nil, fmt.Errorf("%s: domain: issuesValues: %v", file, err)
	}
	var vals map[string]valueSetJSON
	if err := json.Unmarshal(d.IssuesValues, &vals); err != nil {
		return nil, fmt.Errorf("%s: domain: issuesValues: %v", file, err)
	}
	dom := &Domain{Name: d.Name}
	seenIssue := map[string]bool{}
	for _, k := range keys {
		if seenIssue[k] {
			return nil, fmt.Errorf("%s: domain: issue %q appears twice", file, k)
		}
		seenIssue[k] = true
		vs := vals[k]
		is := analysis.Issue{Name: k}
		var nums []*big.Rat
		switch {
		case vs.Range != nil:
			lo, err := rat(vs.Range.Low, "low")
			if err == nil {
				var hi, step *big.Rat
				if hi, err = rat(vs.Range.High, "high"); err == nil {
					if step, err = rat(vs.Range.Step, "step"); err == nil {
						nums, err = expand(lo, hi, step)
					}
				}
			}
			if err != nil {
				return nil, fmt.Errorf("%s: domain: issue %q: range: %v", file, k, err)
			}
			for _, v := range nums {
				is.Options = append(is.Options, v.FloatString(decimals(v)))
			}
		default:
			seen := map[string]bool{}
			for _, raw := range vs.Values {
				s, err := valueString(raw)
				if err != nil {
					return nil, fmt.Errorf("%s: domain: issue %q: %v", file, k, err)
				}
				if seen[s] {
					return nil, fmt.Errorf("%s: domain: issue %q: value %q appears twice", file, k, s)
				}
				seen[s] = true
				is.Options = append(is.Options, s)
			}
		}
		if len(is.Options) == 0 {
			return nil, fmt.Errorf("%s: domain: issue %q has no values", file, k)
		}
		dom.Space.Issues = append(dom.Space.Issues, is)
		dom.numeric = append(dom.numeric, nums)
	}
	return dom, nil
}

// decimals returns the number of decimals that print v exactly, up to 20.
func decimals(v *big.Rat) int {
	for p := 0; p < 20; p++ {
		if new(big.Rat).Mul(v, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(p)), nil))).IsInt() {
			return p
		}
	}
	return 20
}

func expand(lo, hi, step *big.Rat) ([]*big.Rat, error) {
	if step.Sign() <= 0 {
		return nil, fmt.Errorf("step %v is not positive", step.FloatString(6))
	}
	if hi.Cmp(lo) < 0 {
		return nil, fmt.Errorf("high below low")
	}
	n := new(big.Rat).Quo(new(big.Rat).Sub(hi, lo), step)
	f, _ := n.Float64()
	if f >= maxRangeOptions {
		return nil, fmt.Errorf("more than %d values", maxRangeOptions)
	}
	var out []*big.Rat
	for v := new(big.Rat).Set(lo); v.Cmp(hi) <= 0; v = new(big.Rat).Add(v, step) {
		out = append(out, v)
	}
	return out, nil
}

// ReadDomain parses a GeniusWeb domain file; file names it in errors.
func ReadDomain(r io.Reader, file string) (*Domain, error) {
	var d domainJSON
	if err := json.NewDecoder(r).Decode(&d); err != nil {
		return nil, fmt.Errorf("%s: malformed JSON: %v", file, err)
	}
	return parseDomain(&d, file)
}

// ReadProfile parses a GeniusWeb LinearAdditiveUtilitySpace profile; file
// names it in errors. It returns the profile and the domain it embeds.
func ReadProfile(r io.Reader, file string) (analysis.Profile, *Domain, error) {
	var pr analysis.Profile
	var pj profileJSON
	if err := json.NewDecoder(r).Decode(&pj); err != nil {
		return pr, nil, fmt.Errorf("%s: malformed JSON: %v", file, err)
	}
	la := pj.LAUS
	if la == nil {
		return pr, nil, fmt.Errorf("%s: no LinearAdditiveUtilitySpace (other profile kinds are not supported)", file)
	}
	if la.Domain == nil {
		return pr, nil, fmt.Errorf("%s: LinearAdditiveUtilitySpace: no domain", file)
	}
	dom, err := parseDomain(la.Domain, file)
	if err != nil {
		return pr, nil, err
	}
	pr.Party = la.Name
	if pr.Party == "" {
		pr.Party = strings.TrimSuffix(filepath.Base(file), ".json")
	}
	sp := dom.Space
	n := len(sp.Issues)
	pr.Weights = make([]float64, n)
	pr.Evaluations = make([][]float64, n)
	pr.Absolute = make([]bool, n)
	for name := range la.IssueWeights {
		if sp.IssueIndex(name) < 0 {
			return pr, nil, fmt.Errorf("%s: issueWeights: no issue %q in the domain", file, name)
		}
	}
	for name := range la.IssueUtilities {
		if sp.IssueIndex(name) < 0 {
			return pr, nil, fmt.Errorf("%s: issueUtilities: no issue %q in the domain", file, name)
		}
	}
	zero, one := new(big.Rat), big.NewRat(1, 1)
	for i, is := range sp.Issues {
		w, ok := la.IssueWeights[is.Name]
		if !ok {
			return pr, nil, fmt.Errorf("%s: issueWeights: no weight for issue %q", file, is.Name)
		}
		wr, err := rat(w, "weight")
		if err != nil {
			return pr, nil, fmt.Errorf("%s: issueWeights: issue %q: %v", file, is.Name, err)
		}
		if wr.Sign() < 0 {
			return pr, nil, fmt.Errorf("%s: issueWeights: issue %q: negative weight %s", file, is.Name, w)
		}
		pr.Weights[i], _ = wr.Float64()
		iu, ok := la.IssueUtilities[is.Name]
		if !ok {
			return pr, nil, fmt.Errorf("%s: issueUtilities: no utilities for issue %q", file, is.Name)
		}
		ev := make([]float64, len(is.Options))
		pr.Absolute[i] = true
		switch {
		case iu.Discrete != nil:
			for v := range iu.Discrete.ValueUtilities {
				if sp.OptionIndex(i, v) < 0 {
					return pr, nil, fmt.Errorf("%s: issueUtilities: issue %q: no value %q in the domain", file, is.Name, v)
				}
			}
			for j, o := range is.Options {
				u, ok := iu.Discrete.ValueUtilities[o]
				if !ok {
					continue // GeniusWeb gives unlisted values utility 0.
				}
				r, err := rat(u, "utility")
				if err != nil {
					return pr, nil, fmt.Errorf("%s: issueUtilities: issue %q: value %q: %v", file, is.Name, o, err)
				}
				if r.Sign() < 0 || r.Cmp(one) > 0 {
					return pr, nil, fmt.Errorf("%s: issueUtilities: issue %q: value %q: utility %s outside [0, 1]", file, is.Name, o, u)
				}
				ev[j], _ = r.Float64()
			}
		case iu.Number != nil:
			if dom.numeric[i] == nil {
				return pr, nil, fmt.Errorf("%s: issueUtilities: issue %q: numberutils for an issue without a range", file, is.Name)
			}
			nu := iu.Number
			var lv, lu, hv, hu *big.Rat
			if lv, err = rat(nu.LowValue, "lowValue"); err == nil {
				if lu, err = rat(nu.LowUtility, "lowUtility"); err == nil {
					if hv, err = rat(nu.HighValue, "highValue"); err == nil {
						hu, err = rat(nu.HighUtility, "highUtility")
					}
				}
			}
			if err == nil && hv.Cmp(lv) <= 0 {
				err = fmt.Errorf("highValue is not above lowValue")
			}
			if err != nil {
				return pr, nil, fmt.Errorf("%s: issueUtilities: issue %q: numberutils: %v", file, is.Name, err)
			}
			slope := new(big.Rat).Quo(new(big.Rat).Sub(hu, lu), new(big.Rat).Sub(hv, lv))
			for j, v := range dom.numeric[i] {
				x := new(big.Rat).Sub(v, lv)
				x.Mul(x, slope).Add(x, lu)
				if x.Cmp(zero) < 0 {
					x.Set(zero)
				}
				if x.Cmp(one) > 0 {
					x.Set(one)
				}
				ev[j], _ = x.Float64()
			}
		default:
			return pr, nil, fmt.Errorf("%s: issueUtilities: issue %q: neither discreteutils nor numberutils", file, is.Name)
		}
		pr.Evaluations[i] = ev
	}
	if rb := la.ReservationBid; rb != nil && len(rb.IssueValues) > 0 {
		pkg := make([]int, n)
		for i, is := range sp.Issues {
			raw, ok := rb.IssueValues[is.Name]
			if !ok {
				return pr, nil, fmt.Errorf("%s: reservationBid: no value for issue %q", file, is.Name)
			}
			s, err := valueString(raw)
			if err != nil {
				return pr, nil, fmt.Errorf("%s: reservationBid: issue %q: %v", file, is.Name, err)
			}
			j := optionIndex(dom, i, s)
			if j < 0 {
				return pr, nil, fmt.Errorf("%s: reservationBid: issue %q: no value %q in the domain", file, is.Name, s)
			}
			pkg[i] = j
		}
		pr.ReservationPackage = pkg
	}
	return pr, dom, nil
}

// optionIndex finds a value, comparing range values numerically.
func optionIndex(d *Domain, i int, s string) int {
	if d.numeric[i] == nil {
		return d.Space.OptionIndex(i, s)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return -1
	}
	return slices.IndexFunc(d.numeric[i], func(v *big.Rat) bool { return v.Cmp(r) == 0 })
}

// sameSpace reports whether two spaces have the same issues and options,
// in any order.
func sameSpace(a, b analysis.Space) bool {
	if len(a.Issues) != len(b.Issues) {
		return false
	}
	for _, is := range a.Issues {
		i := b.IssueIndex(is.Name)
		if i < 0 || len(b.Issues[i].Options) != len(is.Options) {
			return false
		}
		for _, o := range is.Options {
			if b.OptionIndex(i, o) < 0 {
				return false
			}
		}
	}
	return true
}

// reorder maps a profile read over space from onto space to.
func reorder(pr analysis.Profile, from, to analysis.Space) analysis.Profile {
	out := analysis.Profile{Party: pr.Party, Reservation: pr.Reservation}
	n := len(to.Issues)
	out.Weights = make([]float64, n)
	out.Evaluations = make([][]float64, n)
	out.Absolute = make([]bool, n)
	if pr.ReservationPackage != nil {
		out.ReservationPackage = make([]int, n)
	}
	for i, is := range to.Issues {
		fi := from.IssueIndex(is.Name)
		out.Weights[i] = pr.Weights[fi]
		out.Absolute[i] = pr.Absolute[fi]
		out.Evaluations[i] = make([]float64, len(is.Options))
		for j, o := range is.Options {
			out.Evaluations[i][j] = pr.Evaluations[fi][from.OptionIndex(fi, o)]
		}
		if pr.ReservationPackage != nil {
			out.ReservationPackage[i] = to.OptionIndex(i, from.Issues[fi].Options[pr.ReservationPackage[fi]])
		}
	}
	return out
}

// Load reads GeniusWeb files, profiles and at most one domain file, in any
// order, into one scenario. Every profile must be over the same domain;
// the issue order is the domain file's if there is one, else the first
// profile's.
func Load(files ...string) (analysis.Scenario, error) {
	var sc analysis.Scenario
	var space *analysis.Space
	type read struct {
		pr   analysis.Profile
		dom  *Domain
		file string
	}
	var profiles []read
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			return sc, err
		}
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(b, &probe); err != nil {
			return sc, fmt.Errorf("%s: malformed JSON: %v", file, err)
		}
		if _, ok := probe["issuesValues"]; ok {
			if space != nil {
				return sc, fmt.Errorf("%s: a second domain file", file)
			}
			d, err := ReadDomain(bytes.NewReader(b), file)
			if err != nil {
				return sc, err
			}
			space = &d.Space
			sc.Name = d.Name
			continue
		}
		pr, d, err := ReadProfile(bytes.NewReader(b), file)
		if err != nil {
			return sc, err
		}
		profiles = append(profiles, read{pr, d, file})
	}
	if len(profiles) == 0 {
		return sc, fmt.Errorf("no GeniusWeb profiles among %s", strings.Join(files, ", "))
	}
	if space == nil {
		space = &profiles[0].dom.Space
		sc.Name = profiles[0].dom.Name
	}
	sc.Space = *space
	for _, r := range profiles {
		if !sameSpace(r.dom.Space, *space) {
			return sc, fmt.Errorf("%s: its domain differs from the others", r.file)
		}
		sc.Profiles = append(sc.Profiles, reorder(r.pr, r.dom.Space, *space))
	}
	return sc, nil
}

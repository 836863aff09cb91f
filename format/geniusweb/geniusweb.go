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
	LAUS *lausJSON `json:"LinearAdditiveUtilitySpace"`
}

// lausJSON is a LinearAdditiveUtilitySpace.
type lausJSON struct {
	IssueUtilities map[string]issueUtilityJSON `json:"issueUtilities"`
	IssueWeights   map[string]json.Number      `json:"issueWeights"`
	Domain         *domainJSON                 `json:"domain"`
	Name           string                      `json:"name"`
	ReservationBid *struct {
		IssueValues map[string]json.RawMessage `json:"issuevalues"`
	} `json:"reservationBid"`
}

// issueUtilityJSON is one issue's utilities: discrete or linear in a
// number.
type issueUtilityJSON struct {
	Discrete *struct {
		ValueUtilities map[string]json.Number `json:"valueUtilities"`
	} `json:"discreteutils"`
	Number *numberUtilsJSON `json:"numberutils"`
}

// numberUtilsJSON is a utility linear between two points of a range.
type numberUtilsJSON struct {
	LowValue    json.Number `json:"lowValue"`
	LowUtility  json.Number `json:"lowUtility"`
	HighValue   json.Number `json:"highValue"`
	HighUtility json.Number `json:"highUtility"`
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
	if err := la.checkIssueNames(dom.Space, file); err != nil {
		return pr, nil, err
	}
	n := len(dom.Space.Issues)
	pr.Weights = make([]float64, n)
	pr.Evaluations = make([][]float64, n)
	pr.Absolute = make([]bool, n)
	for i, is := range dom.Space.Issues {
		if pr.Weights[i], err = la.weight(is.Name, file); err != nil {
			return pr, nil, err
		}
		iu, ok := la.IssueUtilities[is.Name]
		if !ok {
			return pr, nil, fmt.Errorf("%s: issueUtilities: no utilities for issue %q", file, is.Name)
		}
		if pr.Evaluations[i], err = iu.evaluations(dom, i); err != nil {
			return pr, nil, fmt.Errorf("%s: issueUtilities: issue %q: %w", file, is.Name, err)
		}
		pr.Absolute[i] = true
	}
	if pr.ReservationPackage, err = la.reservationPackage(dom, file); err != nil {
		return pr, nil, err
	}
	return pr, dom, nil
}

// checkIssueNames checks that the weights and utilities name only issues
// of the space.
func (la *lausJSON) checkIssueNames(sp analysis.Space, file string) error {
	for name := range la.IssueWeights {
		if sp.IssueIndex(name) < 0 {
			return fmt.Errorf("%s: issueWeights: no issue %q in the domain", file, name)
		}
	}
	for name := range la.IssueUtilities {
		if sp.IssueIndex(name) < 0 {
			return fmt.Errorf("%s: issueUtilities: no issue %q in the domain", file, name)
		}
	}
	return nil
}

// weight returns the non-negative weight of the named issue.
func (la *lausJSON) weight(issue, file string) (float64, error) {
	w, ok := la.IssueWeights[issue]
	if !ok {
		return 0, fmt.Errorf("%s: issueWeights: no weight for issue %q", file, issue)
	}
	wr, err := rat(w, "weight")
	if err != nil {
		return 0, fmt.Errorf("%s: issueWeights: issue %q: %v", file, issue, err)
	}
	if wr.Sign() < 0 {
		return 0, fmt.Errorf("%s: issueWeights: issue %q: negative weight %s", file, issue, w)
	}
	f, _ := wr.Float64()
	return f, nil
}

// evaluations returns the utilities, in [0, 1], of the options of issue i
// of dom.
func (iu issueUtilityJSON) evaluations(dom *Domain, i int) ([]float64, error) {
	switch {
	case iu.Discrete != nil:
		return discreteEvaluations(iu.Discrete.ValueUtilities, dom.Space, i)
	case iu.Number != nil:
		if dom.numeric[i] == nil {
			return nil, fmt.Errorf("numberutils for an issue without a range")
		}
		ev, err := iu.Number.evaluations(dom.numeric[i])
		if err != nil {
			return nil, fmt.Errorf("numberutils: %w", err)
		}
		return ev, nil
	}
	return nil, fmt.Errorf("neither discreteutils nor numberutils")
}

// discreteEvaluations returns the listed utilities of the options of
// issue i of sp; GeniusWeb gives unlisted values utility 0.
func discreteEvaluations(utils map[string]json.Number, sp analysis.Space, i int) ([]float64, error) {
	for v := range utils {
		if sp.OptionIndex(i, v) < 0 {
			return nil, fmt.Errorf("no value %q in the domain", v)
		}
	}
	one := big.NewRat(1, 1)
	ev := make([]float64, len(sp.Issues[i].Options))
	for j, o := range sp.Issues[i].Options {
		u, ok := utils[o]
		if !ok {
			continue
		}
		r, err := rat(u, "utility")
		if err != nil {
			return nil, fmt.Errorf("value %q: %v", o, err)
		}
		if r.Sign() < 0 || r.Cmp(one) > 0 {
			return nil, fmt.Errorf("value %q: utility %s outside [0, 1]", o, u)
		}
		ev[j], _ = r.Float64()
	}
	return ev, nil
}

// evaluations returns the utilities of the values of a range: linear
// through the low and high points, clamped to [0, 1].
func (nu *numberUtilsJSON) evaluations(values []*big.Rat) ([]float64, error) {
	var lv, lu, hv, hu *big.Rat
	var err error
	if lv, err = rat(nu.LowValue, "lowValue"); err == nil {
		if lu, err = rat(nu.LowUtility, "lowUtility"); err == nil {
			if hv, err = rat(nu.HighValue, "highValue"); err == nil {
				hu, err = rat(nu.HighUtility, "highUtility")
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if hv.Cmp(lv) <= 0 {
		return nil, fmt.Errorf("highValue is not above lowValue")
	}
	zero, one := new(big.Rat), big.NewRat(1, 1)
	slope := new(big.Rat).Quo(new(big.Rat).Sub(hu, lu), new(big.Rat).Sub(hv, lv))
	ev := make([]float64, len(values))
	for j, v := range values {
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
	return ev, nil
}

// reservationPackage returns the option index per issue of the
// reservation bid, or nil if the profile has none.
func (la *lausJSON) reservationPackage(dom *Domain, file string) ([]int, error) {
	rb := la.ReservationBid
	if rb == nil || len(rb.IssueValues) == 0 {
		return nil, nil
	}
	pkg := make([]int, len(dom.Space.Issues))
	for i, is := range dom.Space.Issues {
		raw, ok := rb.IssueValues[is.Name]
		if !ok {
			return nil, fmt.Errorf("%s: reservationBid: no value for issue %q", file, is.Name)
		}
		s, err := valueString(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: reservationBid: issue %q: %v", file, is.Name, err)
		}
		j := optionIndex(dom, i, s)
		if j < 0 {
			return nil, fmt.Errorf("%s: reservationBid: issue %q: no value %q in the domain", file, is.Name, s)
		}
		pkg[i] = j
	}
	return pkg, nil
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

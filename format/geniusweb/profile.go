package geniusweb

import (
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"path/filepath"
	"strings"

	"github.com/parley-talks/parley/analysis"
)

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
	x := analysis.NewSpaceIndex(sp)
	for name := range la.IssueWeights {
		if x.Issue(name) < 0 {
			return fmt.Errorf("%s: issueWeights: no issue %q in the domain", file, name)
		}
	}
	for name := range la.IssueUtilities {
		if x.Issue(name) < 0 {
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
	if err := unknownKey(utils, sp.Issues[i].Options); err != nil {
		return nil, err
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

// unknownKey returns an error naming a key of utils that is not among the
// options, or nil: in time linear in their number (looking each key up in
// the options was quadratic).
func unknownKey(utils map[string]json.Number, options []string) error {
	set := make(map[string]bool, len(options))
	for _, o := range options {
		set[o] = true
	}
	for v := range utils {
		if !set[v] {
			return fmt.Errorf("no value %q in the domain", v)
		}
	}
	return nil
}

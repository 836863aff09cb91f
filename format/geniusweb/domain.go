package geniusweb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"slices"

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

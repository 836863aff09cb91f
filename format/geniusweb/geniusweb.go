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
	"math/big"
	"os"
	"strings"

	"github.com/parley-talks/parley/analysis"
)

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

// sameSpace reports whether two spaces have the same issues and options,
// in any order.
func sameSpace(a, b analysis.Space) bool {
	if len(a.Issues) != len(b.Issues) {
		return false
	}
	bx := analysis.NewSpaceIndex(b)
	for _, is := range a.Issues {
		i := bx.Issue(is.Name)
		if i < 0 || len(b.Issues[i].Options) != len(is.Options) {
			return false
		}
		for _, o := range is.Options {
			if bx.Option(i, o) < 0 {
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
	fx, tx := analysis.NewSpaceIndex(from), analysis.NewSpaceIndex(to)
	for i, is := range to.Issues {
		fi := fx.Issue(is.Name)
		out.Weights[i] = pr.Weights[fi]
		out.Absolute[i] = pr.Absolute[fi]
		out.Evaluations[i] = make([]float64, len(is.Options))
		for j, o := range is.Options {
			out.Evaluations[i][j] = pr.Evaluations[fi][fx.Option(fi, o)]
		}
		if pr.ReservationPackage != nil {
			out.ReservationPackage[i] = tx.Option(i, from.Issues[fi].Options[pr.ReservationPackage[fi]])
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

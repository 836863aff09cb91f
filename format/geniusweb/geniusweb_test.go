package geniusweb_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parley-talks/parley/analysis"
	"github.com/parley-talks/parley/format/geniusweb"
	"github.com/parley-talks/parley/internal/shareddata"
)

// sharedData returns ../shared/data relative to the module root, or skips.
func sharedData(tb testing.TB) string { return shareddata.Dir(tb) }

func TestLoadFlightBooking(t *testing.T) {
	dir := filepath.Join(sharedData(t), "geniusweb", "FlightBooking")
	for _, files := range [][]string{
		{"flightbooking.json", "flightbooking1.json", "flightbooking2.json"},
		{"flightbooking2.json", "flightbooking1.json"},
	} {
		var paths []string
		for _, f := range files {
			paths = append(paths, filepath.Join(dir, f))
		}
		sc, err := geniusweb.Load(paths...)
		if err != nil {
			t.Fatal(err)
		}
		if got := sc.Space.Outcomes().String(); got != "36" {
			t.Errorf("got %s outcomes, want 36", got)
		}
		if got := sc.Space.Issues[0].Name; got != "price" {
			t.Errorf("got first issue %q, want price (file order)", got)
		}
		m, _, err := analysis.NewModel(sc)
		if err != nil {
			t.Fatal(err)
		}
		p := slices.Index(m.Parties(), "flightbooking1")
		if p < 0 {
			t.Fatalf("got parties %v, want flightbooking1 among them", m.Parties())
		}
		// Reservation bid: 200000yen, CentAir, 3 sept.
		want := 0.35*0.5 + 0.35*0.667 + 0.3*1.0
		if got := m.Reservation(p); got < want-1e-12 || got > want+1e-12 {
			t.Errorf("got reservation %v, want %v", got, want)
		}
	}
}

const profileJSON = `{"LinearAdditiveUtilitySpace": {
 "issueUtilities": {
  "a": {"discreteutils": {"valueUtilities": {"x": 1, "y": 0.5}}},
  "n": {"numberutils": {"lowValue": 0, "lowUtility": 0, "highValue": 10, "highUtility": 1}}},
 "issueWeights": {"a": 0.4, "n": 0.6},
 "domain": {"name": "d", "issuesValues": {"a": {"values": ["x", "y"]}, "n": {"range": {"low": 0, "high": 10, "step": 2.5}}}},
 "name": "alice",
 "reservationBid": {"issuevalues": {"a": "y", "n": 5}}}}`

func TestReadProfile(t *testing.T) {
	pr, d, err := geniusweb.ReadProfile(strings.NewReader(profileJSON), "p.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Space.Issues[1].Options; !slices.Equal(got, []string{"0", "2.5", "5", "7.5", "10"}) {
		t.Errorf("got range options %v, want 0 2.5 5 7.5 10", got)
	}
	if got := pr.Evaluations[1]; !slices.Equal(got, []float64{0, 0.25, 0.5, 0.75, 1}) {
		t.Errorf("got number evaluations %v, want 0 … 1", got)
	}
	if !slices.Equal(pr.ReservationPackage, []int{1, 2}) {
		t.Errorf("got reservation package %v, want [1 2]", pr.ReservationPackage)
	}
	if pr.Party != "alice" {
		t.Errorf("got party %q, want alice", pr.Party)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"malformed", `{"LinearAdditiveUtilitySpace": {`, "malformed JSON"},
		{"other kind", `{"SumOfGroupsUtilitySpace": {}}`, "no LinearAdditiveUtilitySpace"},
		{"unknown value", strings.Replace(profileJSON, `"y": 0.5`, `"z": 0.5`, 1), `no value "z"`},
		{"unknown issue", strings.Replace(profileJSON, `"a": 0.4`, `"b": 0.4`, 1), `no issue "b"`},
		{"negative weight", strings.Replace(profileJSON, `"a": 0.4`, `"a": -0.4`, 1), "negative weight"},
		{"utility above 1", strings.Replace(profileJSON, `"x": 1,`, `"x": 2,`, 1), "outside [0, 1]"},
		{"no options", strings.Replace(profileJSON, `{"values": ["x", "y"]}`, `{"values": []}`, 1), `issue "a" has no values`},
		{"bad bid", strings.Replace(profileJSON, `"n": 5}`, `"n": 6}`, 1), `reservationBid: issue "n": no value "6"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := geniusweb.ReadProfile(strings.NewReader(tt.json), "p.json")
			if err == nil || !strings.HasPrefix(err.Error(), "p.json") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one starting with p.json and containing %q", err, tt.want)
			}
		})
	}
}

func FuzzReadProfile(f *testing.F) {
	f.Add(profileJSON)
	f.Add(`{"LinearAdditiveUtilitySpace": {"domain": {"issuesValues": {"n": {"range": {"low": 0, "high": 1e9, "step": 1e-9}}}}}}`)
	f.Fuzz(func(t *testing.T, s string) {
		pr, d, err := geniusweb.ReadProfile(strings.NewReader(s), "p.json")
		if err != nil {
			return
		}
		analysis.NewModel(analysis.Scenario{Space: d.Space, Profiles: []analysis.Profile{pr}})
	})
}

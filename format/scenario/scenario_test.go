package scenario_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parley-talks/parley/analysis"
	"github.com/parley-talks/parley/format/scenario"
	"github.com/parley-talks/parley/internal/shareddata"
)

func TestExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(shareddata.ModuleRoot(t), "examples", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no examples/*.yaml")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			sc, err := scenario.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			m, warnings, err := analysis.NewModel(sc)
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) > 0 {
				t.Errorf("got warnings %q, want none in an example", warnings)
			}
			a, err := m.Analyze(context.Background(), 0)
			if err != nil {
				t.Fatal(err)
			}
			if a.Nash == nil {
				t.Errorf("got an empty ZOPA, want an example with agreement possible")
			}
		})
	}
}

const small = `name: t
issues:
  - name: A
    options: [x, y]
parties:
  - name: P
    reservation: 0.2
    weights: {A: 1}
    evaluations:
      A: {x: 4, y: 2}
`

func TestRead(t *testing.T) {
	sc, err := scenario.Read(strings.NewReader(small), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pr := sc.Profiles[0]
	if pr.Party != "P" || pr.Reservation != 0.2 || pr.Evaluations[0][1] != 2 {
		t.Fatalf("got %+v, want party P, reservation 0.2, evaluation 2", pr)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"malformed", "issues: [", "s.yaml"},
		{"empty", "", "empty file"},
		{"unknown key", small + "extra: 1\n", "field extra not found"},
		{"unknown issue", strings.Replace(small, "weights: {A: 1}", "weights: {A: 1, B: 0}", 1), `weights: no issue "B"`},
		{"unknown option", strings.Replace(small, "y: 2", "z: 2", 1), `no option "z"`},
		{"negative", strings.Replace(small, "y: 2", "y: -2", 1), "not a non-negative number"},
		{"no options", strings.Replace(small, "options: [x, y]", "options: []", 1), "no options"},
		{"missing weight", strings.Replace(small, "weights: {A: 1}", "weights: {}", 1), `no weight for issue "A"`},
		{"duplicate option", strings.Replace(small, "[x, y]", "[x, x]", 1), "appears twice"},
		{"duplicate evaluation", strings.Replace(small, "y: 2", "y: 2, x: 1", 1), `line 10: mapping key "x" already defined at line 10`},
		{"duplicate weight", strings.Replace(small, "{A: 1}", "{A: 1, A: 0}", 1), `mapping key "A" already defined`},
		{"duplicate issue evaluations", small + "      A: {x: 1}\n", `line 11: mapping key "A" already defined at line 10`},
		{"quoted number", strings.Replace(small, "y: 2", `y: "2"`, 1), "cannot unmarshal !!str `2` into float64"},
		{"text", strings.Replace(small, "y: 2", `y: two`, 1), "cannot unmarshal !!str `two` into float64"},
		{"weights a list", strings.Replace(small, "{A: 1}", "[1]", 1), "cannot unmarshal !!seq"},
		{"evaluations a number", strings.Replace(small, "A: {x: 4, y: 2}", "A: 3", 1), "cannot unmarshal !!int `3`"},
		{"infinite", strings.Replace(small, "y: 2", "y: .inf", 1), "not a non-negative number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenario.Read(strings.NewReader(tt.yaml), "s.yaml")
			if err == nil || !strings.HasPrefix(err.Error(), "s.yaml") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one starting with s.yaml and containing %q", err, tt.want)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add(small)
	f.Add("issues: [{name: A, options: [x]}]\nparties: [{name: P, weights: {A: .nan}, evaluations: {A: {x: .inf}}}]")
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := scenario.Read(strings.NewReader(s), "s.yaml")
		if err != nil {
			return
		}
		analysis.NewModel(sc)
	})
}

// TestReadNumberForms checks that the numbers yaml.v3 reads in its own
// forms (hexadecimal, underscores, exponents, aliases, an empty mapping)
// read the same through the linear-time mapping decoder.
func TestReadNumberForms(t *testing.T) {
	src := `name: t
issues:
  - name: A
    options: [x, y, z, w]
parties:
  - name: P
    weights: &w {A: 0x1}
    evaluations:
      A: {x: 1_000, y: 2e2, z: 0.5, w: 0o17}
  - name: Q
    weights: *w
    evaluations: {A: {}}
`
	sc, err := scenario.Read(strings.NewReader(src), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sc.Profiles[0].Evaluations[0], []float64{1000, 200, 0.5, 15}; !slices.Equal(got, want) {
		t.Errorf("P's evaluations: got %v, want %v", got, want)
	}
	if got := sc.Profiles[1].Weights; !slices.Equal(got, []float64{1}) {
		t.Errorf("Q's weights through an alias: got %v, want [1]", got)
	}
	if got := sc.Profiles[1].Evaluations[0]; !slices.Equal(got, []float64{0, 0, 0, 0}) {
		t.Errorf("Q's evaluations: got %v, want zeros", got)
	}
}

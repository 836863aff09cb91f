package genius_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parley-talks/parley/analysis"
	"github.com/parley-talks/parley/format/genius"
	"github.com/parley-talks/parley/internal/shareddata"
)

// sharedData returns ../shared/data relative to the module root, or skips.
func sharedData(tb testing.TB) string { return shareddata.Dir(tb) }

func TestLoadSharedScenarios(t *testing.T) {
	data := sharedData(t)
	dirs, err := filepath.Glob(filepath.Join(data, "genius", "*"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"EnglandZimbabwe":     "576",
		"ItexvsCypress":       "180",
		"Grocery":             "1600",
		"Camera":              "3600",
		"group2-politics":     "23040",
		"SupermarketA":        "112896",
		"Travel":              "188160",
		"Energy":              "390625",
		"AMPOvsCity":          "1944000",
		"group9-killer_robot": "240000",
		"AgentHp2":            "5764801",
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			domain, profiles := shareddata.GeniusFiles(t, dir)
			sc, _, err := genius.Load(domain, profiles...)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := analysis.NewModel(sc); err != nil {
				t.Fatal(err)
			}
			if w, ok := want[name]; ok {
				if got := sc.Space.Outcomes().String(); got != w {
					t.Errorf("got %s outcomes, want %s", got, w)
				}
			}
			for i, pr := range sc.Profiles {
				if wantName := strings.TrimSuffix(filepath.Base(profiles[i]), ".xml"); pr.Party != wantName {
					t.Errorf("got party %q, want %q", pr.Party, wantName)
				}
			}
		})
	}
}

const domainXML = `<negotiation_template><utility_space number_of_issues="2">
<objective index="0" name="root" type="objective" etype="objective">
<issue index="1" name="Fund" etype="discrete"><item index="1" value="Big"/><item index="2" value="Small"/></issue>
<issue index="2" name="Years" etype="integer" lowerbound="1" upperbound="5"/>
</objective></utility_space></negotiation_template>`

const profileXML = `<utility_space><reservation value="0.25"/><discount_factor value="0.9"/>
<objective index="0" name="root" type="objective" etype="objective">
<issue index="1" name="Fund" etype="discrete"><item index="1" value="Big" evaluation="4"/><item index="2" value="Small" evaluation="2"/></issue>
<issue index="2" name="Years" etype="integer" lowerbound="1" upperbound="5"><evaluator ftype="linear" slope="-0.3" offset="1.1"/></issue>
<weight index="1" value="0.6"/><weight index="2" value="0.4"/>
</objective></utility_space>`

func TestReadProfile(t *testing.T) {
	d, err := genius.ReadDomain(strings.NewReader(domainXML), "d.xml")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Space.Issues[1].Options; !slices.Equal(got, []string{"1", "2", "3", "4", "5"}) {
		t.Fatalf("got options %v, want 1…5", got)
	}
	pr, warnings, err := genius.ReadProfile(strings.NewReader(profileXML), "dir/Alice.xml", d)
	if err != nil {
		t.Fatal(err)
	}
	if pr.Party != "Alice" {
		t.Errorf("got party %q, want Alice", pr.Party)
	}
	if pr.Reservation != 0.25 {
		t.Errorf("got reservation %v, want 0.25", pr.Reservation)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "discount") {
		t.Errorf("got warnings %q, want one about the discount factor", warnings)
	}
	// 1.1 − 0.3k clamped to [0, 1].
	want := []float64{1, 0.8, 0.5, 0.2, 0}
	if !slices.Equal(pr.Evaluations[1], want) || !pr.Absolute[1] {
		t.Errorf("got integer evaluations %v (absolute %v), want %v", pr.Evaluations[1], pr.Absolute[1], want)
	}
	m, _, err := analysis.NewModel(analysis.Scenario{Space: d.Space, Profiles: []analysis.Profile{pr}})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := m.Utility([]int{1, 1})
	if got, want := u[0], 0.6*0.5+0.4*0.8; got != want {
		t.Errorf("got utility %v, want %v", got, want)
	}
}

func TestReadErrors(t *testing.T) {
	d, err := genius.ReadDomain(strings.NewReader(domainXML), "d.xml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, xml, want string
	}{
		{"malformed", `<utility_space><objective>`, "malformed XML"},
		{"no utility space", `<foo/>`, "no <utility_space>"},
		{"unknown option", strings.Replace(profileXML, `value="Small"`, `value="Tiny"`, 1), `value="Tiny"`},
		{"unknown issue", strings.Replace(profileXML, `name="Fund"`, `name="Money"`, 1), `name="Money"`},
		{"negative", strings.Replace(profileXML, `evaluation="2"`, `evaluation="-2"`, 1), "negative evaluation"},
		{"bad number", strings.Replace(profileXML, `evaluation="2"`, `evaluation="two"`, 1), `"two" is not a number`},
		{"missing weight", strings.Replace(profileXML, `<weight index="2" value="0.4"/>`, ``, 1), `"Years" has no <weight>`},
		{"bad evaluator", strings.Replace(profileXML, `ftype="linear"`, `ftype="exp"`, 1), `unsupported ftype`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := genius.ReadProfile(strings.NewReader(tt.xml), "p.xml", d)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "p.xml") {
				t.Fatalf("got error %v, want one starting with p.xml and containing %q", err, tt.want)
			}
		})
	}
	if _, err := genius.ReadDomain(strings.NewReader(`<utility_space><objective><issue name="A"/></objective></utility_space>`), "d.xml"); err == nil || !strings.Contains(err.Error(), "no options") {
		t.Fatalf("got error %v, want one about an issue without options", err)
	}
}

func FuzzReadProfile(f *testing.F) {
	f.Add(domainXML, profileXML)
	f.Add(domainXML, `<utility_space><objective><issue index="2" etype="integer"><evaluator ftype="linear" slope="1e300" offset="-1e300"/></issue></objective></utility_space>`)
	f.Add(`<utility_space><objective><issue name="x" etype="integer" lowerbound="-9223372036854775808" upperbound="9223372036854775807"/></objective></utility_space>`, profileXML)
	f.Fuzz(func(t *testing.T, dom, prof string) {
		d, err := genius.ReadDomain(strings.NewReader(dom), "d.xml")
		if err != nil {
			return
		}
		pr, _, err := genius.ReadProfile(strings.NewReader(prof), "p.xml", d)
		if err != nil {
			return
		}
		// Whatever the readers accept, the model must judge without panicking.
		analysis.NewModel(analysis.Scenario{Space: d.Space, Profiles: []analysis.Profile{pr}})
	})
}

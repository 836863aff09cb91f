package http

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// The mediator lists the improvements on the demo's first package and
// shares the best; each party then sees its own gain, never the other's;
// nobody else may list or share them.
func (s *apiScenario) improvements(t *testing.T) {
	a, AN := s.a, s.AN
	space := at(t, a.call(s.med, "GET", AN, nil, 200), "space", "issues").([]any)
	// The package of every issue's j-th option (or last), for the first j
	// some package improves on.
	var base map[string]string
	var res any
	var props []any
	for j := 0; j < 4 && len(props) == 0; j++ {
		base = map[string]string{}
		for _, is := range space {
			opts := at(t, is, "options").([]any)
			base[at(t, is, "name").(string)] = opts[min(j, len(opts)-1)].(string)
		}
		res = a.call(s.med, "POST", AN+"/improvements", map[string]any{"baseline": base, "limit": 3}, 200)
		props = at(t, res, "proposals").([]any)
	}
	if len(props) == 0 || atInt(t, res, "total") < int64(len(props)) {
		t.Fatalf("POST %s/improvements: got %v, want some", AN, compact(res))
	}
	if strings.Contains(compact(res), "weights") {
		t.Errorf("POST %s/improvements: the result holds weights", AN)
	}
	a.call(s.med, "POST", AN+"/improvements", map[string]any{"baseline": map[string]string{"nope": "x"}}, 400)
	for _, tok := range []string{s.ru, s.ua, s.adviser, s.obs} {
		a.call(tok, "POST", AN+"/improvements", map[string]any{"baseline": base}, 403)
		a.call(tok, "POST", AN+"/improvements/shares", map[string]any{"label": "x", "baseline": base, "packages": []any{at(t, props[0], "package")}}, 403)
	}
	a.call(s.delegate, "POST", AN+"/improvements", map[string]any{"baseline": base}, 404)
	a.call(s.med, "POST", AN+"/improvements/shares", map[string]any{"label": "Better for everyone", "baseline": base,
		"packages": []any{at(t, props[0], "package")}}, 201)
	if c := compact(res); strings.Contains(c, "gain") || strings.Contains(c, "utility") {
		t.Errorf("POST %s/improvements: the mediator is shown figures of the parties: %s", AN, c)
	}
	// Each party sees its own gain, a number of at least 0, and not the
	// other's.
	mine := map[string]string{}
	views := map[string]string{}
	for party, tok := range map[string]string{"Russia": s.ru, "Ukraine": s.ua} {
		ims := at(t, a.call(tok, "GET", AN, nil, 200), "improvements").([]any)
		last := ims[len(ims)-1]
		g, err := strconv.ParseFloat(fmt.Sprint(at(t, last, "my_gain")), 64)
		if err != nil || g < 0 {
			t.Errorf("%s's own gain: got %v, want a number of at least 0", party, at(t, last, "my_gain"))
		}
		mine[party], views[party] = fmt.Sprintf("%v", g), compact(last)
	}
	if mine["Russia"] != mine["Ukraine"] {
		if strings.Contains(views["Russia"], mine["Ukraine"]) || strings.Contains(views["Ukraine"], mine["Russia"]) {
			t.Errorf("a party sees the other's gain: Russia %s, Ukraine %s", views["Russia"], views["Ukraine"])
		}
	}
	if strings.Contains(compact(a.call(s.obs, "GET", AN, nil, 200)), "my_gain") {
		t.Error("an observer is shown a gain")
	}
}

// The mediator words the options of the demo's first issue and previews
// the working draft of a package: its linked point reads the wording of
// the option chosen. The wording is the mediator party's; a party does
// not find it and may not make drafts.
func (s *apiScenario) wordings(t *testing.T) {
	a, AN := s.a, s.AN
	is := at(t, a.call(s.med, "GET", AN, nil, 200), "space", "issues", 0)
	name, point := at(t, is, "name").(string), atInt(t, is, "points", 0)
	var ws []any
	for _, o := range at(t, is, "options").([]any) {
		ws = append(ws, map[string]any{"issue": name, "option": o, "point": point, "text": "Wording for " + o.(string) + "."})
	}
	a.call(s.med, "PUT", AN+"/wordings", map[string]any{"wordings": ws}, 200)
	a.call(s.med, "PUT", AN+"/wordings", map[string]any{"wordings": []any{map[string]any{"issue": name, "option": "nope", "point": point, "text": "x"}}}, 400)
	if got := a.call(s.med, "GET", AN+"/wordings", nil, 200).([]any); len(got) != len(ws) {
		t.Errorf("GET %s/wordings: got %d, want %d", AN, len(got), len(ws))
	}
	pkg := map[string]string{}
	for _, is := range at(t, a.call(s.med, "GET", AN, nil, 200), "space", "issues").([]any) {
		pkg[at(t, is, "name").(string)] = at(t, is, "options", 1).(string)
	}
	pd := a.call(s.med, "POST", AN+"/package-draft", map[string]any{"package": pkg}, 200)
	want := "Wording for " + pkg[name] + "."
	found := false
	for _, c := range at(t, pd, "changes").([]any) {
		found = found || atInt(t, c, "point") == point && at(t, c, "after") == want
	}
	if !found {
		t.Errorf("POST %s/package-draft: point %d does not read %q: %s", AN, point, want, compact(pd))
	}
	for _, tok := range []string{s.ru, s.ua, s.obs} {
		a.call(tok, "GET", AN+"/wordings", nil, 404)
		a.call(tok, "PUT", AN+"/wordings", map[string]any{"wordings": []any{}}, 403)
		a.call(tok, "POST", AN+"/package-draft", map[string]any{"package": pkg}, 403)
	}
}

// Ukraine's guided answers: previewed (the five packages ranked highest
// and lowest, nothing saved), then saved as its profile; the mediator and
// observers may do neither.
func (s *apiScenario) guidedPreferences(t *testing.T) {
	a, AN := s.a, s.AN
	an := a.call(s.ua, "GET", AN, nil, 200)
	in := map[string]any{"rank": map[string]any{}, "swing": map[string]any{}, "ratings": map[string]any{}, "reservation": 20,
		"space_version": atInt(t, an, "space", "version")}
	for i, is := range at(t, an, "space", "issues").([]any) {
		name := at(t, is, "name").(string)
		in["rank"].(map[string]any)[name] = i + 1
		in["swing"].(map[string]any)[name] = 100 - 10*i
		r := map[string]any{}
		for j, o := range at(t, is, "options").([]any) {
			r[o.(string)] = 100 * j / max(1, len(at(t, is, "options").([]any))-1)
		}
		in["ratings"].(map[string]any)[name] = r
	}
	pv := a.call(s.ua, "POST", AN+"/profile/guided/preview", in, 200)
	if len(at(t, pv, "best").([]any)) == 0 || len(at(t, pv, "worst").([]any)) == 0 {
		t.Errorf("the preview: got %s", compact(pv))
	}
	for _, tok := range []string{s.med, s.obs} {
		a.call(tok, "POST", AN+"/profile/guided/preview", in, 403)
		a.call(tok, "PUT", AN+"/profile/guided", in, 403)
	}
	bad := map[string]any{"rank": map[string]any{}, "swing": in["swing"], "ratings": in["ratings"], "space_version": in["space_version"]}
	a.call(s.ua, "POST", AN+"/profile/guided/preview", bad, 400)
	p := a.call(s.ua, "PUT", AN+"/profile/guided", in, 200)
	if at(t, p, "weights") == nil {
		t.Errorf("the saved profile: got %s", compact(p))
	}
}

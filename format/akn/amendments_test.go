package akn_test

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/akn"
)

// amendmentsFixture is a draft and amendments of each kind and state, one
// with text XML must escape.
func amendmentsFixture() (*parley.Draft, []parley.Amendment) {
	at := time.Date(2025, 11, 28, 10, 0, 0, 0, time.UTC)
	d := &parley.Draft{TalksID: 7, Number: 4, Title: "Draft 4", TabledAt: at.Add(-time.Hour), TabledBy: "mediator",
		Points: []parley.Point{{ID: 11, Kind: parley.KindPoint, Number: "7", Title: "Territory", Text: "The old text."}}}
	as := []parley.Amendment{
		{ID: 14, TalksID: 7, Draft: 4, PointID: 11, PointNumber: "7", PartyName: "Russia", Kind: parley.AmendReplace,
			Text: "Forces withdraw <now> & for ever.", Justification: "Our reasons.\n\nA second paragraph.", ProposedAt: at,
			State: parley.AmendmentTaken, Extent: parley.TakenInPart, IntoDraft: 5, Reason: "The deadline only."},
		{ID: 15, TalksID: 7, Draft: 4, PointID: 11, PointNumber: "7", PartyName: "Ukraine", Kind: parley.AmendDelete,
			ProposedAt: at, State: parley.AmendmentDeclined},
		{ID: 16, TalksID: 7, Draft: 4, PointID: 11, PointNumber: "7", PartyName: "Russia", Kind: parley.AmendSplit,
			Text: "First part.\n\nSecond part.", ProposedAt: at, State: parley.AmendmentProposed},
		{ID: 17, TalksID: 7, Draft: 4, PointID: 11, PointNumber: "7", PartyName: "United States", Kind: parley.AmendInsertAfter,
			Text: "A new point.", ProposedAt: at, State: parley.AmendmentWithdrawn},
	}
	return d, as
}

func writeAmendments(tb testing.TB, d *parley.Draft, as []parley.Amendment) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := akn.WriteAmendments(&buf, d, as, akn.Meta{Work: "moscow-2025", Now: fixedNow}); err != nil {
		tb.Fatalf("WriteAmendments: %v", err)
	}
	return buf.Bytes()
}

// amendmentListProblems checks an amendment list's structure as the
// standard and the Naming Convention ask: the namespace (parse), the root
// and the list's FRBR identification, one component per amendment each an
// <amendment> with its own FRBR work, expression and manifestation whose
// author it references, its body's parts in order, and every eId unique
// in the file.
func amendmentListProblems(tb testing.TB, b []byte, n int) []string {
	tb.Helper()
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	root := parse(tb, b)
	list := root.child("amendmentList")
	if root.name != "akomaNtoso" || list == nil {
		return []string{"want <akomaNtoso><amendmentList>"}
	}
	frbr := func(doc *elem, what string) {
		id := doc.child("meta")
		if id != nil {
			id = id.child("identification")
		}
		if id == nil {
			bad("%s: no meta/identification", what)
			return
		}
		for _, level := range []string{"FRBRWork", "FRBRExpression", "FRBRManifestation"} {
			l := id.child(level)
			if l == nil || l.child("FRBRthis") == nil || l.child("FRBRuri") == nil || l.child("FRBRdate") == nil || l.child("FRBRauthor") == nil {
				bad("%s: %s lacks FRBRthis, FRBRuri, FRBRdate or FRBRauthor", what, level)
				continue
			}
			if this := l.child("FRBRthis").attrs["value"]; !strings.HasPrefix(this, "/akn/") || strings.ContainsAny(this, " \t") {
				bad("%s: %s FRBRthis %q is not an /akn/ URI", what, level, this)
			}
		}
		refs := map[string]bool{}
		if r := doc.child("meta").child("references"); r != nil {
			for _, k := range r.kids {
				refs["#"+k.attrs["eId"]] = true
			}
		}
		if w := id.child("FRBRWork"); w != nil && w.child("FRBRauthor") != nil && !refs[w.child("FRBRauthor").attrs["href"]] {
			bad("%s: the author %q is not among its references", what, w.child("FRBRauthor").attrs["href"])
		}
	}
	frbr(list, "the list")
	body := list.child("collectionBody")
	if body == nil || len(body.kids) != n {
		bad("want a collectionBody of %d components", n)
		return out
	}
	uris := map[string]bool{}
	for _, cmp := range body.kids {
		am := cmp.child("amendment")
		if cmp.name != "component" || am == nil {
			bad("want <component><amendment>, got <%s>", cmp.name)
			continue
		}
		frbr(am, cmp.attrs["eId"])
		uri := ""
		if w := am.child("meta").child("identification").child("FRBRWork"); w != nil && w.child("FRBRuri") != nil {
			uri = w.child("FRBRuri").attrs["value"]
		}
		if uris[uri] {
			bad("two amendments are the same work %q", uri)
		}
		uris[uri] = true
		var parts []string
		for _, k := range am.child("amendmentBody").kids {
			parts = append(parts, k.name)
		}
		if !slices.Equal(parts, []string{"amendmentHeading", "amendmentContent", "amendmentJustification"}) {
			bad("%s: amendmentBody holds %v", cmp.attrs["eId"], parts)
		}
	}
	seen := map[string]bool{}
	var walk func(e *elem)
	walk = func(e *elem) {
		if id, ok := e.attrs["eId"]; ok {
			if seen[id] || id == "" || strings.ContainsAny(id, " \t") {
				bad("eId %q twice or malformed", id)
			}
			seen[id] = true
		}
		for _, k := range e.kids {
			walk(k)
		}
	}
	walk(root)
	return out
}

// TestWriteAmendments writes amendments of every kind and state and checks
// the list's structure and what each amendment says: the quoted wording
// (escaped), the parts of a split, the status, the mediator's reason where
// the caller had it, the justification's paragraphs.
func TestWriteAmendments(t *testing.T) {
	d, as := amendmentsFixture()
	b := writeAmendments(t, d, as)
	for _, p := range amendmentListProblems(t, b, len(as)) {
		t.Error(p)
	}
	cmps := parse(t, b).path(t, "amendmentList", "collectionBody").kids
	content := func(i int) string { return cmps[i].path(t, "amendment", "amendmentBody", "amendmentContent").inner() }
	status := func(i int) string { return cmps[i].path(t, "amendment", "preface").inner() }
	if got := content(0); !strings.Contains(got, "Forces withdraw <now> & for ever.") || !strings.Contains(got, "The deadline only.") {
		t.Errorf("the taken amendment's content: got %q, want its wording and the reason", got)
	}
	if got := status(0); !strings.Contains(got, "taken in part into Draft 5") || !strings.Contains(got, "Russia") {
		t.Errorf("the taken amendment's preface: got %q", got)
	}
	if got := content(1); !strings.Contains(got, "Point 7 is deleted.") || strings.Contains(got, "reason") {
		t.Errorf("the declined deletion's content: got %q, want the deletion and no reason (the caller had none)", got)
	}
	split := cmps[2].path(t, "amendment", "amendmentBody", "amendmentContent", "p", "mod")
	var quoted []string
	for _, k := range split.kids {
		quoted = append(quoted, k.inner())
	}
	if !slices.Equal(quoted, []string{"First part.", "Second part."}) {
		t.Errorf("the split's quoted parts: got %q", quoted)
	}
	if got := len(cmps[0].path(t, "amendment", "amendmentBody", "amendmentJustification").kids); got != 2 {
		t.Errorf("the justification: got %d paragraphs, want 2", got)
	}
	if got := status(3); !strings.Contains(got, "withdrawn") {
		t.Errorf("the withdrawn amendment's preface: got %q", got)
	}
	if err := akn.WriteAmendments(io.Discard, d, nil, akn.Meta{}); err == nil {
		t.Error("an empty list: got no error, want one (a collection holds at least one component)")
	}
}

// TestAmendmentListProblemsCanFail: the structural check finds a repeated
// eId, an element outside the namespace, a component without its FRBR
// work, and a missing component.
func TestAmendmentListProblemsCanFail(t *testing.T) {
	d, as := amendmentsFixture()
	good := string(writeAmendments(t, d, as))
	for name, doc := range map[string]string{
		"a repeated eId":      strings.Replace(good, `eId="cmp_15"`, `eId="cmp_14"`, 1),
		"no FRBR work":        strings.Replace(strings.Replace(good, "<FRBRWork>", "<FRBRWorkX>", 2), "</FRBRWork>", "</FRBRWorkX>", 2),
		"an author not known": strings.Replace(good, `href="#cmp_14__russia"`, `href="#nobody"`, 1),
	} {
		if got := amendmentListProblems(t, []byte(doc), len(as)); len(got) == 0 {
			t.Errorf("%s: the check found nothing", name)
		}
	}
	if got := amendmentListProblems(t, []byte(good), len(as)+1); len(got) == 0 {
		t.Error("a missing component: the check found nothing")
	}
}

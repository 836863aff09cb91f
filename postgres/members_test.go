package postgres_test

import (
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestWritesSeeTheOtherInstanceAtOnce: an instance keeps the members and
// the lists of drafts its transactions read, yet a draft tabled on
// instance A makes B's very next stance on the draft before it a conflict
// and is read on B at once, as is Russia's declaration of marking
// finished and its withdrawal, and a member removed on A is refused by B's
// very next write and read — B learns that they changed from the
// generation it reads as every transaction begins, not from a notification
// that may arrive late.
func TestWritesSeeTheOtherInstanceAtOnce(t *testing.T) {
	_, a, b, tid := twoInstances(t)
	envoy := b.as(t, "russia-envoy", "")
	d, err := b.ws.GetDraft(envoy, tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	point := d.Markable()[0].ID
	for _, v := range []parley.StanceValue{parley.Acceptable, parley.Unsuitable} {
		if _, err := b.ws.SetStance(envoy, tid, 5, point, parley.StanceInput{Value: v}); err != nil {
			t.Fatal(err)
		}
	}
	mediator := a.as(t, "mediator", "")
	cur, err := a.ws.GetDraft(mediator, tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ws.TableDraft(mediator, tid, workspace.InputOf(cur)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.ws.GetDraft(envoy, tid, 6); err != nil {
		t.Errorf("draft 6 read on the other instance right after its tabling: %v", err)
	}
	_, err = b.ws.SetStance(envoy, tid, 5, point, parley.StanceInput{Value: parley.Acceptable})
	if parley.ErrorCode(err) != parley.ECONFLICT {
		t.Errorf("a stance on draft 5 after draft 6 was tabled on the other instance: got %v, want conflict", err)
	}
	if _, err := b.ws.SetStance(envoy, tid, 6, point, parley.StanceInput{Value: parley.Acceptable}); err != nil {
		t.Fatalf("a stance on draft 6: %v", err)
	}
	russia := a.as(t, "russia", "")
	members, err := a.ws.ListMembers(russia, tid)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, m := range members {
		if m.Username == "russia-envoy" {
			id = m.ID
		}
	}
	// B has read the draft and the gap map as the envoy: it keeps the
	// member and who finished marking. Russia declares it on A, and B
	// reads it at once, then its withdrawal.
	if _, err := b.ws.GapMap(envoy, tid, 6); err != nil {
		t.Fatal(err)
	}
	for _, finished := range []bool{true, false} {
		if _, err := a.ws.SetMarkingFinished(a.as(t, "russia", ""), tid, 6, finished); err != nil {
			t.Fatal(err)
		}
		m, err := b.ws.MarkingOf(envoy, tid, 6)
		if err != nil {
			t.Fatal(err)
		}
		if m.Finished != finished {
			t.Errorf("russia's marking finished %v on the other instance: read %v", finished, m.Finished)
		}
	}
	if err := a.ws.RemoveMember(russia, tid, id); err != nil {
		t.Fatal(err)
	}
	if _, err := b.ws.GetDraft(envoy, tid, 6); parley.ErrorCode(err) != parley.ENOTFOUND {
		t.Errorf("a draft read by a member removed on the other instance: got %v, want not found", err)
	}
	if _, err := b.ws.GapMap(envoy, tid, 6); parley.ErrorCode(err) != parley.ENOTFOUND {
		t.Errorf("a gap map read by a member removed on the other instance: got %v, want not found", err)
	}
	_, err = b.ws.SetStance(envoy, tid, 6, point, parley.StanceInput{Value: parley.Acceptable})
	if parley.ErrorCode(err) != parley.ENOTFOUND {
		t.Errorf("a stance by a member removed on the other instance: got %v, want not found", err)
	}
	if _, err := a.ws.SetStance(a.as(t, "russia-envoy", ""), tid, 6, point, parley.StanceInput{Value: parley.Acceptable}); parley.ErrorCode(err) != parley.ENOTFOUND {
		t.Errorf("a stance by a removed member on the instance that removed it: got %v, want not found", err)
	}
}

package storetest

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/workspace"
)

// testWorkspace drives the whole workspace over the backend: the demo
// scenario, then each kind of write it does not cover, a key rotation, and
// the audit log verified and proved against it.
func testWorkspace(t *testing.T, s Store) {
	ctx := context.Background()
	ws := workspace.New(s)
	tid, err := demo.Load(ctx, ws)
	if err != nil {
		t.Fatalf("loading the demo: %v", err)
	}
	as := func(user string) context.Context {
		_, a, err := ws.SignIn(ctx, user, demo.Password, "")
		if err != nil {
			t.Fatalf("sign in as %s: %v", user, err)
		}
		return workspace.WithAccount(ctx, a.ID)
	}
	med, ru, ua, usp := as("mediator"), as("russia"), as("ukraine"), as("us-principal")
	checkDemoRead(t, ws, tid, med, ua)
	tableWorkingDraft(t, ws, tid, med)
	readSealedMessage(t, ws, tid, usp)
	translateStale(t, ws, tid, med, as("russia-aide"))
	signOff(t, ws, tid, med, ru, ua)
	rotateMasterKey(t, s, ws, tid, ru)
	checkAudit(t, ws, tid, ru)
}

// checkDemoRead checks that the demo reads back: its convergence and a
// diff across its drafts.
func checkDemoRead(t *testing.T, ws *workspace.Service, tid int64, med, ua context.Context) {
	t.Helper()
	c, err := ws.Convergence(med, tid)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Drafts) != 5 || c.Drafts[4].Main == nil || c.Drafts[4].Main.Title != "Territory" {
		t.Errorf("convergence: got %d drafts, verdict %q", len(c.Drafts), c.Verdict)
	}
	res, err := ws.Diff(ua, tid, 1, 5)
	if err != nil || res.Counts[parley.ChangeAmended] == 0 {
		t.Errorf("diff 1 → 5: got %v, %v", res, err)
	}
}

// tableWorkingDraft saves draft 5 as the working draft and tables it.
func tableWorkingDraft(t *testing.T, ws *workspace.Service, tid int64, med context.Context) {
	t.Helper()
	d5, err := ws.GetDraft(med, tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.SaveWorkingDraft(med, tid, workspace.InputOf(d5)); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.TableWorkingDraft(med, tid); err != nil {
		t.Fatal(err)
	}
}

// readSealedMessage checks that the demo's sealed message is delivered,
// and marks it read.
func readSealedMessage(t *testing.T, ws *workspace.Service, tid int64, usp context.Context) {
	t.Helper()
	msgs, err := ws.ListMessages(usp, tid)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("messages: got %d, %v", len(msgs), err)
	}
	if _, err := ws.GetMessage(usp, tid, msgs[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.MarkRead(usp, tid, msgs[0].ID); err != nil {
		t.Fatal(err)
	}
}

// signOff proposes a sign-off on draft 6 that both parties answer yes,
// and checks that the talks conclude in agreement.
// translateStale checks that a sign-off on draft 6 is refused while its
// Russian text is stale, then has Russia's aide, a translator, translate
// the stale Russian points afresh, and the mediator any other language's.
func translateStale(t *testing.T, ws *workspace.Service, tid int64, med, aide context.Context) {
	t.Helper()
	if _, err := ws.ProposeDecision(med, tid, parley.DecisionInput{Kind: parley.SignOff, Draft: 6}); parley.ErrorCode(err) != parley.ECONFLICT {
		t.Fatalf("a sign-off with stale Russian points: got %v, want conflict", err)
	}
	for _, lang := range []string{"ru", "uk"} {
		who := med
		if lang == "ru" {
			who = aide
		}
		p, err := ws.ParallelText(who, tid, 6, []string{lang})
		if err != nil {
			t.Fatal(err)
		}
		for i, pp := range p.Points {
			if pp.Texts[0].Status == parley.TranslationCurrent {
				continue
			}
			src := p.Draft.Points[i]
			in := parley.TranslationInput{Title: pp.Texts[0].Title, Text: "[" + lang + "] " + src.Text}
			if _, err := ws.SetTranslation(who, tid, 6, pp.ID, lang, in); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func signOff(t *testing.T, ws *workspace.Service, tid int64, med, ru, ua context.Context) {
	t.Helper()
	yes := true
	dec, err := ws.ProposeDecision(med, tid, parley.DecisionInput{Kind: parley.SignOff, Draft: 6})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []context.Context{ru, ua} {
		if _, err := ws.AnswerDecision(c, tid, dec.ID, parley.AnswerInput{Yes: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	view, err := ws.GetTalks(med, tid)
	if err != nil || view.State != parley.TalksConcluded || view.AgreedDraft != 6 {
		t.Errorf("after sign-off: got %+v, %v", view, err)
	}
}

// rotateMasterKey rotates the master key and checks that sealed stances
// still read.
func rotateMasterKey(t *testing.T, s Store, ws *workspace.Service, tid int64, ru context.Context) {
	t.Helper()
	next, _ := seal.NewKey()
	if _, err := s.RotateMasterKey(context.Background(), next); err != nil {
		t.Fatal(err)
	}
	st, err := ws.ListStances(ru, tid, 5)
	if err != nil || len(st) == 0 || st[0].Rationale == "" {
		t.Errorf("stances after rotation: got %d, %v", len(st), err)
	}
}

// checkAudit verifies the whole audit log and every stored row, and
// checks the proof of the talks' latest record against the checkpoint.
func checkAudit(t *testing.T, ws *workspace.Service, tid int64, ru context.Context) {
	t.Helper()
	rep, err := ws.VerifyAudit(context.Background(), nil, "")
	if err != nil {
		t.Fatalf("audit verify: %v", err)
	}
	if rep.Records < 150 || rep.Rows < 300 {
		t.Errorf("audit verify checked %d records and %d rows, want the whole demo", rep.Records, rep.Rows)
	}
	entries, cp, err := ws.AuditLog(ru, tid)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ws.RecordProof(ru, tid, entries[len(entries)-1].Index)
	if err != nil {
		t.Fatal(err)
	}
	hashes := make([]tlogHash, len(p.Proof))
	for i, b := range p.Proof {
		copy(hashes[i][:], b)
	}
	tree, err := treeOf(cp)
	if err != nil {
		t.Fatal(err)
	}
	if err := auditlog.CheckRecord(hashes, tree, p.Index, p.Record); err != nil {
		t.Errorf("record proof: %v", err)
	}
}

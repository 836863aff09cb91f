package workspace_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// retryingStore runs each write twice, as a store does when the database
// asks for a retry: first in a transaction it then rolls back, then for
// real. A closure that accumulates across attempts answers twice what it
// did.
type retryingStore struct{ parley.Store }

var errAgain = errors.New("serialization failure (the test's)")

func (s retryingStore) Update(ctx context.Context, fn func(parley.Tx) error) error {
	return twice(ctx, s.Store.Update, fn)
}

// UpdateShared is Update's retry for shared writes (stances, marks).
func (s retryingStore) UpdateShared(ctx context.Context, fn func(parley.Tx) error) error {
	return twice(ctx, s.Store.UpdateShared, fn)
}

// twice runs fn with update in a transaction it then rolls back, then
// for real.
func twice(ctx context.Context, update func(context.Context, func(parley.Tx) error) error, fn func(parley.Tx) error) error {
	err := update(ctx, func(tx parley.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errAgain
	})
	if !errors.Is(err, errAgain) {
		return err
	}
	return update(ctx, fn)
}

func TestUpdateClosuresSurviveARetry(t *testing.T) {
	cf := newCarryFixture(t)
	ws := cf.ws
	ws.Store = retryingStore{ws.Store}
	if all := must[[]parley.Stance](t)(ws.ConfirmStances(cf.ua, cf.talks, 2, nil)); len(all) != 2 {
		t.Errorf("ukraine confirming all, retried: got %d stances, want 2", len(all))
	}
	marks := map[int64]parley.StanceValue{cf.split1: parley.Acceptable, cf.split2: parley.Unsuitable}
	if n := must[int](t)(ws.SetMarks(cf.ru, cf.talks, 2, marks)); n != 2 {
		t.Errorf("russia marking two points, retried: got %d recorded, want 2", n)
	}
}

func TestImportTranslationSurvivesARetry(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	must[*workspace.LanguagesView](t)(ws.SetLanguages(f.mediator, f.talks, threeLanguages()))
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	md := string(must[*workspace.Export](t)(ws.ExportLanguage(f.obs, f.talks, 1, "md", "ru")).Body)
	edited := strings.Replace(md, "Ukraine's sovereignty will be confirmed.", "Суверенитет Украины будет подтверждён.", 1)
	edited = strings.Replace(edited, "## General", "## Общие положения", 1)
	ws.Store = retryingStore{ws.Store}
	res := must[*workspace.ImportResult](t)(ws.ImportTranslation(f.mediator, f.talks, 1, "ru", edited))
	if !reflect.DeepEqual(res.Stored, []int64{d.Points[0].ID, d.Points[1].ID}) || res.Unchanged != 3 {
		t.Errorf("import, retried: %+v, want the section and point 1 stored, 3 unchanged", res)
	}
}

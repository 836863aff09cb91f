package workspace

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/akn"
	"github.com/parley-talks/parley/format/docx"
	"github.com/parley-talks/parley/format/markdown"
	"github.com/parley-talks/parley/format/pdf"
)

// LanguageExportFormats are the formats ExportLanguage writes.
var LanguageExportFormats = []string{"md", "akn", "docx"}

// ExportLanguage writes tabled draft number in language lang, which every
// member may read. Markdown is for translators: every identity marker
// kept, the latest text of each point in lang whatever its status, the
// source text where there is none yet. Akoma Ntoso (one expression per
// language, a translation naming its source expression, the authentic
// ones authoritative) and Word are the text as it stands in lang, so they
// are written only when every point's text in lang is current: otherwise
// ECONFLICT lists the stale and missing points.
func (s *Service) ExportLanguage(ctx context.Context, talksID int64, number int, format, lang string) (*Export, error) {
	var e *Export
	var tag string
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, seeTalks); err != nil {
			return err
		}
		var err error
		if tag, err = parley.CanonicalTag("lang", lang); err != nil {
			return err
		}
		if !slices.Contains(LanguageExportFormats, format) {
			return parley.Invalid("format", "a draft in one language is written as md, akn or docx")
		}
		l, err := tx.TalksLanguages(ctx, talksID)
		if err != nil {
			return err
		}
		d, drafting, ts, err := s.translationsOf(ctx, tx, talksID, number, l)
		if err != nil {
			return err
		}
		if !l.Has(tag) && tag != drafting {
			return parley.Invalid("lang", "%s is not a language of these talks", tag)
		}
		first, err := tx.Draft(ctx, talksID, 1)
		if err != nil {
			return err
		}
		lf := languageFile{talksID: talksID, draft: d, first: first, lang: tag, drafting: drafting, langs: l, ts: ts}
		e, err = lf.write(format, s)
		return err
	})
	return e, failed(err, "writing draft %d of talks %d in %s as %s", number, talksID, tag, format)
}

// languageFile is what writing a draft in one language needs.
type languageFile struct {
	talksID        int64
	draft, first   *parley.Draft
	lang, drafting string
	langs          *parley.TalksLanguages
	ts             parley.Translations
}

// texts returns the latest text of each point in the file's language.
func (f *languageFile) texts() map[int64]parley.TranslationInput {
	out := map[int64]parley.TranslationInput{}
	for id, t := range f.ts[f.lang] {
		out[id] = parley.TranslationInput{Title: t.Title, Text: t.Text}
	}
	return out
}

// translated is the draft with its points' text in the file's language:
// the source itself in the drafting language.
func (f *languageFile) translated() *parley.Draft {
	if f.lang == f.drafting {
		return f.draft
	}
	t := *f.draft
	t.Points = slices.Clone(f.draft.Points)
	texts := f.texts()
	for i := range t.Points {
		x := texts[t.Points[i].ID]
		t.Points[i].Title, t.Points[i].Text = x.Title, x.Text
	}
	return &t
}

func (f *languageFile) write(format string, s *Service) (*Export, error) {
	base := fmt.Sprintf("talks-%d-draft-%d-%s", f.talksID, f.draft.Number, f.lang)
	var buf bytes.Buffer
	if format == "md" {
		texts := f.texts()
		if f.lang == f.drafting {
			texts = nil
		}
		buf.WriteString(markdown.WriteTranslation(f.draft, f.lang, texts))
		return &Export{Name: base + ".md", ContentType: "text/markdown; charset=utf-8", Body: buf.Bytes()}, nil
	}
	if err := parley.CheckTexts(f.draft, []string{f.lang}, f.drafting, f.ts); err != nil {
		return nil, parley.Errorf(parley.ECONFLICT, "draft %d is written as %s in %s once every point's text in it is current; not yet: %s",
			f.draft.Number, format, f.lang, parley.ErrorMessage(err))
	}
	d := f.translated()
	if format == "docx" {
		err := docx.Write(&buf, d, docx.Options{})
		return &Export{Name: base + ".docx", ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Body: buf.Bytes()}, err
	}
	authentic := slices.Contains(f.langs.Authentic(), f.lang)
	meta := akn.Meta{Work: fmt.Sprintf("talks-%d", f.talksID), Date: f.first.TabledAt, Now: s.now,
		Language: akn.LanguageCode(f.lang), Authoritative: &authentic}
	if f.lang != f.drafting {
		meta.FromLanguage = akn.LanguageCode(f.drafting)
	}
	err := akn.Write(&buf, d, meta)
	return &Export{Name: base + ".akn.xml", ContentType: "application/akn+xml", Body: buf.Bytes()}, err
}

// ImportResult says what an imported translation changed.
type ImportResult struct {
	// Stored lists the points whose text gained a version; Unchanged
	// counts those whose text was the latest already, or was left as the
	// source text with no translation before.
	Stored    []int64 `json:"stored"`
	Unchanged int     `json:"unchanged"`
}

// ImportTranslation takes the text of tabled draft number in language
// lang from Markdown written as ExportLanguage writes it: every point by
// its identity marker. Each changed point gains a version, audited; a
// point still in its source text, never translated, is left missing. One
// fault (an unknown or missing marker, a text a translation may not
// have) stores nothing. The writers of translations may.
func (s *Service) ImportTranslation(ctx context.Context, talksID int64, number int, lang, src string) (*ImportResult, error) {
	var res *ImportResult
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		res = &ImportResult{Stored: []int64{}} // afresh on each attempt: the store may run fn again
		w, err := s.openTranslation(ctx, tx, talksID, number, lang)
		if err != nil {
			return err
		}
		texts, err := markdown.ReadTranslation(src)
		if err != nil {
			return err
		}
		tag := w.lang
		for id := range texts {
			if w.draft.Point(id) == nil {
				return parley.Invalid("markdown", "the marker {#%d} names no point of draft %d", id, number)
			}
		}
		for _, p := range w.draft.Points {
			in, ok := texts[p.ID]
			prev := w.ts[tag][p.ID]
			if !ok || prev == nil && in.Title == p.Title && in.Text == p.Text {
				res.Unchanged++
				continue
			}
			t, err := s.putTranslation(ctx, tx, w, p.ID, in)
			if parley.ErrorCode(err) == parley.EINVALID {
				return parley.Invalid("markdown", "point %s: %s", p.Label(), parley.ErrorMessage(err))
			} else if err != nil {
				return err
			}
			if t == prev {
				res.Unchanged++
			} else {
				res.Stored = append(res.Stored, p.ID)
			}
		}
		return nil
	})
	if err != nil {
		return nil, failed(err, "importing the %s text of draft %d of talks %d", lang, number, talksID)
	}
	return res, nil
}

// ExportParallel writes tabled draft number with the texts of the
// languages langs (none: every language of the talks) side by side, a
// column each, aligned by point, as Word ("docx") or PDF ("pdf"): the
// latest text of each, noted where it is stale or missing. Every member
// may read it; an account makes one PDF at a time (ETOOMANY).
func (s *Service) ExportParallel(ctx context.Context, talksID int64, number int, langs []string, format string) (*Export, error) {
	p, err := s.ParallelText(ctx, talksID, number, langs)
	if err != nil {
		return nil, err
	}
	if format != "docx" && format != "pdf" {
		return nil, parley.Invalid("format", "languages side by side are written as docx or pdf")
	}
	cols := make([]docx.Column, len(p.Languages))
	for i, lang := range p.Languages {
		cols[i] = docx.Column{Heading: parley.LanguageName(lang), Language: lang, Texts: map[int64]docx.ColumnText{}}
		if lang == p.Drafting {
			cols[i].Heading += " (source)"
		}
	}
	for _, pp := range p.Points {
		for i, x := range pp.Texts {
			t := docx.ColumnText{Title: x.Title, Text: x.Text}
			if x.Status != parley.TranslationCurrent {
				t.Note = string(x.Status)
			}
			cols[i].Texts[pp.ID] = t
		}
	}
	e := &Export{Name: fmt.Sprintf("talks-%d-draft-%d-%s.%s", talksID, number, strings.Join(p.Languages, "-"), format)}
	var buf bytes.Buffer
	if format == "pdf" {
		release, err := s.pdfs.claim(AccountID(ctx))
		if err != nil {
			return nil, err
		}
		defer release()
		err = pdf.WriteParallel(&buf, p.Draft, cols)
		e.ContentType = "application/pdf"
	} else {
		err = docx.WriteParallel(&buf, p.Draft, cols, docx.Options{})
		e.ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	if err != nil {
		return nil, failed(err, "writing draft %d of talks %d side by side", number, talksID)
	}
	e.Body = buf.Bytes()
	return e, nil
}

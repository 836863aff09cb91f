package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/parley-talks/parley"
)

// TalksLanguages implements parley.Tx.
func (t *Tx) TalksLanguages(ctx context.Context, talksID int64) (_ *parley.TalksLanguages, err error) {
	defer func() { err = failed(err, "reading the languages of talks %d", talksID) }()
	var langs, translators string
	l := &parley.TalksLanguages{}
	err = t.queryRow(ctx, `SELECT languages, drafting, party_translators, translators FROM talks_languages WHERE talks_id = ?`, talksID).
		Scan(&langs, &l.Drafting, &l.PartyTranslators, &translators)
	if errors.Is(err, sql.ErrNoRows) {
		d := parley.DefaultLanguages()
		return &d, nil
	} else if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(langs), &l.Languages); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(translators), &l.Translators); err != nil {
		return nil, err
	}
	return l, nil
}

// SetTalksLanguages implements parley.Tx.
func (t *Tx) SetTalksLanguages(ctx context.Context, talksID int64, l *parley.TalksLanguages) (err error) {
	defer func() { err = failed(err, "storing the languages of talks %d", talksID) }()
	translators := l.Translators
	if translators == nil {
		translators = []parley.Translator{}
	}
	_, err = t.writeTracked(ctx, "talks_languages", `INSERT INTO talks_languages (talks_id, languages, drafting, party_translators, translators)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (talks_id) DO UPDATE SET languages = excluded.languages, drafting = excluded.drafting,
		party_translators = excluded.party_translators, translators = excluded.translators RETURNING *`,
		talksID, jsonText(l.Languages), l.Drafting, l.PartyTranslators, jsonText(translators))
	return err
}

// PutDraftLanguage implements parley.Tx.
func (t *Tx) PutDraftLanguage(ctx context.Context, talksID int64, draft int, tag string) (err error) {
	defer func() { err = failed(err, "storing the drafting language of draft %d of talks %d", draft, talksID) }()
	_, err = t.writeTracked(ctx, "draft_languages", `INSERT INTO draft_languages (talks_id, draft_number, language)
		VALUES (?, ?, ?) RETURNING *`, talksID, draft, tag)
	return t.conflict(err, fmt.Sprintf("the drafting language of draft %d", draft))
}

// DraftLanguage implements parley.Tx.
func (t *Tx) DraftLanguage(ctx context.Context, talksID int64, draft int) (_ string, err error) {
	var tag string
	err = t.queryRow(ctx, `SELECT language FROM draft_languages WHERE talks_id = ? AND draft_number = ?`, talksID, draft).Scan(&tag)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return tag, failed(err, "reading the drafting language of draft %d of talks %d", draft, talksID)
}

const translationColumns = `talks_id, draft_number, point_id, language, version, title, text, source_hash,
	source_title, source_text, carried_from, translated_by, translated_at`

// PutTranslation implements parley.Tx.
func (t *Tx) PutTranslation(ctx context.Context, tr *parley.Translation) (err error) {
	defer func() {
		err = failed(err, "storing the %s text of point %d of draft %d of talks %d", tr.Language, tr.PointID, tr.Draft, tr.TalksID)
	}()
	var latest sql.NullInt64
	if err := t.queryRow(ctx, `SELECT MAX(version) FROM translations WHERE talks_id = ? AND draft_number = ? AND point_id = ? AND language = ?`,
		tr.TalksID, tr.Draft, tr.PointID, tr.Language).Scan(&latest); err != nil {
		return err
	}
	tr.Version = int(latest.Int64) + 1
	_, err = t.writeTracked(ctx, "translations", `INSERT INTO translations (`+translationColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
		tr.TalksID, tr.Draft, tr.PointID, tr.Language, tr.Version, tr.Title, tr.Text, tr.SourceHash,
		tr.SourceTitle, tr.SourceText, tr.CarriedFrom, tr.TranslatedBy, FormatTime(tr.TranslatedAt))
	return t.conflict(err, "translation version")
}

// LinkTranslation implements parley.Tx.
func (t *Tx) LinkTranslation(ctx context.Context, tr *parley.Translation) (err error) {
	defer func() {
		err = failed(err, "linking the %s text of point %d of draft %d of talks %d to its correction", tr.Language, tr.PointID, tr.Draft, tr.TalksID)
	}()
	_, err = t.writeTracked(ctx, "translation_amendments", `INSERT INTO translation_amendments
		(talks_id, draft_number, point_id, language, version, amendment_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
		tr.TalksID, tr.Draft, tr.PointID, tr.Language, tr.Version, tr.Amendment)
	return t.conflict(err, "the translation taken from amendment "+fmt.Sprint(tr.Amendment))
}

// translationSelect reads translationColumns of translations x with the
// correction each version was taken from (0: none).
const translationSelect = `SELECT x.talks_id, x.draft_number, x.point_id, x.language, x.version, x.title, x.text, x.source_hash,
	x.source_title, x.source_text, x.carried_from, x.translated_by, x.translated_at, COALESCE(m.amendment_id, 0)
	FROM translations x LEFT JOIN translation_amendments m ON m.talks_id = x.talks_id AND m.draft_number = x.draft_number
		AND m.point_id = x.point_id AND m.language = x.language AND m.version = x.version `

// Translations implements parley.Tx.
func (t *Tx) Translations(ctx context.Context, talksID int64, draft int) (_ []parley.Translation, err error) {
	defer func() { err = failed(err, "reading the translations of draft %d of talks %d", draft, talksID) }()
	return t.translations(ctx, translationSelect+`
		WHERE x.talks_id = ? AND x.draft_number = ? AND x.version = (SELECT MAX(version) FROM translations y
			WHERE y.talks_id = x.talks_id AND y.draft_number = x.draft_number AND y.point_id = x.point_id AND y.language = x.language)
		ORDER BY x.language, x.point_id`, talksID, draft)
}

// TranslationHistory implements parley.Tx.
func (t *Tx) TranslationHistory(ctx context.Context, talksID int64, draft int, pointID int64, lang string) (_ []parley.Translation, err error) {
	defer func() {
		err = failed(err, "reading the %s versions of point %d of draft %d of talks %d", lang, pointID, draft, talksID)
	}()
	return t.translations(ctx, translationSelect+`
		WHERE x.talks_id = ? AND x.draft_number = ? AND x.point_id = ? AND x.language = ? ORDER BY x.version`, talksID, draft, pointID, lang)
}

func (t *Tx) translations(ctx context.Context, q string, args ...any) ([]parley.Translation, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []parley.Translation{}
	for rows.Next() {
		var tr parley.Translation
		var at string
		if err := rows.Scan(&tr.TalksID, &tr.Draft, &tr.PointID, &tr.Language, &tr.Version, &tr.Title, &tr.Text, &tr.SourceHash,
			&tr.SourceTitle, &tr.SourceText, &tr.CarriedFrom, &tr.TranslatedBy, &at, &tr.Amendment); err != nil {
			return nil, err
		}
		if tr.TranslatedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, tr)
	}
	return out, rows.Err()
}

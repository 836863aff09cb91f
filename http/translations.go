package http

import (
	"net/http"
	"strconv"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// Languages and translations: the talks' authentic and working languages
// and translators; each tabled draft's text in every language, aligned by
// point with a status per point; a point's translation and its versions;
// a draft in one language as a file, and a translation brought back from
// Markdown. The side-by-side page and its forms are in parallelpage.go.

func (s *Server) registerTranslations() {
	s.api("GET /api/v1/talks/{talks}/languages", talksGet(s.ws.Languages))
	s.api("PUT /api/v1/talks/{talks}/languages", talksDo(s.ws.SetLanguages))
	s.api("GET /api/v1/talks/{talks}/drafts/{n}/parallel", s.getParallel)
	s.api("GET /api/v1/talks/{talks}/drafts/{n}/parallel/{format}", s.exportParallel)
	s.api("GET /api/v1/talks/{talks}/drafts/{n}/points/{point}/translations/{lang}", s.translationHistory)
	s.api("PUT /api/v1/talks/{talks}/drafts/{n}/points/{point}/translations/{lang}", s.putTranslation)
	s.api("GET /api/v1/talks/{talks}/drafts/{n}/translations/{lang}/export", s.exportLanguage)
	s.api("GET /api/v1/talks/{talks}/drafts/{n}/translations/{lang}/changes", s.languageChanges)
	s.api("POST /api/v1/talks/{talks}/drafts/{n}/translations/{lang}/import", s.importTranslation)
	s.registerParallelPages()
}

func (s *Server) getParallel(w http.ResponseWriter, r *http.Request) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	p, err := s.ws.ParallelText(r.Context(), id, n, r.URL.Query()["lang"])
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// exportParallel serves a tabled draft's languages side by side (?lang=…,
// repeated) as a Word document (.../parallel/docx) or PDF (.../parallel/pdf).
func (s *Server) exportParallel(w http.ResponseWriter, r *http.Request) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	e, err := s.ws.ExportParallel(r.Context(), id, n, r.URL.Query()["lang"], r.PathValue("format"))
	if err != nil {
		return err
	}
	writeFile(w, e)
	return nil
}

// translationPath reads {talks}, a tabled draft's {n}, {point} and {lang}.
func translationPath(r *http.Request) (int64, int, int64, string, error) {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return 0, 0, 0, "", err
	}
	point, err := pathID(r, "point")
	if err != nil {
		return 0, 0, 0, "", err
	}
	return id, n, point, r.PathValue("lang"), nil
}

func (s *Server) translationHistory(w http.ResponseWriter, r *http.Request) error {
	id, n, point, lang, err := translationPath(r)
	if err != nil {
		return err
	}
	h, err := s.ws.TranslationHistory(r.Context(), id, n, point, lang)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

func (s *Server) putTranslation(w http.ResponseWriter, r *http.Request) error {
	id, n, point, lang, err := translationPath(r)
	if err != nil {
		return err
	}
	var in parley.TranslationInput
	if err := decode(r, &in); err != nil {
		return err
	}
	t, err := s.ws.SetTranslation(r.Context(), id, n, point, lang, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// exportLanguage serves a tabled draft in one language:
// ?format=md|akn|docx.
func (s *Server) exportLanguage(w http.ResponseWriter, r *http.Request) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	e, err := s.ws.ExportLanguage(r.Context(), id, n, r.URL.Query().Get("format"), r.PathValue("lang"))
	if err != nil {
		return err
	}
	writeFile(w, e)
	return nil
}

// languageChanges serves how a language's text changed since an earlier
// draft: ?from=M, by default the draft before.
func (s *Server) languageChanges(w http.ResponseWriter, r *http.Request) error {
	id, n, from, err := changesPath(r)
	if err != nil {
		return err
	}
	ch, err := s.ws.LanguageDiff(r.Context(), id, from, n, r.PathValue("lang"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ch)
	return nil
}

// changesPath reads {talks}, a tabled draft's {n} and ?from= (by default
// the draft before n).
func changesPath(r *http.Request) (int64, int, int, error) {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return 0, 0, 0, err
	}
	from := n - 1
	if f := r.URL.Query().Get("from"); f != "" {
		if from, err = strconv.Atoi(f); err != nil {
			return 0, 0, 0, parley.Invalid("from", "from is a draft number")
		}
	}
	return id, n, from, nil
}

// importTranslation takes a language's text of a tabled draft from a
// Markdown body.
func (s *Server) importTranslation(w http.ResponseWriter, r *http.Request) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	res, err := s.ws.ImportTranslation(r.Context(), id, n, r.PathValue("lang"), string(body))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// languagesOf is the talks' languages for a page, nil if they cannot be
// read (the page then goes without them).
func (s *Server) languagesOf(r *http.Request, talksID int64) *workspace.LanguagesView {
	l, err := s.ws.Languages(r.Context(), talksID)
	if err != nil {
		return nil
	}
	return l
}

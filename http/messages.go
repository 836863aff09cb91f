package http

import (
	"net/http"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// Sealed messages between the principals of different parties, carried
// by an envoy, and the age keys they are sealed to. Sealing and opening
// happen in the member's own client: in the browser, static/messages.js
// with the age-encryption package. The server sends ciphertext and the
// member's passphrase-sealed identity, and receives ciphertext only.

func (s *Server) registerMessages() {
	s.api("GET /api/v1/account/key", s.getAccountKey)
	s.api("PUT /api/v1/account/key", s.putAccountKey)
	s.api("GET /api/v1/talks/{talks}/keys", talksGet(s.ws.MemberKeys))
	s.api("GET /api/v1/talks/{talks}/messages", talksGet(s.ws.ListMessages))
	s.api("POST /api/v1/talks/{talks}/messages", s.sendMessage)
	s.api("GET /api/v1/talks/{talks}/messages/{message}", s.getMessage)
	s.api("POST /api/v1/talks/{talks}/messages/{message}/read", s.readMessage)

	s.page("GET /talks/{talks}/messages", s.messagesPage)
	s.page("POST /talks/{talks}/messages", s.messageSubmit)
	s.page("GET /talks/{talks}/messages/{message}/ciphertext", s.messageCiphertext)
	s.page("POST /talks/{talks}/messages/{message}/read", s.messageRead)
	s.page("GET /account/sealed-identity", s.sealedIdentity)
	s.page("POST /account/key", s.accountKeySubmit)
}

func (s *Server) getAccountKey(w http.ResponseWriter, r *http.Request) error {
	k, err := s.ws.AccountKey(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, k)
	return nil
}

func (s *Server) putAccountKey(w http.ResponseWriter, r *http.Request) error {
	var in parley.AccountKey
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.ws.SetAccountKey(r.Context(), in); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in parley.MessageInput
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.ws.SendMessage(r.Context(), id, in)
	if err != nil {
		return err
	}
	m.Ciphertext = ""
	writeJSON(w, http.StatusCreated, m)
	return nil
}

// message fetches the message of the path, {talks} and {message}.
func (s *Server) message(r *http.Request) (*parley.Message, error) {
	id, mid, err := pathIDs(r, "message")
	if err != nil {
		return nil, err
	}
	return s.ws.GetMessage(r.Context(), id, mid)
}

// markRead records that the caller read the message of the path.
func (s *Server) markRead(r *http.Request) (*parley.Message, error) {
	id, mid, err := pathIDs(r, "message")
	if err != nil {
		return nil, err
	}
	return s.ws.MarkRead(r.Context(), id, mid)
}

func (s *Server) getMessage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.message(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) readMessage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.markRead(r)
	if err != nil {
		return err
	}
	m.Ciphertext = ""
	writeJSON(w, http.StatusOK, m)
	return nil
}

type messagesData struct {
	Talks    *workspace.TalksView
	Messages []parley.Message
	// Recipients are the principals of other parties, and Envoys the
	// negotiators and mediators who may carry a message; a member with no
	// key yet has an empty AgeRecipient and is shown as such.
	Recipients  []parley.MemberKey
	Envoys      []parley.MemberKey
	HasIdentity bool
	// SelfKey is the viewer's own public key, to which its browser seals a
	// copy of every message it sends ("" while it has none).
	SelfKey    string
	CanSend    bool
	Closed     bool // the talks are not open: nothing can be sent
	PartyNames map[int64]string
}

// messagesPage lists the messages the viewer sent, received or carries,
// with a form to seal a new one to the principals of other parties.
func (s *Server) messagesPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, t, err := s.talksOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := messagesData{Talks: t, PartyNames: partyNames(t)}
	if d.Messages, err = s.ws.ListMessages(ctx, id); err != nil {
		return err
	}
	keys, err := s.ws.MemberKeys(ctx, id)
	if err != nil {
		return err
	}
	d.addressees(keys)
	d.Closed = t.State != parley.TalksOpen
	d.CanSend = t.You.Role == parley.RolePrincipal && !d.Closed
	if k, err := s.ws.AccountKey(ctx); err == nil && k.SealedIdentity != "" {
		d.HasIdentity = true
	}
	p.Title, p.Data, p.Talks = p.tr("Sealed messages"), d, id
	s.render(w, r, http.StatusOK, "messages", *p)
	return nil
}

// addressees sorts the talks' members into the recipients and envoys the
// viewer may choose, each with its key if it has registered one, and
// finds the viewer's own key.
func (d *messagesData) addressees(keys []parley.MemberKey) {
	byName := map[string]string{}
	for _, k := range keys {
		byName[k.Username] = k.AgeRecipient
	}
	me := d.Talks.You
	d.SelfKey = byName[me.Username]
	for _, m := range d.Talks.Members {
		k := parley.MemberKey{Username: m.Username, Party: m.PartyID, Role: m.Role, AgeRecipient: byName[m.Username]}
		switch {
		case m.Username == me.Username:
		case m.Role == parley.RolePrincipal && m.PartyID != me.PartyID:
			d.Recipients = append(d.Recipients, k)
		case m.Role == parley.RoleNegotiator || m.Role == parley.RoleMediator:
			d.Envoys = append(d.Envoys, k)
		}
	}
}

// messageSubmit stores a message the browser sealed. The form carries only
// ciphertext: the text area of the message has no name.
func (s *Server) messageSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	r.ParseForm()
	in := parley.MessageInput{Recipients: r.PostForm["recipients"], Envoy: r.PostFormValue("envoy"), Ciphertext: r.PostFormValue("ciphertext")}
	if r.PostFormValue("copy_envoy") == "on" && in.Envoy != "" {
		in.Recipients = append(in.Recipients, in.Envoy)
	}
	if _, err := s.ws.SendMessage(r.Context(), id, in); err != nil {
		return err
	}
	redirect(w, r, "/talks/%d/messages", id)
	return nil
}

// messageCiphertext serves a message's ciphertext alone, for the browser
// to open.
func (s *Server) messageCiphertext(w http.ResponseWriter, r *http.Request, p *page) error {
	m, err := s.message(r)
	if err != nil {
		return err
	}
	writeText(w, "text/plain; charset=utf-8", m.Ciphertext)
	return nil
}

// messageRead records, from the browser, that the caller read a message.
func (s *Server) messageRead(w http.ResponseWriter, r *http.Request, p *page) error {
	if _, err := s.markRead(r); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// sealedIdentity serves the caller's own identity, sealed under its
// passphrase, for the browser to unlock.
func (s *Server) sealedIdentity(w http.ResponseWriter, r *http.Request, p *page) error {
	k, err := s.ws.AccountKey(r.Context())
	if err != nil {
		return err
	}
	if strings.TrimSpace(k.SealedIdentity) == "" {
		return parley.NotFound("sealed identity")
	}
	writeText(w, "text/plain; charset=utf-8", k.SealedIdentity)
	return nil
}

// accountKeySubmit registers the key the browser made: the public key and
// the identity sealed under the member's passphrase, never the passphrase
// nor the identity itself. It then goes back to the page it came from.
func (s *Server) accountKeySubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	k := parley.AccountKey{AgeRecipient: r.PostFormValue("age_recipient"), SealedIdentity: r.PostFormValue("sealed_identity")}
	if strings.TrimSpace(k.SealedIdentity) == "" {
		return parley.Invalid("sealed_identity", "a key made in the browser must come sealed under its passphrase")
	}
	if err := s.ws.SetAccountKey(r.Context(), k); err != nil {
		return err
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

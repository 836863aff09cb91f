package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"filippo.io/age"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/workspace"
)

// cmdIdentity manages a member's age identity, which the member keeps: the
// command line holds it in a local file; the server holds only the public
// key and, if the member wants the browser to unlock it, the identity
// sealed under the member's passphrase.
func cmdIdentity(ctx context.Context, e *env, args []string) error {
	sub, args, err := subcommand(args, "new", "register", "unlock")
	if err != nil {
		return err
	}
	fs := flags(e, "identity "+sub)
	var f dbFlags
	if sub != "new" {
		f.register(fs, false)
	}
	out := fs.String("out", "", "new, unlock: the identity file to write (mode 0600)")
	idFile := fs.String("identity", "", "register: the identity file")
	withPassphrase := fs.Bool("passphrase-stdin", false, "register: also store the identity sealed under a passphrase read from standard input, for the browser")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch sub {
	case "new":
		return identityNew(e, *out)
	case "register":
		return identityRegister(ctx, e, &f, *idFile, *withPassphrase)
	default:
		return identityUnlock(ctx, e, &f, *out)
	}
}

// identityNew writes a new identity to the file out and prints its public
// key.
func identityNew(e *env, out string) error {
	if out == "" {
		return usageError("--out FILE is required")
	}
	r, err := seal.NewIdentityFile(out)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "New identity in %s; public key %s\n", out, r)
	return nil
}

// identityRegister stores the public key of the identity in idFile as the
// acting account's, and with withPassphrase the identity itself sealed
// under a passphrase read from standard input.
func identityRegister(ctx context.Context, e *env, f *dbFlags, idFile string, withPassphrase bool) error {
	if idFile == "" {
		return usageError("--identity FILE is required")
	}
	ids, err := seal.ReadIdentityFile(idFile)
	if err != nil {
		return usageError(err.Error())
	}
	x, ok := ids[0].(*age.X25519Identity)
	if !ok {
		return usageError("the identity file must hold an X25519 identity (AGE-SECRET-KEY-1…)")
	}
	k := parley.AccountKey{AgeRecipient: x.Recipient().String()}
	if withPassphrase {
		pass, err := readLine(e.stdin)
		if err != nil {
			return err
		}
		if err := parley.ValidatePassword("passphrase", pass, f.as); err != nil {
			return err
		}
		if k.SealedIdentity, err = seal.SealIdentity(x, pass, 18); err != nil {
			return fmt.Errorf("sealing the identity under the passphrase: %w", err)
		}
	}
	ws, ctx, closer, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer closer.Close()
	if err := ws.SetAccountKey(ctx, k); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s's public key is now %s\n", f.as, k.AgeRecipient)
	return nil
}

// identityUnlock opens the identity the server holds sealed for the acting
// account with a passphrase read from standard input, and writes it to the
// file out.
func identityUnlock(ctx context.Context, e *env, f *dbFlags, out string) error {
	if out == "" {
		return usageError("--out FILE is required")
	}
	ws, ctx, closer, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer closer.Close()
	k, err := ws.AccountKey(ctx)
	if err != nil {
		return err
	}
	if k.SealedIdentity == "" {
		return usageError(f.as + " has no identity sealed with the server; use the identity file you registered")
	}
	pass, err := readLine(e.stdin)
	if err != nil {
		return err
	}
	sid, err := age.NewScryptIdentity(pass)
	if err != nil {
		return err
	}
	raw, err := seal.DecryptMessage(k.SealedIdentity, sid)
	if err != nil {
		return usageError("the passphrase does not unlock the identity")
	}
	if err := os.WriteFile(out, append(raw, '\n'), 0o600); err != nil {
		return fmt.Errorf("writing the identity: %w", err)
	}
	fmt.Fprintf(e.stdout, "Identity unlocked into %s\n", out)
	return nil
}

// readLine reads one line from r, without its line ending.
func readLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && line == "" {
		return "", usageError("nothing on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// messageFlags are the flags of "parley message" beyond the database's.
type messageFlags struct {
	to, envoy string
	copyEnvoy bool
	file      string
	id        int64
	idFile    string
}

// cmdMessage sends, lists and reads sealed messages. Encryption and
// decryption happen here, on the member's side, with the member's own
// identity; the database receives only ciphertext.
func cmdMessage(ctx context.Context, e *env, args []string) error {
	sub, args, err := subcommand(args, "send", "list", "read")
	if err != nil {
		return err
	}
	fs := flags(e, "message "+sub)
	var f dbFlags
	f.register(fs, true)
	var m messageFlags
	fs.StringVar(&m.to, "to", "", "send: recipients' user names, comma-separated")
	fs.StringVar(&m.envoy, "envoy", "", "send: the envoy who carries the message")
	fs.BoolVar(&m.copyEnvoy, "copy-envoy", false, "send: let the envoy read the message too")
	fs.StringVar(&m.file, "file", "-", "send: the message text (default: standard input)")
	fs.Int64Var(&m.id, "id", 0, "read: the message's id")
	fs.StringVar(&m.idFile, "identity", "", "read: your identity file")
	ws, ctx, closer, err := f.parseOpen(ctx, fs, args)
	if err != nil {
		return err
	}
	defer closer.Close()
	switch sub {
	case "send":
		return messageSend(ctx, e, ws, f.talks, f.as, m)
	case "list":
		return messageList(ctx, e, ws, &f)
	default:
		return messageRead(ctx, e, ws, f.talks, f.as, m)
	}
}

// messageSend seals the message text for the recipients' registered public
// keys (and the envoy's, with --copy-envoy), and for the sender's own so
// that it can read what it sent, and hands it to the envoy.
func messageSend(ctx context.Context, e *env, ws *workspace.Service, talksID int64, sender string, m messageFlags) error {
	recipients := strings.Split(m.to, ",")
	if m.to == "" {
		return usageError("--to is required")
	}
	if m.copyEnvoy {
		recipients = append(recipients, m.envoy)
	}
	var body []byte
	var err error
	if m.file == "-" {
		body, err = io.ReadAll(io.LimitReader(e.stdin, 512<<10))
	} else {
		body, err = os.ReadFile(m.file)
	}
	if err != nil {
		return fmt.Errorf("reading the message: %w", err)
	}
	keys, err := ws.MemberKeys(ctx, talksID)
	if err != nil {
		return err
	}
	rs, err := parley.SealingKeys(keys, sender, recipients)
	if err != nil {
		return usageError(parley.ErrorMessage(err))
	}
	ct, err := seal.EncryptMessage(body, rs)
	if err != nil {
		return fmt.Errorf("sealing the message: %w", err)
	}
	sent, err := ws.SendMessage(ctx, talksID, parley.MessageInput{Recipients: recipients, Envoy: m.envoy, Ciphertext: ct})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Message %d sealed for %s, carried by %s.\n", sent.ID, strings.Join(recipients, ", "), sent.Envoy)
	return nil
}

// messageList prints the messages the acting account sent, carries or
// receives, with each recipient's state.
func messageList(ctx context.Context, e *env, ws *workspace.Service, f *dbFlags) error {
	ms, err := ws.ListMessages(ctx, f.talks)
	if err != nil {
		return err
	}
	if f.json {
		return printJSON(e.stdout, ms)
	}
	return printTable(e.stdout, "ID\tSENT\tFROM\tENVOY\tTO (delivered, read)", func(tw io.Writer) {
		for _, m := range ms {
			var to []string
			for _, r := range m.Recipients {
				state := "sent"
				switch {
				case !r.ReadAt.IsZero():
					state = "read"
				case !r.DeliveredAt.IsZero():
					state = "delivered"
				}
				to = append(to, r.Username+" ("+state+")")
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", m.ID, m.SentAt.Format("2006-01-02 15:04"), m.Sender, m.Envoy, strings.Join(to, ", "))
		}
	})
}

// messageRead opens a message with the identity in --identity, marks it
// read (unless reader, the acting account, sent it) and prints it.
func messageRead(ctx context.Context, e *env, ws *workspace.Service, talksID int64, reader string, mf messageFlags) error {
	if mf.idFile == "" {
		return usageError("--identity FILE is required: your identity opens the message")
	}
	ids, err := seal.ReadIdentityFile(mf.idFile)
	if err != nil {
		return usageError(err.Error())
	}
	m, err := ws.GetMessage(ctx, talksID, mf.id)
	if err != nil {
		return err
	}
	body, err := seal.DecryptMessage(m.Ciphertext, ids...)
	if err != nil {
		return usageError("your identity does not open this message: it was not addressed to you")
	}
	if m.Sender != reader { // the sender reads its own copy; only recipients give receipts
		if _, err := ws.MarkRead(ctx, talksID, mf.id); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "From %s, carried by %s, %s:\n\n%s\n", m.Sender, m.Envoy, m.SentAt.Format("2 January 2006 15:04 MST"), body)
	return nil
}

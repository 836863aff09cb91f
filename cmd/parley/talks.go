package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// This file holds the commands that set talks up: accounts, talks, their
// parties and members.

// cmdAccount adds an account, creating the database (and its master key)
// when there is none yet; the password comes on standard input. "account
// reset-link USER" issues a one-time password link (cmdResetLink).
func cmdAccount(ctx context.Context, e *env, args []string) error {
	sub, args, err := subcommand(args, "add", "reset-link")
	if err != nil {
		return err
	}
	if sub == "reset-link" {
		return cmdResetLink(ctx, e, args)
	}
	fs := flags(e, "account add")
	var f dbFlags
	f.registerDB(fs, "database file (created if missing)", "master key file (default: the database file's name + .key; created if missing)")
	username := fs.String("username", "", "the new account's user name")
	display := fs.String("display-name", "", "the name shown for the account")
	admin := fs.Bool("admin", false, "the account may create accounts")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "Password for %s (one line on standard input): ", *username)
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return usageError("no password given on standard input")
	}
	fmt.Fprintln(e.stderr)
	db, err := openDB(ctx, f.db, f.keyFile, true, e.stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := workspace.New(db).CreateAccount(workspace.AsOperator(ctx), workspace.AccountInput{
		Username: *username, DisplayName: *display, Password: strings.TrimRight(line, "\r\n"), Admin: *admin}, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Account %s created (id %d).\n", a.Username, a.ID)
	return nil
}

// cmdResetLink issues, as the operator, a one-time link that sets the
// password of the account named by the argument, as an administrator does
// on /admin: for an administrator who lost theirs. It prints the link's
// path, or the whole link with --base.
func cmdResetLink(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "account reset-link")
	var f dbFlags
	f.registerDB(fs, "database file", "master key file (default: the database file's name + .key)")
	base := fs.String("base", "", "the server's address, such as https://parley.example.org, to print the whole link")
	// The user name may come before the flags or after them.
	var user string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		user, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if user == "" && fs.NArg() == 1 {
		user = fs.Arg(0)
	} else if user == "" || fs.NArg() > 0 {
		return usageError("say whose password, once: parley account reset-link --db FILE USER")
	}
	db, err := openDB(ctx, f.db, f.keyFile, false, e.stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	link, err := workspace.New(db).IssuePasswordLink(workspace.AsOperator(ctx), user)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Hand this link to %s; it works once, until %s:\n\n  %s%s\n\n",
		link.Username, link.ExpiresAt.Format("2 Jan 2006 15:04 MST"), strings.TrimRight(*base, "/"), link.Path)
	return nil
}

// cmdTalks lists the talks the account takes part in, opens new talks, or
// shows one talks' parties and members.
func cmdTalks(ctx context.Context, e *env, args []string) error {
	sub, args, err := subcommand(args, "list", "create", "show")
	if err != nil {
		return err
	}
	fs := flags(e, "talks "+sub)
	var f dbFlags
	f.register(fs, sub == "show")
	title := fs.String("title", "", "create: the talks' title")
	description := fs.String("description", "", "create: a description")
	mediatorParty := fs.String("mediator-party", "", "create: the mediator party's name (default Mediator)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch sub {
	case "list":
		return act(ctx, e, &f, func(ctx context.Context, ws *workspace.Service) ([]parley.Talks, error) {
			return ws.ListTalks(ctx)
		}, printTalksList)
	case "create":
		in := workspace.TalksInput{Title: *title, Description: *description, MediatorParty: *mediatorParty}
		return act(ctx, e, &f, func(ctx context.Context, ws *workspace.Service) (*workspace.TalksView, error) {
			return ws.CreateTalks(ctx, in)
		}, func(w io.Writer, t *workspace.TalksView) error {
			return printf(w, "Talks %d %q opened; %s is their mediator.\n", t.ID, t.Title, f.as)
		})
	default:
		return act(ctx, e, &f, func(ctx context.Context, ws *workspace.Service) (*workspace.TalksView, error) {
			return ws.GetTalks(ctx, f.talks)
		}, printTalks)
	}
}

// printTalksList prints talks one a line.
func printTalksList(w io.Writer, ts []parley.Talks) error {
	return printTable(w, "ID\tSTATE\tTITLE", func(tw io.Writer) {
		for _, t := range ts {
			fmt.Fprintf(tw, "%d\t%s\t%s\n", t.ID, t.State, t.Title)
		}
	})
}

// printTalks prints one talks with its members and their parties.
func printTalks(w io.Writer, t *workspace.TalksView) error {
	fmt.Fprintf(w, "%s (%s)\n%s\n\n", t.Title, t.State, t.Description)
	names := map[int64]string{}
	for _, p := range t.Parties {
		names[p.ID] = p.Name
	}
	return printTable(w, "MEMBER\tPARTY\tROLE", func(tw io.Writer) {
		for _, m := range t.Members {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", m.Username, names[m.PartyID], m.Role)
		}
	})
}

// cmdParty adds a party to talks.
func cmdParty(ctx context.Context, e *env, args []string) error {
	_, args, err := subcommand(args, "add")
	if err != nil {
		return err
	}
	fs := flags(e, "party add")
	var f dbFlags
	f.register(fs, true)
	name := fs.String("name", "", "the party's name")
	kind := fs.String("kind", "party", "party or observer")
	share := fs.Bool("share-by-default", false, "new stances are shared with the mediator unless said otherwise")
	if err := parse(fs, args); err != nil {
		return err
	}
	in := workspace.PartyInput{Name: *name, Kind: parley.PartyKind(*kind), ShareByDefault: *share}
	return act(ctx, e, &f, func(ctx context.Context, ws *workspace.Service) (*parley.Party, error) {
		return ws.AddParty(ctx, f.talks, in)
	}, func(w io.Writer, p *parley.Party) error {
		return printf(w, "Party %s (%s) added with id %d.\n", p.Name, p.Kind, p.ID)
	})
}

// cmdMember adds an account to talks as a member of one of its parties.
func cmdMember(ctx context.Context, e *env, args []string) error {
	_, args, err := subcommand(args, "add")
	if err != nil {
		return err
	}
	fs := flags(e, "member add")
	var f dbFlags
	f.register(fs, true)
	username := fs.String("username", "", "the account to add")
	party := fs.String("party", "", "the party's name")
	role := fs.String("role", "", "principal, negotiator, adviser, observer or mediator")
	if err := parse(fs, args); err != nil {
		return err
	}
	in := workspace.MemberInput{Username: *username, PartyName: *party, Role: parley.Role(*role)}
	return act(ctx, e, &f, func(ctx context.Context, ws *workspace.Service) (*parley.Member, error) {
		return ws.AddMember(ctx, f.talks, in)
	}, func(w io.Writer, m *parley.Member) error {
		return printf(w, "%s joined %s as %s.\n", m.Username, *party, m.Role)
	})
}

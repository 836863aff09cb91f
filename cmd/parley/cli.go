package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
	"github.com/parley-talks/parley/format/markdown"
	"github.com/parley-talks/parley/gap"
	"github.com/parley-talks/parley/workspace"
)

// dbFlags are the flags of every command that works on talks in a database.
type dbFlags struct {
	db, keyFile, as string
	talks           int64
	json            bool
}

func (f *dbFlags) register(fs *flag.FlagSet, talks bool) {
	fs.StringVar(&f.db, "db", "parley.db", "database file")
	fs.StringVar(&f.keyFile, "key-file", "", "master key file (default: the database file's name + .key; or set "+masterKeyEnv+")")
	fs.StringVar(&f.as, "as", "", "act as this account (required)")
	fs.BoolVar(&f.json, "json", false, "print JSON for programs")
	if talks {
		fs.Int64Var(&f.talks, "talks", 0, "the talks' ID (required)")
	}
}

// parseOpen parses the command line and opens the workspace (see open).
func (f *dbFlags) parseOpen(ctx context.Context, fs *flag.FlagSet, args []string, needTalks bool) (*workspace.Service, context.Context, io.Closer, error) {
	if err := parse(fs, args); err != nil {
		return nil, nil, nil, err
	}
	return f.open(ctx, needTalks)
}

// open opens the workspace and returns a context acting as --as. The
// caller closes the returned closer.
func (f *dbFlags) open(ctx context.Context, needTalks bool) (*workspace.Service, context.Context, io.Closer, error) {
	if f.as == "" {
		return nil, nil, nil, usageError("--as USER is required: say which account acts")
	}
	if needTalks && f.talks <= 0 {
		return nil, nil, nil, usageError("--talks ID is required")
	}
	db, err := openDB(ctx, f.db, f.keyFile, false, io.Discard)
	if err != nil {
		return nil, nil, nil, err
	}
	ws := workspace.New(db)
	var id int64
	err = db.View(ctx, func(tx parley.Tx) error {
		a, err := tx.AccountByUsername(ctx, f.as)
		if err != nil {
			return err
		}
		id = a.ID
		return nil
	})
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		db.Close()
		return nil, nil, nil, usageError(fmt.Sprintf("no account named %q (--as)", f.as))
	} else if err != nil {
		db.Close()
		return nil, nil, nil, err
	}
	return ws, workspace.WithAccount(ctx, id), db, nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// subcommand splits "draft list …" into "list" and the rest.
func subcommand(args []string, names ...string) (string, []string, error) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return "", nil, usageError("say which: " + strings.Join(names, ", "))
	}
	for _, n := range names {
		if args[0] == n {
			return n, args[1:], nil
		}
	}
	return "", nil, usageError(fmt.Sprintf("unknown subcommand %q; use one of %s", args[0], strings.Join(names, ", ")))
}

func cmdAccount(ctx context.Context, e *env, args []string) error {
	_, args, err := subcommand(args, "add")
	if err != nil {
		return err
	}
	fs := flags(e, "account add")
	dbPath := fs.String("db", "parley.db", "database file (created if missing)")
	keyFile := fs.String("key-file", "", "master key file (default: the database file's name + .key; created if missing)")
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
	db, err := openDB(ctx, *dbPath, *keyFile, true, e.stderr)
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
	ws, ctx, closer, err := f.parseOpen(ctx, fs, args, sub == "show")
	if err != nil {
		return err
	}
	defer closer.Close()
	switch sub {
	case "list":
		ts, err := ws.ListTalks(ctx)
		if err != nil {
			return err
		}
		if f.json {
			return printJSON(e.stdout, ts)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSTATE\tTITLE")
		for _, t := range ts {
			fmt.Fprintf(tw, "%d\t%s\t%s\n", t.ID, t.State, t.Title)
		}
		return tw.Flush()
	case "create":
		t, err := ws.CreateTalks(ctx, workspace.TalksInput{Title: *title, Description: *description, MediatorParty: *mediatorParty})
		if err != nil {
			return err
		}
		if f.json {
			return printJSON(e.stdout, t)
		}
		fmt.Fprintf(e.stdout, "Talks %d %q opened; %s is their mediator.\n", t.ID, t.Title, f.as)
		return nil
	default:
		t, err := ws.GetTalks(ctx, f.talks)
		if err != nil {
			return err
		}
		if f.json {
			return printJSON(e.stdout, t)
		}
		fmt.Fprintf(e.stdout, "%s (%s)\n%s\n\n", t.Title, t.State, t.Description)
		names := map[int64]string{}
		for _, p := range t.Parties {
			names[p.ID] = p.Name
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "MEMBER\tPARTY\tROLE")
		for _, m := range t.Members {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", m.Username, names[m.PartyID], m.Role)
		}
		return tw.Flush()
	}
}

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
	ws, ctx, closer, err := f.parseOpen(ctx, fs, args, true)
	if err != nil {
		return err
	}
	defer closer.Close()
	p, err := ws.AddParty(ctx, f.talks, workspace.PartyInput{Name: *name, Kind: parley.PartyKind(*kind), ShareByDefault: *share})
	if err != nil {
		return err
	}
	if f.json {
		return printJSON(e.stdout, p)
	}
	fmt.Fprintf(e.stdout, "Party %s (%s) added with id %d.\n", p.Name, p.Kind, p.ID)
	return nil
}

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
	ws, ctx, closer, err := f.parseOpen(ctx, fs, args, true)
	if err != nil {
		return err
	}
	defer closer.Close()
	m, err := ws.AddMember(ctx, f.talks, workspace.MemberInput{Username: *username, PartyName: *party, Role: parley.Role(*role)})
	if err != nil {
		return err
	}
	if f.json {
		return printJSON(e.stdout, m)
	}
	fmt.Fprintf(e.stdout, "%s joined %s as %s.\n", m.Username, *party, m.Role)
	return nil
}

func cmdDraft(ctx context.Context, e *env, args []string) error {
	sub, args, err := subcommand(args, "list", "show", "table", "export")
	if err != nil {
		return err
	}
	fs := flags(e, "draft "+sub)
	var f dbFlags
	f.register(fs, true)
	number := fs.Int("draft", 0, "show, export: the draft's number (0: the working draft)")
	file := fs.String("file", "", "table: a Markdown (or .json) file with the draft; - for standard input")
	markers := fs.Bool("markers", true, "export: keep point identity markers ({#12}) so the text can be tabled again")
	ws, ctx, closer, err := f.parseOpen(ctx, fs, args, true)
	if err != nil {
		return err
	}
	defer closer.Close()
	switch sub {
	case "list":
		ds, err := ws.ListDrafts(ctx, f.talks)
		if err != nil {
			return err
		}
		if f.json {
			return printJSON(e.stdout, ds)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "DRAFT\tTABLED\tBY\tTITLE")
		for _, d := range ds {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", d.Number, d.TabledAt.Format("2006-01-02 15:04"), d.TabledBy, d.Title)
		}
		return tw.Flush()
	case "table":
		in, err := readDraftFile(e, *file)
		if err != nil {
			return err
		}
		d, err := ws.TableDraft(ctx, f.talks, in)
		if err != nil {
			return err
		}
		if f.json {
			return printJSON(e.stdout, d)
		}
		counts := map[parley.Change]int{}
		for _, p := range d.Points {
			counts[p.Change]++
		}
		fmt.Fprintf(e.stdout, "Draft %d tabled: %d points and sections", d.Number, len(d.Points))
		for _, c := range []parley.Change{parley.ChangeNew, parley.ChangeAmended, parley.ChangeMoved, parley.ChangeSplit, parley.ChangeMerged} {
			if counts[c] > 0 && d.Number > 1 {
				fmt.Fprintf(e.stdout, "; %d %s", counts[c], c)
			}
		}
		if len(d.Removed) > 0 {
			fmt.Fprintf(e.stdout, "; %d removed", len(d.Removed))
		}
		fmt.Fprintln(e.stdout, ".")
		return nil
	default: // show, export
		d, err := ws.GetDraft(ctx, f.talks, *number)
		if err != nil {
			return err
		}
		if f.json {
			return printJSON(e.stdout, d)
		}
		_, err = io.WriteString(e.stdout, markdown.Write(d, sub == "export" && *markers))
		return err
	}
}

// readDraftFile reads a draft from a Markdown or JSON file, or standard
// input for "-".
func readDraftFile(e *env, file string) (*parley.DraftInput, error) {
	if file == "" {
		return nil, usageError("--file is required: a Markdown file with the draft, or - for standard input")
	}
	var src []byte
	var err error
	if file == "-" {
		src, err = io.ReadAll(io.LimitReader(e.stdin, markdown.MaxSize+1))
	} else {
		src, err = os.ReadFile(file)
	}
	if err != nil {
		return nil, usageError(fmt.Sprintf("reading %s: %v", file, err))
	}
	var in *parley.DraftInput
	if strings.HasSuffix(file, ".json") {
		in = new(parley.DraftInput)
		dec := json.NewDecoder(strings.NewReader(string(src)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(in); err != nil {
			return nil, usageError(fmt.Sprintf("%s: %v", file, err))
		}
	} else if in, err = markdown.Read(string(src)); err != nil {
		return nil, usageError(fmt.Sprintf("%s: %s", file, message(err)))
	}
	return in, nil
}

func cmdStance(ctx context.Context, e *env, args []string) error {
	_, args, err := subcommand(args, "set")
	if err != nil {
		return err
	}
	fs := flags(e, "stance set")
	var f dbFlags
	f.register(fs, true)
	number := fs.Int("draft", 0, "the tabled draft's number")
	point := fs.Int64("point", 0, "the point's id")
	value := fs.String("stance", "", "acceptable, needs_discussion or unsuitable")
	rationale := fs.String("rationale", "", "why")
	wording := fs.String("proposed-wording", "", "wording your party proposes")
	share := fs.String("share", "", "share with the mediator: yes or no (default: your party's default)")
	release := fs.Bool("release-to-all", false, "let every party see this stance")
	if err := parse(fs, args); err != nil {
		return err
	}
	in := parley.StanceInput{Value: parley.StanceValue(*value), Rationale: *rationale, ProposedWording: *wording, ReleasedToAll: *release}
	switch *share {
	case "":
	case "yes", "true":
		in.ShareWithMediator = new(bool)
		*in.ShareWithMediator = true
	case "no", "false":
		in.ShareWithMediator = new(bool)
	default:
		return usageError("--share must be yes or no")
	}
	ws, ctx, closer, err := f.open(ctx, true)
	if err != nil {
		return err
	}
	defer closer.Close()
	s, err := ws.SetStance(ctx, f.talks, *number, *point, in)
	if err != nil {
		return err
	}
	if f.json {
		return printJSON(e.stdout, s)
	}
	shared := "kept from the mediator"
	if s.ShareWithMediator {
		shared = "shared with the mediator"
	}
	fmt.Fprintf(e.stdout, "%s marks point %d of draft %d %s (version %d, %s).\n", s.PartyName, s.PointID, s.Draft, s.Value, s.Version, shared)
	return nil
}

func cmdGap(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "gap")
	var f dbFlags
	f.register(fs, true)
	number := fs.Int("draft", 0, "the tabled draft's number (default: the latest)")
	ws, ctx, closer, err := f.parseOpen(ctx, fs, args, true)
	if err != nil {
		return err
	}
	defer closer.Close()
	if *number == 0 {
		ds, err := ws.ListDrafts(ctx, f.talks)
		if err != nil {
			return err
		}
		if len(ds) == 0 {
			return parley.Errorf(parley.ENOTFOUND, "no draft has been tabled yet")
		}
		*number = ds[len(ds)-1].Number
	}
	m, err := ws.GapMap(ctx, f.talks, *number)
	if err != nil {
		return err
	}
	if f.json {
		return printJSON(e.stdout, m)
	}
	printGap(e.stdout, m)
	return nil
}

var cellMark = map[string]string{
	string(parley.Acceptable): "ok", string(parley.NeedsDiscussion): "discuss", string(parley.Unsuitable): "UNSUITABLE",
	gap.Unmarked: "-", gap.Withheld: "(withheld)",
}

func printGap(w io.Writer, m *gap.Map) {
	fmt.Fprintf(w, "Gap map of draft %d\n\n", m.Draft)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprint(tw, "POINT")
	for _, p := range m.Parties {
		fmt.Fprintf(tw, "\t%s", strings.ToUpper(p.Name))
	}
	fmt.Fprintln(tw)
	for _, r := range m.Rows {
		label := (&parley.Point{Number: r.Number, Title: r.Title, Text: r.Text}).Label()
		fmt.Fprint(tw, label)
		for _, c := range r.Cells {
			fmt.Fprintf(tw, "\t%s", cellMark[c.Stance])
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nMost contested:")
	for i, c := range m.Ranking {
		if i == 5 || c.Score == 0 {
			break
		}
		fmt.Fprintf(w, "  %d. %s (score %d: %d unsuitable, %d needs discussion)\n", i+1, c.Label, c.Score, c.Unsuitable, c.NeedsDiscussion)
	}
	if m.Main != nil {
		fmt.Fprintf(w, "\nMain point of contention: %s\n", m.Main.Label)
	}
}

func cmdConvergence(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "convergence")
	var f dbFlags
	f.register(fs, true)
	ws, ctx, closer, err := f.parseOpen(ctx, fs, args, true)
	if err != nil {
		return err
	}
	defer closer.Close()
	c, err := ws.Convergence(ctx, f.talks)
	if err != nil {
		return err
	}
	if f.json {
		return printJSON(e.stdout, c)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DRAFT\tPOINTS\tACCEPTABLE TO ALL\tUNSUITABLE TO ANY\tIN DISCUSSION\tUNMARKED\t")
	for _, s := range c.Drafts {
		fmt.Fprintf(tw, "%d\t%d\t%d (%.0f%%)\t%d\t%d\t%d\t%s\n", s.Draft, s.Points, s.AcceptableToAll, 100*s.ShareAcceptable,
			s.UnsuitableToAny, s.InDiscussion, s.Unmarked, strings.Repeat("#", int(20*s.ShareAcceptable+0.5)))
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "\n%s\n", c.Verdict)
	return nil
}

func cmdDiff(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "diff")
	var f dbFlags
	f.register(fs, true)
	from := fs.Int("from", 0, "the older draft's number")
	to := fs.Int("to", 0, "the newer draft's number")
	all := fs.Bool("all", false, "list unchanged points too")
	ws, ctx, closer, err := f.parseOpen(ctx, fs, args, true)
	if err != nil {
		return err
	}
	defer closer.Close()
	res, err := ws.Diff(ctx, f.talks, *from, *to)
	if err != nil {
		return err
	}
	if f.json {
		return printJSON(e.stdout, res)
	}
	printDiff(e.stdout, res, *all)
	return nil
}

// printDiff shows a diff for a terminal: deleted words [-like this-],
// inserted words {+like this+}.
func printDiff(w io.Writer, res *diff.Result, all bool) {
	fmt.Fprintf(w, "Draft %d → draft %d:", res.From, res.To)
	for _, c := range []parley.Change{parley.ChangeAmended, parley.ChangeMoved, parley.ChangeNew, parley.ChangeRemoved, parley.ChangeSplit, parley.ChangeMerged, parley.ChangeUnchanged} {
		if n := res.Counts[c]; n > 0 {
			fmt.Fprintf(w, " %d %s", n, c)
		}
	}
	fmt.Fprintln(w)
	words := func(ops []diff.Op) string {
		var b strings.Builder
		for _, op := range ops {
			switch op.Kind {
			case diff.Delete:
				b.WriteString("[-" + op.Text + "-]")
			case diff.Insert:
				b.WriteString("{+" + op.Text + "+}")
			default:
				b.WriteString(op.Text)
			}
		}
		return b.String()
	}
	for _, c := range res.Changes {
		if c.Change == parley.ChangeUnchanged && !all {
			continue
		}
		name := (&parley.Point{Number: c.Number, Title: c.Title, Text: c.Text}).Label()
		switch c.Change {
		case parley.ChangeRemoved:
			fmt.Fprintf(w, "\n- removed %s: %s\n", name, c.Text)
		case parley.ChangeNew:
			fmt.Fprintf(w, "\n+ new %s: %s\n", name, c.Text)
		case parley.ChangeSplit, parley.ChangeMerged:
			fmt.Fprintf(w, "\n* %s %s, from %s: %s\n", c.Change, name, c.OldNumber, words(diff.Words(c.OldText, c.Text)))
		default:
			extra := ""
			if c.Moved {
				extra = fmt.Sprintf(" (moved from %s)", c.OldNumber)
			}
			fmt.Fprintf(w, "\n~ %s %s%s", c.Change, name, extra)
			if c.Amended {
				if len(c.TitleWords) > 0 {
					fmt.Fprintf(w, "\n  title: %s", words(c.TitleWords))
				}
				fmt.Fprintf(w, "\n  %s", words(c.Words))
			}
			fmt.Fprintln(w)
		}
	}
}

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// This file holds what the commands on a database share: the flags that
// name the database and the acting account, opening the workspace as that
// account, subcommands, and printing for people or for programs.

// dbFlags are the flags of every command that works on talks in a database.
type dbFlags struct {
	db, keyFile, as string
	talks           int64
	needTalks       bool // --talks is a flag of the command, and required
	json            bool
	// stderr is where messages other than the command's output go: the
	// flag set's output (the command's standard error).
	stderr io.Writer
}

// register adds --db, --key-file, --as and --json to fs, and --talks when
// the command works on one talks.
func (f *dbFlags) register(fs *flag.FlagSet, talks bool) {
	f.registerDB(fs, "database file", "master key file (default: the database file's name + .key; or set "+masterKeyEnv+")")
	fs.StringVar(&f.as, "as", "", "act as this account (required)")
	fs.BoolVar(&f.json, "json", false, "print JSON for programs")
	if talks {
		f.needTalks = true
		fs.Int64Var(&f.talks, "talks", 0, "the talks' ID (required)")
	}
}

// registerDB adds only --db and --key-file to fs, with the usage texts
// given: for commands that work on the database as its operator.
func (f *dbFlags) registerDB(fs *flag.FlagSet, dbUsage, keyUsage string) {
	fs.StringVar(&f.db, "db", "parley.db", dbUsage)
	fs.StringVar(&f.keyFile, "key-file", "", keyUsage)
	f.stderr = fs.Output()
}

// parseOpen parses the command line and opens the workspace (see open).
func (f *dbFlags) parseOpen(ctx context.Context, fs *flag.FlagSet, args []string) (*workspace.Service, context.Context, io.Closer, error) {
	if err := parse(fs, args); err != nil {
		return nil, nil, nil, err
	}
	return f.open(ctx)
}

// open opens the workspace and returns a context acting as --as. The
// caller closes the returned closer.
func (f *dbFlags) open(ctx context.Context) (*workspace.Service, context.Context, io.Closer, error) {
	if f.as == "" {
		return nil, nil, nil, usageError("--as USER is required: say which account acts")
	}
	if f.needTalks && f.talks <= 0 {
		return nil, nil, nil, usageError("--talks ID is required")
	}
	db, err := openDB(ctx, f.db, f.keyFile, false, f.stderr)
	if err != nil {
		return nil, nil, nil, err
	}
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
		return nil, nil, nil, fmt.Errorf("looking up the account %q (--as): %w", f.as, err)
	}
	return workspace.New(db), workspace.WithAccount(ctx, id), db, nil
}

// act opens the workspace as --as (see open), runs do in it, and prints
// what do returns: as JSON with --json, else with text.
func act[T any](ctx context.Context, e *env, f *dbFlags, do func(context.Context, *workspace.Service) (T, error), text func(io.Writer, T) error) error {
	ws, ctx, closer, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer closer.Close()
	v, err := do(ctx, ws)
	if err != nil {
		return err
	}
	if f.json {
		return printJSON(e.stdout, v)
	}
	return text(e.stdout, v)
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printTable writes a table in aligned columns: the header line, then the
// lines rows writes, their fields separated by tabs.
func printTable(w io.Writer, header string, rows func(tw io.Writer)) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	rows(tw)
	return tw.Flush()
}

// printf is fmt.Fprintf that returns only the error, for text printers.
func printf(w io.Writer, format string, args ...any) error {
	_, err := fmt.Fprintf(w, format, args...)
	return err
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

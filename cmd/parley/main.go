// Command parley is Parley's one binary: it serves the workspace, and runs
// every operation on a database from the command line.
//
//	parley serve [--addr 127.0.0.1:8080] [--db parley.db] [--demo]
//	parley help
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"

	"github.com/parley-talks/parley"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "parley:", message(err))
		}
		os.Exit(2)
	}
}

// message is what the command says of an error: a Parley error's message
// (with the field at fault), never its code, and before it whatever the
// command wrapped it in, so that the message still says which operation
// failed. Other errors say all they hold: the command line is run by the
// operator, not a remote user.
func message(err error) string {
	var e *parley.Error
	if errors.As(err, &e) {
		msg := e.Message
		if e.Field != "" && !strings.Contains(msg, e.Field) {
			msg += " (" + e.Field + ")"
		}
		return wrapping(err, e) + msg
	}
	var u usageError
	if errors.As(err, &u) {
		return wrapping(err, u) + string(u)
	}
	return err.Error()
}

// wrapping returns the words that wrapping put before inner in err's text
// ("verifying the audit log: "), or "" where err is inner or its text does
// not end in inner's.
func wrapping(err, inner error) string {
	text, in := err.Error(), inner.Error()
	if strings.HasSuffix(text, in) {
		return text[:len(text)-len(in)]
	}
	return ""
}

// usageError is a mistake in the command line itself.
type usageError string

func (u usageError) Error() string { return string(u) }

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command runs with.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func commands() map[string]command {
	return map[string]command{
		"serve": {"serve the workspace over HTTP", cmdServe},
		"analyze": {"analyse a negotiation scenario: frontier, ZOPA, bargaining solutions", func(ctx context.Context, e *env, args []string) error {
			return runAnalyze(ctx, args, e.stdout, e.stderr)
		}},
		"account":     {"add an account, or issue a password link: account add --username NAME | account reset-link USER", cmdAccount},
		"talks":       {"list or create talks: talks list | talks create --title T", cmdTalks},
		"party":       {"add a party: party add --talks ID --name NAME", cmdParty},
		"member":      {"add a member: member add --talks ID --username U --party P --role R", cmdMember},
		"draft":       {"list, show or table drafts: draft list | show | table | export", cmdDraft},
		"stance":      {"record your party's stance: stance set --talks ID --draft N --point P --stance S; confirm those carried over: stance confirm --talks ID --draft N [--point P]", cmdStance},
		"gap":         {"show the gap map of a draft", cmdGap},
		"convergence": {"show the convergence across drafts", cmdConvergence},
		"diff":        {"compare two drafts", cmdDiff},
		"keys":        {"rotate the master key: keys rotate --db FILE", cmdKeys},
		"loadtest":    {"measure throughput and latency under a bounded loopback load; loadtest ceiling: the database's own, without Parley", cmdLoadtest},
		"export":      {"write a draft as md, docx, pdf or akn, or a Word redline: export --talks ID --draft N --format docx -o FILE", cmdExport},
		"backup":      {"write a consistent copy of the database: backup --db FILE OUT", cmdBackup},
		"restore":     {"restore a backup into a new database and verify it: restore --db NEW FILE", cmdRestore},
		"audit":       {"the tamper-evident record: audit verify | checkpoint | log", cmdAudit},
		"migrate":     {"list (--dry-run) or apply the schema migrations a database lacks: migrate --db FILE", cmdMigrate},
		"identity":    {"your age identity for sealed messages: identity new | register | unlock", cmdIdentity},
		"message":     {"sealed messages through an envoy: message send | list | read", cmdMessage},
		"version":     {"print the version of parley and of Go it was built with", cmdVersion},
	}
}

// run runs the command line args.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout, cmds)
		if len(args) == 0 {
			return usageError("no command given")
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		usage(stderr, cmds)
		return usageError(fmt.Sprintf("unknown command %q", args[0]))
	}
	return c.run(ctx, e, args[1:])
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "Usage: parley COMMAND [flags]   (parley COMMAND -h for its flags)")
	fmt.Fprintln(w, "\nCommands:")
	var names []string
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nEvery command that works on a database takes --db FILE (default parley.db);")
	fmt.Fprintln(w, "commands on talks act as the account named by --as USER, with that account's rights.")
}

// flags returns a flag set for a subcommand that reports errors instead of
// exiting.
func flags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("parley "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parse parses args and refuses stray positional arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0)))
	}
	return nil
}

// cmdVersion prints the module version (or the VCS revision of a build
// from a checkout) and the Go version.
func cmdVersion(_ context.Context, e *env, args []string) error {
	if err := parse(flags(e, "version"), args); err != nil {
		return err
	}
	version, goVersion := "(unknown)", runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		version = bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && (version == "" || version == "(devel)") {
				version = s.Value
			}
		}
	}
	_, err := fmt.Fprintf(e.stdout, "parley %s %s\n", version, goVersion)
	return err
}

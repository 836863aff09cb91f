package main

import (
	"context"
	"fmt"
	"io"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

// printFirstSteps prints what a user does first on the server at base
// ("http://host:port"): with the demo, its accounts; otherwise, on a
// database with no account yet, the setup link.
func printFirstSteps(ctx context.Context, w io.Writer, ws *workspace.Service, withDemo bool, base string) error {
	if !withDemo {
		return printSetupLink(ctx, w, ws, base)
	}
	fmt.Fprintf(w, "\nDemo: %q. Sign in with any of these accounts; the password is %q.\n", demo.Title, demo.Password)
	for _, a := range demo.Accounts {
		fmt.Fprintf(w, "  %-20s %s (%s, %s)\n", a.Username, a.DisplayName, a.Party, a.Role)
	}
	fmt.Fprintf(w, "\nTry: curl -s -H 'Content-Type: application/json' %s/api/v1/session -d '{\"username\":\"mediator\",\"password\":\"demo\"}'\n", base)
	return nil
}

// printSetupLink prints, for a database with no account yet, a one-time
// link that opens the page creating the first administrator (base is the
// server's address, "http://host:port"). There is no default password:
// until someone opens the link, nobody can sign in. A database with
// accounts prints nothing.
func printSetupLink(ctx context.Context, w io.Writer, ws *workspace.Service, base string) error {
	token, err := ws.BeginSetup(ctx)
	if parley.ErrorCode(err) == parley.ECONFLICT {
		return nil
	} else if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nNo account yet. Open this link within %v to create the first administrator (it works once):\n\n  %s/setup/%s\n\n",
		workspace.SetupLinkTTL, base, token)
	return nil
}

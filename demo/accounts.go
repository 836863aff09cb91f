package demo

import (
	"context"
	"fmt"

	"filippo.io/age"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/workspace"
)

// Password is every demo account's password.
const Password = "demo"

// Account is a demo account and what it stands for: pages show its
// display name, the person it stands for.
type Account struct {
	Username, DisplayName, Party string
	Role                         parley.Role
}

// Accounts are the demo accounts, in the order they are listed. Their
// display names are fictional, every one: the demo's stances, rationales,
// comments and messages are invented, and must not be put in the mouths
// of the real people the news report names in these roles.
var Accounts = []Account{
	{"mediator", "Daniel Hartley", "United States", parley.RoleMediator},
	{"us-adviser", "Rachel Moss", "United States", parley.RoleAdviser},
	{"us-envoy", "Owen Price", "United States", parley.RoleNegotiator},
	{"us-principal", "Thomas Reed", "United States", parley.RolePrincipal},
	{"russia", "Arkady Volkov", "Russia", parley.RolePrincipal},
	{"russia-envoy", "Pavel Sorokin", "Russia", parley.RoleNegotiator},
	{"russia-aide", "Mikhail Orlov", "Russia", parley.RoleAdviser},
	{"ukraine", "Oksana Hrytsenko", "Ukraine", parley.RolePrincipal},
	{"ukraine-negotiator", "Taras Bondarenko", "Ukraine", parley.RoleNegotiator},
	{"observer", "Ingrid Solberg", "Observers", parley.RoleObserver},
}

// createAccounts creates the demo's accounts and returns their ids by
// username.
func createAccounts(ctx context.Context, ws *workspace.Service) (map[string]int64, error) {
	op := workspace.AsOperator(ctx)
	ids := map[string]int64{}
	// One hash for all: every demo account has the same known password,
	// and hashing it once per account was most of the demo's start-up.
	hash, err := workspace.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	for _, a := range Accounts {
		acc, err := ws.CreateAccount(op, workspace.AccountInput{Username: a.Username, DisplayName: a.DisplayName, PasswordHash: hash}, true)
		if err != nil {
			return nil, fmt.Errorf("demo account %s: %w", a.Username, err)
		}
		ids[a.Username] = acc.ID
	}
	return ids, nil
}

// identityWorkFactor is the scrypt work factor of the demo identities'
// passphrase sealing: low, so that the demo starts at once; a member's
// client uses age's default (18).
const identityWorkFactor = 10

// identities gives every demo account an age identity, kept by the server
// only sealed under the password "demo", as a browser would store it.
func identities(ctx context.Context, ws *workspace.Service, as func(string) context.Context) error {
	for _, a := range Accounts {
		id, err := age.GenerateX25519Identity()
		if err != nil {
			return err
		}
		sealed, err := seal.SealIdentity(id, Password, identityWorkFactor)
		if err != nil {
			return err
		}
		if err := ws.SetAccountKey(as(a.Username), parley.AccountKey{AgeRecipient: id.Recipient().String(), SealedIdentity: sealed}); err != nil {
			return err
		}
	}
	return nil
}

// interfaceLanguages are the demo accounts' interface languages: the
// principals of Russia and Ukraine read the pages in their own; the
// others follow their browsers'.
var interfaceLanguages = map[string]string{"russia": "ru", "ukraine": "uk"}

// languagePreferences stores the demo accounts' interface languages.
func languagePreferences(ws *workspace.Service, as func(string) context.Context) error {
	for _, a := range Accounts {
		if lang := interfaceLanguages[a.Username]; lang != "" {
			if err := ws.SetPreferences(as(a.Username), parley.Preferences{DraftView: "auto", Language: lang}); err != nil {
				return err
			}
		}
	}
	return nil
}

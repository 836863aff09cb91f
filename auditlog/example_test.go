package auditlog_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/parley-talks/parley/auditlog"
	"golang.org/x/mod/sumdb/note"
)

func ExampleAppend() {
	ctx := context.Background()

	// The operator generates a key pair once; the signer key stays secret,
	// the verifier key is given to every party.
	skey, vkey, err := auditlog.NewSigner("audit.parley.example")
	if err != nil {
		log.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		log.Fatal(err)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		log.Fatal(err)
	}

	// Each change appends a record, in the same transaction as the change.
	s := new(auditlog.MemoryStorage)
	when := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, r := range []auditlog.Record{
		{Time: when, Actor: "operator", Action: "talks.create", Object: "talks/1", Talks: 1},
		{Time: when.Add(time.Hour), Actor: "mediator", Action: "draft.table", Object: "talks/1/drafts/1", Talks: 1},
		{Time: when.Add(2 * time.Hour), Actor: "amira", Action: "stance.set", Object: "talks/1/drafts/1/points/1", Talks: 1, Party: 2},
	} {
		if _, _, err := auditlog.Append(ctx, s, r); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("%s\n", s.Data[2])

	// A signed checkpoint of the tree so far is handed to the parties.
	tree, err := auditlog.Head(ctx, s)
	if err != nil {
		log.Fatal(err)
	}
	cp, err := auditlog.SignCheckpoint(tree, signer)
	if err != nil {
		log.Fatal(err)
	}

	// Later, anyone holding checkpoints can verify the whole log.
	rep, err := auditlog.Verify(ctx, s, [][]byte{cp}, verifier)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("verified %d records against %d checkpoint\n", rep.Records, rep.Checkpoints)

	// Had anyone altered a record, Verify would say which.
	s.Data[1][len(s.Data[1])-3] = '2'
	_, err = auditlog.Verify(ctx, s, [][]byte{cp}, verifier)
	fmt.Println(err)

	// Output:
	// {"time":"2025-03-01T11:00:00Z","actor":"amira","talks":1,"action":"stance.set","object":"talks/1/drafts/1/points/1","party":2}
	// verified 3 records against 1 checkpoint
	// auditlog: tampering: record 1: the record does not match its stored hash: it was changed, or records were removed, inserted or reordered
}

package main

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/parley-talks/parley/sqlstore"
)

// envCrashAt names a stage of the write path (sqlstore.SequencerStage) at
// which the parley process this test binary runs, with deferred
// sequencing, kills itself with SIGKILL the first time a write gets there.
const envCrashAt = "PARLEY_TEST_CRASH_AT"

// crashAt is the store option that kills the process at stage.
func crashAt(stage sqlstore.SequencerStage) sqlstore.Option {
	return sqlstore.WithSequencerHook(func(at sqlstore.SequencerStage) error {
		if at == stage {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // until the signal lands
		}
		return nil
	})
}

// crashAtStage serves db, which holds the demo, under a write load until
// it has acknowledged crashAcks writes, and kills it; serves it again with
// a process that kills itself with SIGKILL at stage of the next stance
// write (between its commit and its sequencing, or in the middle of the
// sequencer's batch); then checks that every acknowledged write and the
// killed one, which had committed, are there, that the audit log
// verifies, and that it holds exactly one record more than before the
// killed write: none lost, none twice.
func crashAtStage(t *testing.T, db, keyFile string, stage sqlstore.SequencerStage) {
	args := []string{"--demo", "--db", db, "--key-file", keyFile}
	p := startProcess(t, args...)
	acked := writeUntil(t, p, p.kill)
	before := verifiedRecords(t, db, keyFile)
	p = startProcessEnv(t, []string{envCrashAt + "=" + string(stage)}, args...)
	tok := token(t, p.base, "russia-envoy")
	killed := crashAck{"russia-envoy", markablePoints(t, p.base, tok)[0], "killed-at-" + string(stage)}
	status, _, err := httpJSON("PUT", fmt.Sprintf("%s/api/v1/talks/1/drafts/5/points/%d/stance", p.base, killed.point), tok,
		map[string]any{"stance": "acceptable", "rationale": killed.rationale})
	if err == nil {
		t.Fatalf("the write the server was to die in was answered %d", status)
	}
	select {
	case <-p.exited:
	case <-time.After(stopTimeout):
		t.Fatalf("the server did not die at %s", stage)
	}
	checkAcked(t, db, keyFile, append(acked, killed))
	if after := verifiedRecords(t, db, keyFile); after != before+1 {
		t.Errorf("the audit log holds %d records after the write killed at %s, %d before it: want one more", after, stage, before)
	}
}

var intactRecords = regexp.MustCompile(`Audit log intact: (\d+) records`)

// verifiedRecords runs `parley audit verify` and returns how many records
// it found intact.
func verifiedRecords(t *testing.T, db, keyFile string) int {
	t.Helper()
	out, err := runParley(t, "", "audit", "verify", "--db", db, "--key-file", keyFile)
	m := intactRecords.FindStringSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("audit verify: %v\n%s", err, out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestCrashSequencingSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills servers")
	}
	t.Parallel()
	for _, stage := range []sqlstore.SequencerStage{sqlstore.StageQueued, sqlstore.StageBatch} {
		t.Run(string(stage), func(t *testing.T) {
			db := demoDB(t, t.TempDir())
			crashAtStage(t, db, db+".key", stage)
		})
	}
}

func TestCrashSequencingPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills servers")
	}
	t.Parallel()
	for _, stage := range []sqlstore.SequencerStage{sqlstore.StageQueued, sqlstore.StageBatch} {
		t.Run(string(stage), func(t *testing.T) {
			dsn, keyFile := pgDemoDB(t)
			crashAtStage(t, dsn, keyFile, stage)
		})
	}
}

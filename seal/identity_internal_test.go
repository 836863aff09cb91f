package seal

import (
	"errors"
	"testing"

	"filippo.io/age"
)

// fullDisk is a writer whose disk is full.
type fullDisk struct{}

func (fullDisk) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestWriteIdentityReportsFailure: an identity file that could not be
// written must fail its creation, or a member would publish a key whose
// identity is lost (NewIdentityFile then removes the file).
func TestWriteIdentityReportsFailure(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	if err := writeIdentity(fullDisk{}, id); err == nil {
		t.Fatal("writing an identity to a full disk reported no error")
	}
}

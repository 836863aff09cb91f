//go:build unix

package seal

import (
	"os"
	"syscall"
)

// owner returns the user and group IDs that own the file fi describes.
func owner(fi os.FileInfo) (uid, gid int, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return int(st.Uid), int(st.Gid), true
}

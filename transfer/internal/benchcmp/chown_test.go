//go:build linux

package benchcmp

import (
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"

	"portside/transfer/internal/realftpd"
)

// chownToLogin gives the served files to the FTP login, as the harness does
// for the root it made.
func chownToLogin(t *testing.T, root string) {
	t.Helper()
	u, err := user.Lookup(realftpd.LoginUser)
	if err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			os.Lchown(p, uid, gid)
		}
		return err
	})
}

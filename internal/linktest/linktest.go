// Package linktest makes the symbolic links that tests plant in a
// destination folder, and says precisely when this system cannot make one.
//
// Windows can express every link case Portside's tests plant (a link to a
// folder, to a file, a dangling one), so the tests run there as written.
// Two places cannot make links, and there the link cases skip with the
// reason rather than pass without a link in place:
//   - Windows without the privilege (Developer Mode off, not an
//     administrator): os.Symlink fails with ERROR_PRIVILEGE_NOT_HELD;
//   - Wine 8, where make windows-test runs the tests: CreateSymbolicLinkW
//     is a stub that reports success and makes nothing, and Wine shows a
//     Unix symlink made from outside as the plain file or folder it points
//     to (no reparse point), so no link can be seen from inside Wine at all.
package linktest

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Reason returns "" when symbolic links can be made in dir, else why not.
// It makes and removes one probe link there.
func Reason(dir string) string {
	probe := filepath.Join(dir, ".linktest-probe")
	if err := os.Symlink(dir, probe); err != nil {
		return "this system cannot make symbolic links: " + err.Error()
	}
	defer os.Remove(probe)
	fi, err := os.Lstat(probe)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return "os.Symlink reported success but no link exists (Wine 8's CreateSymbolicLinkW is a stub)"
	}
	return ""
}

// Make makes newname a symbolic link to oldname, or skips the test with
// the reason links cannot be made here. Any other failure fails the test.
func Make(t testing.TB, oldname, newname string) {
	t.Helper()
	if why := Reason(filepath.Dir(newname)); why != "" {
		t.Skip("this case plants a symbolic link: " + why)
	}
	if err := os.Symlink(oldname, newname); err != nil {
		t.Fatal(err)
	}
}

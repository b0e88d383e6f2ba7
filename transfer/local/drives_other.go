//go:build !windows

package local

import (
	"io/fs"
	"path/filepath"

	"portside/transfer"
)

// DrivesRoot is empty where there are no drive letters: "/" is the top.
const DrivesRoot = ""

func drives() ([]transfer.Entry, error) { return nil, nil }

func join(dir, name string) string { return filepath.Join(dir, name) }

func parent(path string) string { return filepath.Dir(path) }

// perm is the mode's rwx letters, e.g. "rwxr-xr-x": one of 512 strings
// made once, not one more string per entry listed.
func perm(fi fs.FileInfo) string { return permLetters[fi.Mode().Perm()] }

var permLetters = func() (t [0o1000]string) {
	for m := range t {
		t[m] = fs.FileMode(m).String()[1:]
	}
	return t
}()

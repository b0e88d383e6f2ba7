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

// perm is the mode's rwx letters, e.g. "rwxr-xr-x".
func perm(fi fs.FileInfo) string { return fi.Mode().Perm().String()[1:] }

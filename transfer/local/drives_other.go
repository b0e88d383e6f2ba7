//go:build !windows

package local

import (
	"path/filepath"

	"portside/transfer"
)

// DrivesRoot is empty where there are no drive letters: "/" is the top.
const DrivesRoot = ""

func drives() ([]transfer.Entry, error) { return nil, nil }

func join(dir, name string) string { return filepath.Join(dir, name) }

func parent(path string) string { return filepath.Dir(path) }

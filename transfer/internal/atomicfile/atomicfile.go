// Package atomicfile writes files so that a crash, a kill or a full disk
// leaves either the old file or the new one, never half of one.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write replaces path with what write produces, so that a reader (or
// a crash, or a full disk) sees either the old file or the new one, never
// half of one: the data goes to a temporary file in the same folder, is
// flushed to disk, renamed over path, and the folder is flushed so that the
// rename itself survives a power cut.
func Write(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	renamed := false
	defer func() {
		if !renamed { // also when write panics
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// Profiles, manifests and jobs name hosts and users: nobody else on
	// the machine needs them.
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	if err := write(tmp); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	renamed = true
	return syncDir(dir)
}

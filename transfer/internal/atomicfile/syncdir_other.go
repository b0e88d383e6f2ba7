//go:build !windows

package atomicfile

import (
	"fmt"
	"os"
)

// syncDir flushes the folder, so that a rename in it survives a power cut.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("save in %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("save in %s: %w", dir, err)
	}
	return nil
}

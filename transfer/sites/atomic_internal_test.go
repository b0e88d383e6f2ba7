package sites

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"portside/transfer/internal/atomicfile"
)

// A write that fails midway (a full disk, a crash of the encoder) leaves
// the old file whole and no temporary file behind.
func TestWriteAtomicFailsMidway(t *testing.T) {
	tests := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"error after half", func(w io.Writer) error {
			io.WriteString(w, `{"version": 1, "sites": [{"id": "half`)
			return errors.New("no space left on device")
		}},
		{"error before anything", func(io.Writer) error { return errors.New("encoder failed") }},
		{"panic after half", func(w io.Writer) error {
			io.WriteString(w, `{"version": 1,`)
			panic("encoder crashed")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "sites.json")
			old := `{"version": 1, "sites": []}` + "\n"
			if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
				t.Fatal(err)
			}
			err := func() (err error) {
				defer func() {
					if r := recover(); r != nil {
						err = errors.New("panicked")
					}
				}()
				return atomicfile.Write(path, tt.write)
			}()
			if err == nil {
				t.Fatal("writeAtomic succeeded")
			}
			if b, _ := os.ReadFile(path); string(b) != old {
				t.Errorf("sites.json is now %q, want the old content", b)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("left in the folder: %v", entries)
			}
		})
	}
}

// A successful write replaces the file whole, readable only by its owner.
func TestWriteAtomicReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sites.json")
	os.WriteFile(path, []byte("old"), 0o644)
	if err := atomicfile.Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(b) != "new" || fi.Mode().Perm() != 0o600 && runtime.GOOS != "windows" { // Windows: ACLs, not modes
		t.Errorf("content %q, mode %v; want new, 0600", b, fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left in the folder: %v", entries)
	}
}

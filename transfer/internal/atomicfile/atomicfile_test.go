package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Also run under Wine (make windows-test): a save must work on Windows,
// where a folder cannot be flushed.
func TestWrite(t *testing.T) {
	cases := []struct {
		name    string
		old     string // "" means no file before
		write   func(io.Writer) error
		want    string // the file afterwards
		wantErr string
	}{
		{"new file", "", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, "new", ""},
		{"replace", "old", func(w io.Writer) error { _, err := io.WriteString(w, "replaced"); return err }, "replaced", ""},
		{"a failed write keeps the old file", "old", func(w io.Writer) error {
			io.WriteString(w, "half")
			return errors.New("disk full")
		}, "old", "disk full"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "sites.json")
			if c.old != "" {
				os.WriteFile(p, []byte(c.old), 0o600)
			}
			err := Write(p, c.write)
			if (err == nil) != (c.wantErr == "") || err != nil && !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("Write = %v, want error %q", err, c.wantErr)
			}
			got, _ := os.ReadFile(p)
			if string(got) != c.want {
				t.Errorf("file holds %q, want %q", got, c.want)
			}
			if des, _ := os.ReadDir(dir); len(des) != 1 {
				t.Errorf("the folder holds %d entries, want only the file (no temporary left)", len(des))
			}
		})
	}
}

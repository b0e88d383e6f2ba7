package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portside/transfer/ftpd"
)

// --exists rename keeps both files and says where the new one went, not
// the name it would have had.
func TestGetRenameShowsRealDestination(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "data.bin"), []byte("new"), 0o644)
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSOff, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	local := t.TempDir()
	os.WriteFile(filepath.Join(local, "data.bin"), []byte("old"), 0o644)
	url := fmt.Sprintf("ftp://demo@127.0.0.1:%d/data.bin", srv.Port())
	code, out, errs := runCLI(t, map[string]string{"PORTSIDE_PASSWORD": "demo"}, "",
		"get", "--exists", "rename", "--journal", filepath.Join(t.TempDir(), "j.db"), url, local)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	renamed := filepath.Join(local, "data (1).bin")
	if b, err := os.ReadFile(renamed); err != nil || string(b) != "new" {
		t.Fatalf("the renamed copy: %q, %v", b, err)
	}
	if !strings.Contains(out, renamed) {
		t.Errorf("the output does not name %s:\n%s", renamed, out)
	}
}

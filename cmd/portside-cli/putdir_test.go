package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"portside/transfer/ftpd"
)

// TestPutIntoMissingFolder: put FILE URL/newdir/ makes the folder, as a
// folder upload does, instead of failing with 553 on the part file.
func TestPutIntoMissingFolder(t *testing.T) {
	root, local := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(local, "up.txt"), []byte("up"), 0o644)
	srv, err := ftpd.Start(ftpd.Config{TLS: ftpd.TLSOff, Root: root, User: "alice", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	url := fmt.Sprintf("ftp://alice@127.0.0.1:%d", srv.Port())
	cases := []struct{ name, dir string }{
		{"one new folder", "/newdir/"},
		{"nested new folders", "/a/b/c/"},
		{"without the slash", "/other"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := runCLI(t, map[string]string{"PORTSIDE_PASSWORD": "s3cret"}, "",
				"put", "--journal", filepath.Join(t.TempDir(), "j"), filepath.Join(local, "up.txt"), url+c.dir)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			got, err := os.ReadFile(filepath.Join(root, c.dir, "up.txt"))
			if err != nil || string(got) != "up" {
				t.Errorf("the server holds %q, %v", got, err)
			}
		})
	}
}

package syncplan_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/internal/silentftp"
	syncplan "portside/transfer/sync"
	"portside/transfer/transport"
)

// A walk goes at most MaxDepth folders deep, and not into a folder that
// lists the same as one it is in; the folder it did not go into carries
// the reason.
func TestWalkIsCut(t *testing.T) {
	deep := t.TempDir()
	dir := deep
	for i := 0; i < 70; i++ {
		dir = filepath.Join(dir, "d")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "f"), make([]byte, i), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	loop, err := silentftp.Start(silentftp.Config{Files: map[string][]byte{"f.txt": []byte("hi")}, Dirs: []string{"sub"}})
	if err != nil {
		t.Fatal(err)
	}
	defer loop.Close()
	loopPool := syncplan.NewPool(func(ctx context.Context) (transfer.FS, error) {
		return ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: loop.Port()},
			User: "demo", Password: "demo", Mode: transport.ModePassive})
	}, 2)
	defer loopPool.Close()

	cases := []struct {
		name  string
		pool  *syncplan.Pool
		root  string
		files int    // entries walked: folders, with the cut one, and files
		cut   string // the one cut folder
		why   string
	}{
		{"70 levels deep", syncplan.LocalPool(2), deep, 65 + 64, strings.TrimSuffix(strings.Repeat("d/", 65), "/"), "more than 64 folders deep"},
		{"a folder that lists itself", loopPool, "/top", 2, "sub", "lists the same as a folder it is in"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// An old build walks a loop until the paths are too long.
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			w, err := syncplan.Walk(ctx, tc.pool, tc.root, syncplan.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var cuts []syncplan.File
			for _, f := range w.Files {
				if f.Cut != "" {
					cuts = append(cuts, f)
				}
			}
			if len(w.Files) != tc.files {
				t.Errorf("walked %d entries, want %d", len(w.Files), tc.files)
			}
			if len(cuts) != 1 || cuts[0].Path != tc.cut || !strings.Contains(cuts[0].Cut, tc.why) {
				t.Fatalf("cut %+v, want %s saying %q", cuts, tc.cut, tc.why)
			}
		})
	}
}

package queue

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/local"
	"portside/transfer/localpath"
)

// A local user who swaps a folder of the destination for a link between
// the queue's checks and the part file's open cannot send the download
// outside the destination: the part is opened through an os.Root of the
// item's Root (#20, the check-then-open gap). Without it, the open
// followed the swapped folder (O_NOFOLLOW guards the last element only).
func TestDownloadSwapAfterCheckStaysInRoot(t *testing.T) {
	l := filepath.Join(t.TempDir(), "l")
	if err := os.Symlink(t.TempDir(), l); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if fi, err := os.Stat(l); err != nil || !fi.IsDir() {
		t.Skipf("a link to a folder does not lead to it here (Wine 8 makes one it cannot follow): %v", err)
	}
	cases := []struct {
		name string
		swap bool
	}{
		{"folder swapped for a link outside", true},
		{"nothing swapped", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srcDir, root, outside := t.TempDir(), t.TempDir(), t.TempDir()
			src := filepath.Join(srcDir, "f")
			os.WriteFile(src, []byte("payload"), 0o644)
			sub := filepath.Join(root, "sub")
			os.Mkdir(sub, 0o755)
			testHookBeforeCreate = func(Item) {
				if tc.swap {
					os.Rename(sub, sub+".moved")
					os.Symlink(outside, sub)
				}
			}
			defer func() { testHookBeforeCreate = nil }()
			q, err := Open(Config{Journal: filepath.Join(t.TempDir(), "q.db"),
				Dial: func(context.Context, string) (transfer.FS, error) { return local.FS{}, nil }})
			if err != nil {
				t.Fatal(err)
			}
			defer q.Close()
			q.Add(Item{Site: "s", Dir: Download, Src: src, Dst: filepath.Join(sub, "f"), Size: -1, Root: root})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			bad, err := q.Wait(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if left, _ := os.ReadDir(outside); len(left) != 0 {
				t.Fatalf("the download wrote outside its destination: %v", left)
			}
			if !tc.swap {
				if b, _ := os.ReadFile(filepath.Join(sub, "f")); string(b) != "payload" || len(bad) != 0 {
					t.Fatalf("landed %q, failed %v", b, bad)
				}
				return
			}
			items := q.Items()
			if len(bad) != 1 || items[0].State != Failed || !strings.Contains(items[0].Err, "outside the destination") {
				t.Fatalf("want the item failed, got %v", items)
			}
			if _, err := localpath.OpenIn(root, filepath.Join(sub, "x"), os.O_CREATE|os.O_WRONLY, 0o644); !errors.Is(err, localpath.ErrOutside) {
				t.Errorf("OpenIn through the link: %v, want ErrOutside", err)
			}
		})
	}
}

package queue_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/internal/silentftp"
	"portside/transfer/queue"
	"portside/transfer/transport"
)

// A server whose listing says 200 B while RETR brings 100 B has a file
// fetched a bounded number of times, then the item fails with the facts —
// or, with KeepResized, what arrived is kept once the server said complete.
func TestSizeChangeIsBounded(t *testing.T) {
	body := []byte(strings.Repeat("x", 100))
	cases := []struct {
		name     string
		keep     bool
		state    queue.State
		err      string
		retrs    int
		fileSize int64 // -1: no file
	}{
		{"fails after three copies", false, queue.Failed,
			"the file changed size while it was copied (listed 200 B, received 100 B)", 3, -1},
		{"kept when asked", true, queue.Done,
			"the file changed size while it was copied (listed 200 B, received 100 B); kept what arrived", 1, 100},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := silentftp.Start(silentftp.Config{Files: map[string][]byte{"log.txt": body},
				Sizes: map[string]int64{"log.txt": 200}})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			dial := func(ctx context.Context, _ string) (transfer.FS, error) {
				return ftp.Connect(ctx, ftp.Config{
					Config: transport.Config{Host: "127.0.0.1", Port: srv.Port()},
					User:   "demo", Password: "demo", Mode: transport.ModePassive,
				})
			}
			q := openQueue(t, queue.Config{Dial: dial, KeepResized: tc.keep})
			dst := filepath.Join(t.TempDir(), "log.txt")
			ids, err := q.Add(queue.Item{Site: "s", Dir: queue.Download, Src: "/log.txt", Dst: dst,
				Size: 200, ModTime: time.Now(), Exists: queue.Overwrite})
			if err != nil {
				t.Fatal(err)
			}
			// An old build fetches the file forever: bound the wait.
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if _, err := q.Wait(ctx); err != nil {
				t.Fatalf("wait: %v; %d RETRs so far", err, srv.Count("RETR"))
			}
			it := q.Items()[0]
			if it.ID != ids[0] || it.State != tc.state || it.Err != tc.err {
				t.Fatalf("item %s %q, want %s %q", it.State, it.Err, tc.state, tc.err)
			}
			if n := srv.Count("RETR"); n != tc.retrs {
				t.Errorf("%d RETRs, want %d", n, tc.retrs)
			}
			fi, err := os.Stat(dst)
			switch {
			case tc.fileSize < 0 && !errors.Is(err, os.ErrNotExist):
				t.Errorf("a file was left at %s: %v", dst, err)
			case tc.fileSize >= 0 && (err != nil || fi.Size() != tc.fileSize):
				t.Errorf("stat %s: %v, want %d bytes", dst, err, tc.fileSize)
			}
			if parts, _ := filepath.Glob(dst + ".*"); len(parts) > 0 {
				t.Errorf("part files left: %v", parts)
			}
		})
	}
}

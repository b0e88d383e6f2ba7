package queue_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/ftpd"
	"portside/transfer/internal/silentftp"
	"portside/transfer/queue"
	"portside/transfer/transport"
)

// A folder expands at most MaxDepth levels, and not at all when it lists
// the same as a folder it is in; what was cut is a skipped item that says
// why.
func TestExpansionIsCut(t *testing.T) {
	cases := []struct {
		name      string
		server    func(t *testing.T) (func(context.Context, string) (transfer.FS, error), string)
		files     int    // files that arrive
		skipped   string // the one skipped item's Src ends so
		reason    string
		maxFolder int // folder items at most
	}{
		{"a folder that lists itself", loopServer, 1, "/top/sub", "lists the same as a folder it is in", 2},
		{"70 levels deep", deepServer(70), 65, strings.Repeat("/d", 66), "more than 64 folders deep", 66},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dial, root := tc.server(t)
			q := openQueue(t, queue.Config{Dial: dial})
			dst := t.TempDir()
			if _, err := q.Add(queue.Item{Site: "s", Dir: queue.Download, Src: root, Dst: filepath.Join(dst, "top"),
				IsDir: true, Size: -1, Exists: queue.Overwrite}); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			if _, err := q.Wait(ctx); err != nil {
				t.Fatalf("wait: %v (%d items)", err, len(q.Items()))
			}
			var files, folders int
			var skipped []queue.Item
			for _, it := range q.Items() {
				switch {
				case it.State == queue.Skipped:
					skipped = append(skipped, it)
				case it.State != queue.Done:
					t.Errorf("%s: %s %s", it.Src, it.State, it.Err)
				case it.IsDir:
					folders++
				default:
					files++
				}
			}
			if folders+len(skipped) > tc.maxFolder || files != tc.files {
				t.Errorf("%d folders, %d skipped, %d files; want at most %d folders and %d files", folders, len(skipped), files, tc.maxFolder, tc.files)
			}
			if len(skipped) != 1 || !strings.HasSuffix(skipped[0].Src, tc.skipped) || !strings.Contains(skipped[0].Err, tc.reason) {
				t.Fatalf("skipped %+v, want one item ending %q saying %q", skipped, tc.skipped, tc.reason)
			}
		})
	}
}

// loopServer answers every folder with the same listing: a file and a
// folder "sub", so /top/sub lists the same as /top.
func loopServer(t *testing.T) (func(context.Context, string) (transfer.FS, error), string) {
	srv, err := silentftp.Start(silentftp.Config{Files: map[string][]byte{"f.txt": []byte("hello")}, Dirs: []string{"sub"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return func(ctx context.Context, _ string) (transfer.FS, error) {
		return ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: "127.0.0.1", Port: srv.Port()},
			User: "demo", Password: "demo", Mode: transport.ModePassive})
	}, "/top"
}

// deepServer serves n nested folders "d", a file in each, of another size
// at each level: a real tree, whose levels list differently.
func deepServer(n int) func(t *testing.T) (func(context.Context, string) (transfer.FS, error), string) {
	return func(t *testing.T) (func(context.Context, string) (transfer.FS, error), string) {
		s := newSite(t, ftpd.Config{})
		dir := s.root
		for i := 0; i < n; i++ {
			dir = filepath.Join(dir, "d")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "f"), make([]byte, i), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return s.dial, "/d"
	}
}

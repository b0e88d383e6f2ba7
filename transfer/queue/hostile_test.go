package queue_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portside/internal/hostile"
	"portside/transfer"
	"portside/transfer/ftp"
	"portside/transfer/queue"
	"portside/transfer/transport"
)

func hostileDial(srv *hostile.Server) func(context.Context, string) (transfer.FS, error) {
	return func(ctx context.Context, _ string) (transfer.FS, error) {
		return ftp.Connect(ctx, ftp.Config{Config: transport.Config{Host: srv.Host(), Port: srv.Port()},
			User: "alice", Password: "x", Mode: transport.ModePassive})
	}
}

// A folder download writes only under its destination and follows no
// link planted there; what it refuses is failed with the reason, never
// dropped (#20 items 1 and 10).
func TestDownloadStaysUnderDestination(t *testing.T) {
	cases := []struct {
		name   string
		files  map[string]string
		plant  string // dest-relative folder made a link to outside
		failed string // the refused item's source, "" for none
		reason string
		landed []string // dest-relative files expected
	}{
		{"link planted as a subfolder", map[string]string{"/pub/sub/.bashrc": "evil", "/pub/ok": "fine"}, "pub/sub", "/pub/sub", "symbolic link", []string{"pub/ok"}},
		{"link planted as a part file", map[string]string{"/pub/a": "evil"}, "pub/a.portside-part", "/pub/a", "symbolic link", nil},
		{"C1 control in a name", map[string]string{"/pub/x\u009b2J": "evil", "/pub/ok": "fine"}, "", "/pub/x\u009b2J", "control character", []string{"pub/ok"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := hostile.Start(t, hostile.Script{Files: tc.files})
			dest, outside := t.TempDir(), t.TempDir()
			if tc.plant != "" {
				os.MkdirAll(filepath.Dir(filepath.Join(dest, tc.plant)), 0o755)
				target := outside
				if strings.HasSuffix(tc.plant, ".portside-part") {
					target = filepath.Join(outside, "victim") // dangling: O_CREAT would make it
				}
				os.Symlink(target, filepath.Join(dest, tc.plant))
			}
			q := openQueue(t, queue.Config{Dial: hostileDial(srv)})
			q.Add(queue.Item{Site: "h", Dir: queue.Download, Src: "/pub", Dst: filepath.Join(dest, "pub"), IsDir: true, Size: -1})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			bad, err := q.Wait(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if ents, _ := os.ReadDir(outside); len(ents) > 0 {
				t.Fatalf("the download wrote outside its destination: %v", ents)
			}
			if tc.failed == "" && len(bad) > 0 || tc.failed != "" && (len(bad) != 1 || bad[0].Src != tc.failed || !strings.Contains(bad[0].Err, tc.reason)) {
				t.Errorf("failed items: %+v", bad)
			}
			for _, f := range tc.landed {
				if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
					t.Errorf("missing %s: %v", f, err)
				}
			}
		})
	}
}

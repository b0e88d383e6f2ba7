package queue_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portside/internal/hostile"
	"portside/internal/linktest"
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
		{"link planted as a part file", map[string]string{"/pub/a": "evil"}, "pub/a.portside-part", "", "", []string{"pub/a"}},
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
				linktest.Make(t, target, filepath.Join(dest, tc.plant))
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

// A file called NAME.portside-part beside NAME, on either side, is a real
// file: never taken for NAME's part, never lost (#20 item 6).
func TestPartNamesNeverCollide(t *testing.T) {
	const body, other = "the real file, 32 bytes of it...", "other"
	cases := []struct {
		name       string
		dir        queue.Direction
		server     map[string]string // files on the server before
		local      map[string]string // files under the local folder before
		wantServer map[string]string
		wantLocal  map[string]string
	}{
		{"download beside a real part-named file", queue.Download,
			map[string]string{"/d/NAME": body, "/d/NAME.portside-part": other}, nil,
			nil, map[string]string{"NAME": body, "NAME.portside-part": other}},
		{"download again over a real part-named file", queue.Download,
			map[string]string{"/d/NAME": body, "/d/NAME.portside-part": other}, map[string]string{"NAME.portside-part": other},
			nil, map[string]string{"NAME": body, "NAME.portside-part": other}},
		{"upload beside a stray part on the server", queue.Upload,
			map[string]string{"/d/NAME.portside-part": other}, map[string]string{"NAME": body},
			map[string]string{"/d/NAME": body, "/d/NAME.portside-part": other}, nil},
		{"upload of a real part-named file", queue.Upload,
			nil, map[string]string{"NAME": body, "NAME.portside-part": other},
			map[string]string{"/d/NAME": body, "/d/NAME.portside-part": other}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := hostile.Start(t, hostile.Script{Files: tc.server, Dirs: []string{"/d"}})
			local := filepath.Join(t.TempDir(), "d")
			os.Mkdir(local, 0o755)
			for n, b := range tc.local {
				os.WriteFile(filepath.Join(local, n), []byte(b), 0o644)
			}
			q := openQueue(t, queue.Config{Dial: hostileDial(srv)})
			it := queue.Item{Site: "h", Dir: tc.dir, Src: "/d", Dst: local, IsDir: true, Size: -1}
			if tc.dir == queue.Upload {
				it.Src, it.Dst = local, "/d"
			}
			q.Add(it)
			wait(t, q)
			for p, want := range tc.wantServer {
				if got, _ := srv.File(p); string(got) != want {
					t.Errorf("server %s = %q, want %q", p, got, want)
				}
			}
			for n, want := range tc.wantLocal {
				if got, _ := os.ReadFile(filepath.Join(local, n)); string(got) != want {
					t.Errorf("local %s = %q, want %q", n, got, want)
				}
			}
			if ents, _ := os.ReadDir(local); tc.dir == queue.Download && len(ents) != len(tc.wantLocal) {
				t.Errorf("local folder holds %d files, want %d", len(ents), len(tc.wantLocal))
			}
		})
	}
}

package queue_test

import (
	"os"
	"path/filepath"
	"testing"

	"portside/internal/hostile"
	"portside/transfer/queue"
)

// A single file queued as the window queues a drag (no part name chosen
// beforehand) next to a real "NAME.portside-part" on its destination:
// the copy neither resumes from that file (which put its bytes at the
// start of NAME) nor writes over it, both ways (#20 item 6).
func TestSingleFileLeavesForeignPartFile(t *testing.T) {
	const body = "what the source holds, long enough to see"
	cases := []struct {
		name string
		dir  queue.Direction
	}{
		{"dragged to the server", queue.Upload},
		{"dragged from the server", queue.Download},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			local := t.TempDir()
			script := hostile.Script{Files: map[string]string{}}
			it := queue.Item{Site: "h", Dir: tc.dir, Size: -1}
			if tc.dir == queue.Upload {
				os.WriteFile(filepath.Join(local, "NAME"), []byte(body), 0o644)
				script.Files["/up/NAME.portside-part"] = "stray"
				it.Src, it.Dst = filepath.Join(local, "NAME"), "/up/NAME"
			} else {
				script.Files["/up/NAME"] = body
				os.WriteFile(filepath.Join(local, "NAME.portside-part"), []byte("stray"), 0o644)
				it.Src, it.Dst = "/up/NAME", filepath.Join(local, "NAME")
			}
			srv := hostile.Start(t, script)
			q := openQueue(t, queue.Config{Dial: hostileDial(srv)})
			if _, err := q.Add(it); err != nil {
				t.Fatal(err)
			}
			wait(t, q)
			read := func(p string) string {
				if tc.dir == queue.Upload {
					b, _ := srv.File("/up/" + p)
					return string(b)
				}
				b, _ := os.ReadFile(filepath.Join(local, p))
				return string(b)
			}
			if got := read("NAME"); got != body {
				t.Errorf("NAME = %q, want %q", got, body)
			}
			if got := read("NAME.portside-part"); got != "stray" {
				t.Errorf("NAME.portside-part = %q, want it untouched", got)
			}
		})
	}
}

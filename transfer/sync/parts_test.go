package syncplan_test

import (
	"os"
	"path/filepath"
	"testing"

	syncplan "portside/transfer/sync"
)

// A destination folder holding a real "NAME.portside-part" (someone's
// interrupted upload, a file just named so, a lie) is not this sync's
// part file: the copy of NAME neither resumes from it (which put its
// bytes at the start of NAME, the size check passing) nor writes over it
// (#20 item 6), in either direction.
func TestSyncLeavesForeignPartFiles(t *testing.T) {
	const body = "the file as the source has it, long enough"
	cases := []struct {
		name string
		dir  syncplan.Direction
	}{
		{"download", syncplan.Download},
		{"upload", syncplan.Upload},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			src, dst := f.local, f.remoteDir()
			if tc.dir == syncplan.Download {
				src, dst = dst, src
			}
			writeTree(t, src, map[string]string{"docs/a.txt": body})
			writeTree(t, dst, map[string]string{"docs/a.txt.portside-part": "mine", "docs/b.txt.portside-part": "also"})
			if _, _, err := f.sync(t, syncplan.Options{Direction: tc.dir}); err != nil {
				t.Fatal(err)
			}
			for name, want := range map[string]string{"a.txt": body, "a.txt.portside-part": "mine", "b.txt.portside-part": "also"} {
				got, err := os.ReadFile(filepath.Join(dst, "docs", name))
				if err != nil || string(got) != want {
					t.Errorf("%s = %q (%v), want %q", name, got, err, want)
				}
			}
			if left, _ := filepath.Glob(filepath.Join(dst, "docs", "a.txt.*.portside-part")); len(left) > 0 {
				t.Errorf("the copy's own part file is left: %v", left)
			}
			// A download's part is opened under an os.Root of the local
			// folder (localpath.OpenIn): its items carry that root.
			for _, it := range f.q.Items() {
				if tc.dir == syncplan.Download && it.Root != f.local {
					t.Errorf("item %s: root %q, want %q", it.Src, it.Root, f.local)
				}
			}
		})
	}
}

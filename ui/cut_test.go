package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portside/transfer/queue"
	"portside/ui"
)

// A download from the window ("Download to…") goes through the same queue
// as the command line: a folder 70 levels deep arrives 64 levels deep, and
// the queue panel shows the cut folder as skipped, saying why.
func TestWindowDownloadCutsDeepFolders(t *testing.T) {
	l := newLive(t, liveOptions{offline: true})
	dir := filepath.Join(l.root, "deep")
	for i := 0; i < 70; i++ {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "f"), make([]byte, i), 0o644); err != nil {
			t.Fatal(err)
		}
		dir = filepath.Join(dir, "d")
	}
	l.connect(false)
	click(l.row(l.m.Remote, "deep"), 0)
	l.m.DownloadTo(l.m.Remote.Selected(), t.TempDir())
	l.idle(2)
	q := l.m.Queue.Model
	var skipped []queue.Item
	for _, id := range q.IDs(ui.TabDone) {
		if it, ok := q.Item(id); ok && it.State == queue.Skipped {
			skipped = append(skipped, it)
		}
	}
	if len(skipped) != 1 || !strings.Contains(ui.StateText(skipped[0]), "Skipped: not copied: more than 64 folders deep") {
		t.Fatalf("skipped %+v, want one folder, saying why", skipped)
	}
	// Folders down to 64 below "deep" are copied; the one 65 below is cut.
	if n := strings.Count(strings.TrimPrefix(skipped[0].Src, "/deep"), "/d"); n != 65 {
		t.Errorf("cut at %s (%d levels below deep), want 65", skipped[0].Src, n)
	}
	if q.Count(queue.Failed) != 0 {
		t.Errorf("%d failed", q.Count(queue.Failed))
	}
}

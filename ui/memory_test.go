package ui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/queue"
	"portside/ui"
)

// heapInUse is the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	debug.FreeOSMemory() // a second collection, and sweeps what the first freed
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// waitIdle is live.idle with room for a big batch on a loaded machine
// (it gives up only when nothing finished for a minute), and it draws the
// window now and then as the real one does at every frame: drawing text
// is where Fyne loads fonts.
func waitIdle(t *testing.T, l *live, n int) {
	t.Helper()
	q := l.m.Queue.Model
	seen, last, drawn := -1, time.Now(), time.Now()
	for {
		l.loop.drain()
		if time.Since(drawn) > 200*time.Millisecond {
			l.w.Canvas().Capture()
			drawn = time.Now()
		}
		done := len(q.IDs(ui.TabDone)) + len(q.IDs(ui.TabFailed))
		if done >= n && q.Count(queue.Queued)+q.Count(queue.Running) == 0 {
			return
		}
		if done != seen {
			seen, last = done, time.Now()
		}
		if time.Since(last) > time.Minute {
			t.Fatalf("the queue stalled at %d of %d items", done, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A big batch leaves data behind (the Done list), never widgets or font
// caches: queue 20,000 tiny uploads to the embedded server through the
// window's own models and lists, let them finish, look at every tab, and
// the live heap must be back within a bound that is the finished items'
// data plus a margin. Before the fix every list refresh gave a row a theme
// override of its own, and Fyne parsed and kept the fonts once per
// override: the heap grew by hundreds of megabytes (issue #12).
func TestQueueBatchLeavesNoHeapBehind(t *testing.T) {
	tests := []struct {
		name  string
		files int
		// perItem is the heap a finished item may keep: its ID in the
		// queue's order and the Done tab, its state in the model. The item
		// itself stays in the journal (QueueModel.Lookup); when the model
		// held it whole, 3 KB an item were allowed.
		perItem uint64
		margin  uint64
	}{
		{"20,000 tiny uploads", 20_000, 512, 12 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := tt.files
			if testing.Short() || raceOn {
				files /= 10 // old main grew by 138 MB over 2,000: still caught
			}
			l := newLive(t, liveOptions{})
			dir := filepath.Join(l.local, "batch")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for i := range files {
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("part_%06d.dat", i)), []byte("tiny\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, tab := range []ui.QueueTab{ui.TabQueued, ui.TabFailed, ui.TabDone} {
				l.m.Queue.ShowTab(tab) // every list has rows before the baseline
				l.w.Canvas().Capture() // and its fonts are loaded
			}
			l.m.Queue.ShowTab(ui.TabQueued)
			before := heapInUse()

			_, site, _ := l.m.Conn.State()
			items := ui.QueueItems(queue.Upload, site.Key(), l.m.Remote.Model.FS(), "/incoming",
				[]ui.Source{{Path: dir, Entry: transfer.Entry{Name: "batch", IsDir: true}}})
			l.m.Transfers.Add(items, true, func(err error) {
				if err != nil {
					t.Error(err)
				}
			})
			waitIdle(t, l, files+1)
			if n := len(l.m.Queue.Model.IDs(ui.TabDone)); n != files+1 {
				t.Fatalf("%d items done, want %d", n, files+1)
			}
			// Look at the Done list: its top, its end and back.
			l.m.Queue.ShowTab(ui.TabDone)
			done := l.m.Queue.Lists[ui.TabDone]
			done.ScrollToBottom()
			done.ScrollToTop()
			l.w.Canvas().Content().Refresh()
			l.w.Canvas().Capture()

			after := heapInUse()
			bound := before + uint64(files)*tt.perItem + tt.margin
			t.Logf("heap %d MB before, %d MB after %d uploads (bound %d MB)", before>>20, after>>20, files, bound>>20)
			if after > bound {
				t.Errorf("the heap grew from %d MB to %d MB over %d uploads; at most %d MB may stay",
					before>>20, after>>20, files, bound>>20)
			}
		})
	}
}

// TestBigListingReleasesMemory: once the window shows a big listing, the
// heap its parse and sort left behind goes back to the system (issue
// #12); a small listing releases nothing. On the window's own local pane,
// a real folder.
func TestBigListingReleasesMemory(t *testing.T) {
	tests := []struct {
		files   int
		release bool
	}{
		{6000, true},
		{100, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.files), func(t *testing.T) {
			var released atomic.Int32
			old := ui.ReleaseMemory
			ui.ReleaseMemory = func() { released.Add(1) }
			t.Cleanup(func() { ui.ReleaseMemory = old })
			l := newLive(t, liveOptions{offline: true})
			dir := filepath.Join(l.local, "many")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for i := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%05d", i)), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			l.m.Local.Model.Navigate(dir)
			l.loop.until(t, "the listing", func() bool { return l.m.Local.Model.Len() == tt.files })
			if tt.release {
				l.loop.until(t, "the release", func() bool { return released.Load() > 0 })
			} else if l.m.ReleasePending() {
				t.Error("a small listing asked for a release")
			}
		})
	}
}

// TestListRefreshesKeepNothing: a list refreshed again and again keeps no
// memory. widget.List makes a throwaway row at every Refresh only to
// measure it; a row that measured itself built its renderer, which Fyne
// keeps for a minute, and inside a theme override Fyne also recorded every
// text of the throwaway row in its scope map, for good, and emptied the
// app's text-size and icon caches (issue #12: a 20,000-file upload
// refreshed the queue lists at every batch of events).
func TestListRefreshesKeepNothing(t *testing.T) {
	l := newLive(t, liveOptions{offline: true})
	for _, tab := range []ui.QueueTab{ui.TabQueued, ui.TabFailed, ui.TabDone} {
		l.m.Queue.ShowTab(tab)
		l.w.Canvas().Capture()
	}
	l.m.Queue.ShowLog()
	l.w.Canvas().Capture()
	tests := []struct {
		name    string
		refresh func()
	}{
		{"queue lists", func() {
			for _, list := range l.m.Queue.Lists {
				list.Refresh()
			}
		}},
		{"log", func() { l.m.Log.List.Refresh() }},
		{"file panes", func() {
			l.m.Local.List.Refresh()
			l.m.Remote.List.Refresh()
		}},
	}
	const refreshes = 2000
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.refresh()
			before := heapInUse()
			for range refreshes {
				tt.refresh()
			}
			after := heapInUse()
			grown := int64(after) - int64(before)
			t.Logf("%d refreshes: the heap grew by %d kB", refreshes, grown>>10)
			if grown > 1<<20 {
				t.Errorf("%d refreshes kept %d kB (at most 1 MB)", refreshes, grown>>10)
			}
		})
	}
}

package ui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"portside/transfer"
	"portside/transfer/local"
	"portside/transfer/queue"
	"portside/ui"
)

// The window at scale (issue #12): a folder of 200,000 entries and a
// queue of 200,000 items, measured in their models, with -benchmem:
//
//	go test -run XXX -bench Scale -benchmem ./ui/

const scaleEntries = 200_000

// bigFolder is a real folder of 200,000 empty files.
func bigFolder(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	for i := range scaleEntries {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("photo_%06d.jpg", i)))
		if err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	return dir
}

// BenchmarkScalePaneList lists 200,000 entries into the pane model
// (local file system; the listing, the sort by name, the state).
func BenchmarkScalePaneList(b *testing.B) {
	dir := bigFolder(b)
	loop := newUILoop()
	m := ui.NewPaneModel()
	m.Do = loop.Do
	m.SetFS(local.FS{}, dir)
	for m.State().Loading {
		loop.drain()
		time.Sleep(time.Millisecond)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m.Refresh()
		for m.State().Loading {
			loop.drain()
			time.Sleep(100 * time.Microsecond)
		}
	}
	if n := m.Len(); n != scaleEntries {
		b.Fatalf("%d entries listed, want %d", n, scaleEntries)
	}
}

// BenchmarkScaleSort sorts 200,000 entries by each column.
func BenchmarkScaleSort(b *testing.B) {
	entries := make([]transfer.Entry, scaleEntries)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range entries {
		entries[i] = transfer.Entry{Name: fmt.Sprintf("photo_%06d.jpg", (i*7919)%scaleEntries), Size: int64(i * 31 % 100_000),
			ModTime: t0.Add(time.Duration(i*13%scaleEntries) * time.Second), Perm: "rw-r--r--"}
	}
	for _, c := range []ui.Column{ui.ColName, ui.ColSize, ui.ColModified} {
		b.Run(c.String(), func(b *testing.B) {
			work := make([]transfer.Entry, len(entries))
			b.ReportAllocs()
			for b.Loop() {
				copy(work, entries)
				ui.SortEntries(work, ui.SortOrder{Column: c})
			}
		})
	}
}

// BenchmarkScaleFileList hands 200,000 entries to a pane's list widget.
func BenchmarkScaleFileList(b *testing.B) {
	entries := make([]transfer.Entry, scaleEntries)
	for i := range entries {
		entries[i] = transfer.Entry{Name: fmt.Sprintf("photo_%06d.jpg", i)}
	}
	l := ui.NewFileList()
	b.ReportAllocs()
	for b.Loop() {
		l.SetEntries(entries)
	}
}

// BenchmarkScaleQueueModel: 200,000 items added in one batch, all failed
// and retried ("Retry all"), then removed ("Remove all").
func BenchmarkScaleQueueModel(b *testing.B) {
	items := make([]queue.Item, scaleEntries)
	for i := range items {
		items[i] = queue.Item{ID: uint64(i + 1), Dir: queue.Upload, Site: "ftp://demo@127.0.0.1:2121",
			Src: fmt.Sprintf("/home/ann/photos/photo_%06d.jpg", i), Dst: fmt.Sprintf("/incoming/photo_%06d.jpg", i),
			Size: 5000, State: queue.Queued, Rev: 1}
	}
	events := func(s queue.State, rev uint64) []queue.Event {
		ev := make([]queue.Event, len(items))
		for i, it := range items {
			it.State, it.Rev = s, rev
			ev[i] = queue.Event{Item: it}
		}
		return ev
	}
	added, failed, retried := events(queue.Queued, 1), events(queue.Failed, 2), events(queue.Queued, 3)
	ids := make([]uint64, len(items))
	for i := range ids {
		ids[i] = items[i].ID
	}
	b.Run("add", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m := ui.NewQueueModel()
			m.Apply(added)
		}
	})
	b.Run("retry-all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			m := ui.NewQueueModel()
			m.Apply(added)
			m.Apply(failed)
			b.StartTimer()
			m.Apply(retried)
		}
	})
	b.Run("remove-all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			m := ui.NewQueueModel()
			m.Apply(added)
			b.StartTimer()
			m.Forget(ids)
		}
	})
}

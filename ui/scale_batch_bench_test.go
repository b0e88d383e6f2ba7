package ui_test

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"portside/transfer"
	"portside/transfer/queue"
	"portside/ui"
)

// The per-batch work at scale (issue #12): what one batch of queue events
// and one click on a column title cost the UI goroutine when 200,000
// items or entries are there. The window draws between batches, so this
// is the time a frame waits.

// BenchmarkScaleQueueBatch applies batches of 100 events to a queue of
// 200,000 items, as the window does while an upload runs: 100 items move
// from Queued to Done (and back, once every item has moved). "model" is
// the queue model alone, "panel" the model and the queue panel's three
// lists (drawing the rows in view is most of that).
func BenchmarkScaleQueueBatch(b *testing.B) {
	items := make([]queue.Item, scaleEntries)
	added := make([]queue.Event, len(items))
	for i := range items {
		items[i] = queue.Item{ID: uint64(i + 1), Dir: queue.Upload, Site: "ftp://demo@127.0.0.1:2121",
			Src: fmt.Sprintf("/home/ann/photos/photo_%06d.jpg", i), Dst: fmt.Sprintf("/incoming/photo_%06d.jpg", i),
			Size: 5000, State: queue.Queued, Rev: 1}
		added[i] = queue.Event{Item: items[i]}
	}
	for _, withPanel := range []bool{false, true} {
		name := map[bool]string{false: "model", true: "panel"}[withPanel]
		b.Run(name, func(b *testing.B) {
			m := ui.NewQueueModel()
			changed := func(ui.QueueChange) {}
			if withPanel {
				test.NewTempApp(b)
				p := ui.NewQueuePanel(m, widget.NewLabel("log"))
				w := test.NewTempWindow(b, p)
				w.Resize(fyne.NewSize(900, 400))
				changed = p.Changed
			}
			changed(m.Apply(added))
			const batch = 100
			next, rev := 0, uint64(1)
			ev := make([]queue.Event, batch)
			b.ReportAllocs()
			for b.Loop() {
				if next+batch > len(items) {
					next, rev = 0, rev+2
				}
				for i := range ev {
					it := items[next+i]
					it.State, it.Rev = queue.Done, rev+1
					if rev%4 == 3 { // the second round moves them back
						it.State = queue.Queued
					}
					ev[i] = queue.Event{Item: it}
				}
				next += batch
				changed(m.Apply(ev))
			}
		})
	}
}

// BenchmarkScaleSortClick is a click on a column title of a pane listing
// 200,000 entries: ui-ms is how long the UI goroutine is held (the frame
// that waits), total-ms until the sorted list is shown.
func BenchmarkScaleSortClick(b *testing.B) {
	test.NewTempApp(b)
	entries := make([]transfer.Entry, scaleEntries)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range entries {
		entries[i] = transfer.Entry{Name: fmt.Sprintf("photo_%06d.jpg", (i*7919)%scaleEntries), Size: int64(i * 31 % 100_000),
			ModTime: t0.Add(time.Duration(i*13%scaleEntries) * time.Second), Perm: "rw-r--r--"}
	}
	fs := &fakeFS{home: "/big", dirs: map[string][]transfer.Entry{"/big": entries}}
	loop := newUILoop()
	m := ui.NewPaneModel()
	m.Do = loop.Do
	m.SetFS(fs, "/big")
	for m.State().Loading {
		loop.drain()
		time.Sleep(time.Millisecond)
	}
	var held, total time.Duration
	cols := []ui.Column{ui.ColSize, ui.ColModified, ui.ColName}
	want := map[ui.Column][]transfer.Entry{}
	for _, c := range cols {
		want[c] = append([]transfer.Entry(nil), entries...)
		ui.SortEntries(want[c], ui.SortOrder{Column: c})
	}
	n := 0
	for b.Loop() {
		c := cols[n%len(cols)]
		n++
		start := time.Now()
		m.SortBy(c)
		held += time.Since(start)
		for !sameOrder(m.State().Entries, want[c]) {
			loop.drain()
			time.Sleep(100 * time.Microsecond)
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(held.Milliseconds())/float64(n), "ui-ms/op")
	b.ReportMetric(float64(total.Milliseconds())/float64(n), "total-ms/op")
}

// sameOrder compares entries with the sorted want at a few places: enough
// to tell the sorted list from the one before.
func sameOrder(entries, want []transfer.Entry) bool {
	if len(entries) != len(want) {
		return false
	}
	for _, i := range []int{0, 1, len(want) / 3, len(want) / 2, len(want) - 1} {
		if entries[i].Name != want[i].Name {
			return false
		}
	}
	return true
}

package ui_test

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"portside/transfer/queue"
	"portside/ui"
)

// item is a queue item in state s, at revision rev.
func item(id uint64, s queue.State, rev uint64) queue.Event {
	return queue.Event{Item: queue.Item{ID: id, State: s, Rev: rev, Dir: queue.Upload, Src: "/l/f", Dst: "/r/f", Size: 100}}
}

func tick(running ...queue.Progress) queue.Event {
	return queue.Event{Stats: &queue.Stats{Running: running, Speed: 2048, ETA: 3 * time.Second}}
}

func TestQueueModelApply(t *testing.T) {
	type want struct {
		tabs     [3][]uint64
		lists    bool
		progress []uint64
		ended    []uint64
		run      *ui.RunResult
	}
	tests := []struct {
		name   string
		before []queue.Event
		events []queue.Event
		want   want
	}{
		{"added", nil, []queue.Event{item(1, queue.Queued, 0), item(2, queue.Queued, 0)},
			want{tabs: [3][]uint64{{1, 2}, nil, nil}, lists: true}},
		{"progress touches only the running rows", []queue.Event{item(1, queue.Running, 1), item(2, queue.Queued, 0)},
			[]queue.Event{tick(queue.Progress{ID: 1, Bytes: 50, Size: 100})},
			want{tabs: [3][]uint64{{1, 2}, nil, nil}, progress: []uint64{1}}},
		{"ticks in a batch count once", []queue.Event{item(1, queue.Running, 1)},
			[]queue.Event{tick(queue.Progress{ID: 1, Bytes: 10}), tick(queue.Progress{ID: 1, Bytes: 20})},
			want{tabs: [3][]uint64{{1}, nil, nil}, progress: []uint64{1}}},
		{"done and failed end a run", []queue.Event{item(1, queue.Running, 1), item(2, queue.Running, 1)},
			[]queue.Event{item(1, queue.Done, 2), item(2, queue.Failed, 2)},
			want{tabs: [3][]uint64{nil, {2}, {1}}, lists: true, ended: []uint64{1, 2}, run: &ui.RunResult{Done: 1, Failed: 1}}},
		{"a run within one batch still ends", nil,
			[]queue.Event{item(1, queue.Queued, 0), item(1, queue.Running, 1), item(1, queue.Done, 2)},
			want{tabs: [3][]uint64{nil, nil, {1}}, lists: true, ended: []uint64{1}, run: &ui.RunResult{Done: 1}}},
		{"the run goes on while items wait", []queue.Event{item(1, queue.Running, 1), item(2, queue.Queued, 0)},
			[]queue.Event{item(1, queue.Done, 2)},
			want{tabs: [3][]uint64{{2}, nil, {1}}, lists: true, ended: []uint64{1}}},
		{"a paused run says so", []queue.Event{item(1, queue.Running, 1), item(2, queue.Queued, 0)},
			[]queue.Event{item(1, queue.Done, 2), item(2, queue.Paused, 1)},
			want{tabs: [3][]uint64{{2}, nil, {1}}, lists: true, ended: []uint64{1}, run: &ui.RunResult{Done: 1, Paused: 1}}},
		{"an older state never overwrites a newer one", []queue.Event{item(1, queue.Done, 3)},
			[]queue.Event{item(1, queue.Running, 2)},
			want{tabs: [3][]uint64{nil, nil, {1}}}},
		{"retry brings a failure back", []queue.Event{item(1, queue.Failed, 2)},
			[]queue.Event{item(1, queue.Queued, 3)},
			want{tabs: [3][]uint64{{1}, nil, nil}, lists: true}},
		{"listed in queue order", nil, []queue.Event{item(5, queue.Queued, 0), item(3, queue.Cancelled, 1), item(4, queue.Skipped, 1)},
			want{tabs: [3][]uint64{{5}, {3}, {4}}, lists: true, ended: []uint64{3, 4}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ui.NewQueueModel()
			m.Apply(tt.before)
			ch := m.Apply(tt.events)
			for tab := range tt.want.tabs {
				if got := m.IDs(ui.QueueTab(tab)); !slices.Equal(got, tt.want.tabs[tab]) && len(got)+len(tt.want.tabs[tab]) > 0 {
					t.Errorf("tab %d lists %v, want %v", tab, got, tt.want.tabs[tab])
				}
			}
			if ch.Lists != tt.want.lists {
				t.Errorf("Lists = %v, want %v", ch.Lists, tt.want.lists)
			}
			if !slices.Equal(ch.Progress, tt.want.progress) {
				t.Errorf("Progress = %v, want %v", ch.Progress, tt.want.progress)
			}
			var ended []uint64
			for _, it := range ch.Ended {
				ended = append(ended, it.ID)
			}
			if !slices.Equal(ended, tt.want.ended) {
				t.Errorf("Ended = %v, want %v", ended, tt.want.ended)
			}
			if (ch.RunEnded == nil) != (tt.want.run == nil) || ch.RunEnded != nil && *ch.RunEnded != *tt.want.run {
				t.Errorf("RunEnded = %+v, want %+v", ch.RunEnded, tt.want.run)
			}
		})
	}
}

// Feed is called by the queue on its goroutines; a burst becomes one
// update on the UI goroutine.
func TestQueueModelFeedBatches(t *testing.T) {
	loop := newUILoop()
	m := ui.NewQueueModel()
	m.Do = loop.Do
	var changes []ui.QueueChange
	m.OnChange = func(ch ui.QueueChange) { changes = append(changes, ch) }
	done := make(chan bool)
	go func() {
		for i := range 50 {
			m.Feed(item(uint64(i+1), queue.Queued, 0))
		}
		done <- true
	}()
	<-done
	loop.drain()
	if len(changes) != 1 || len(m.IDs(ui.TabQueued)) != 50 {
		t.Errorf("%d updates for 50 events, %d items listed", len(changes), len(m.IDs(ui.TabQueued)))
	}
}

func TestQueueModelLoadAndForget(t *testing.T) {
	m := ui.NewQueueModel()
	ch := m.Load([]queue.Item{item(1, queue.Done, 2).Item, item(2, queue.Paused, 1).Item})
	if ch.RunEnded != nil || len(ch.Ended) != 0 {
		t.Errorf("a restored queue reports %+v", ch)
	}
	if m.Totals() != "1 paused" {
		t.Errorf("totals %q", m.Totals())
	}
	m.Forget([]uint64{1})
	if got := m.IDs(ui.TabDone); len(got) != 0 {
		t.Errorf("done after Forget: %v", got)
	}
}

// A model with a Lookup holds done items by their state only, and reads
// the rows it shows back through Lookup, once: after 200,000 uploads the
// window's heap keeps a few bytes an item, not the 460 of a whole one
// (issue #12: "a Done list of 200,000 items is data, not widgets").
func TestQueueModelLeavesFinishedItemsToLookup(t *testing.T) {
	const n = 200_000
	src := batchSrc
	m := ui.NewQueueModel()
	var looked *[]uint64
	m.Lookup, looked = journalOf(n, queue.Done)
	before := heapInUse()
	for _, s := range []queue.State{queue.Queued, queue.Done} {
		applyAll(m, n, s, uint64(s))
	}
	grown := int64(heapInUse()) - int64(before)
	t.Logf("%d done items: the model's heap grew by %d kB (%d B an item)", n, grown>>10, grown/n)
	if limit := int64(n * 128); grown > limit {
		t.Errorf("%d done items kept %d kB, at most %d kB", n, grown>>10, limit>>10)
	}

	if got := len(m.IDs(ui.TabDone)); got != n || m.Count(queue.Done) != n {
		t.Fatalf("%d listed done, %d counted, want %d", got, m.Count(queue.Done), n)
	}
	for range 3 { // a row drawn again and again is read once
		it, ok := m.Item(123_456)
		if !ok || it.Src != src(123_456) || it.State != queue.Done || it.Rev != uint64(queue.Done) {
			t.Fatalf("Item(123456) = %+v, %v", it, ok)
		}
	}
	if len(*looked) != 1 {
		t.Errorf("3 reads of one row looked up %d items, want 1", len(*looked))
	}
	if got := m.Items([]uint64{7, n + 1, 9}); len(got) != 2 || got[0].Src != src(7) || got[1].Src != src(9) {
		t.Errorf("Items(7, unknown, 9) = %+v", got)
	}
	if got, ok := m.Item(n + 1); ok {
		t.Errorf("an unknown item is %+v", got)
	}
	m.Apply([]queue.Event{item(n+5, queue.Queued, 1), item(n+5, queue.Done, 2)}) // the store lost it
	if got, ok := m.Item(n + 5); !ok || got.ID != n+5 || got.State != queue.Done || got.Src != "" {
		t.Errorf("an item Lookup cannot read is %+v, %v; want its ID and state only", got, ok)
	}
	m.Forget(m.IDs(ui.TabDone)[:n/2])
	if got := len(m.IDs(ui.TabDone)); got != n/2+1 || m.Count(queue.Done) != n/2+1 {
		t.Errorf("after forgetting half: %d listed, %d counted", got, m.Count(queue.Done))
	}
	if _, ok := m.Item(7); ok {
		t.Error("a forgotten item is still there")
	}
	runtime.KeepAlive(m)
}

// OnBusy hears when the queue starts running and when it stops, once each.
func TestQueueModelSaysWhenItRuns(t *testing.T) {
	m := ui.NewQueueModel()
	var heard []bool
	m.OnBusy = func(busy bool) { heard = append(heard, busy) }
	m.Load([]queue.Item{item(9, queue.Paused, 1).Item})
	for _, batch := range [][]queue.Event{
		{item(1, queue.Queued, 0), item(2, queue.Queued, 0)},
		{item(1, queue.Running, 1)},
		{item(1, queue.Done, 2), item(2, queue.Running, 1)},
		{item(2, queue.Done, 2)},
		{item(3, queue.Queued, 0), item(3, queue.Running, 1), item(3, queue.Done, 2)}, // within one batch: never seen running
		{item(2, queue.Queued, 3)},                                                    // a retry runs again
		{item(2, queue.Paused, 3)},
	} {
		m.Apply(batch)
	}
	if want := []bool{true, false, true, false}; !slices.Equal(heard, want) {
		t.Errorf("OnBusy heard %v, want %v", heard, want)
	}
}

// Queued, paused and cancelled items are left to Lookup too, until they
// run; a running item, and one with a reason, are held whole.
func TestQueueModelLeavesQueuedItemsToLookup(t *testing.T) {
	const n = 200_000
	src := batchSrc
	m := ui.NewQueueModel()
	var looked *[]uint64
	m.Lookup, looked = journalOf(n, queue.Queued)
	before := heapInUse()
	applyAll(m, n, queue.Queued, 0)
	grown := int64(heapInUse()) - int64(before)
	t.Logf("%d queued items: the model's heap grew by %d kB (%d B an item)", n, grown>>10, grown/n)
	if limit := int64(n * 128); grown > limit {
		t.Errorf("%d queued items kept %d kB, at most %d kB", n, grown>>10, limit>>10)
	}
	if it, ok := m.Item(77); !ok || it.Src != src(77) || it.State != queue.Queued || len(*looked) != 1 {
		t.Fatalf("a queued row reads %+v, %v after %d lookups", it, ok, len(*looked))
	}

	*looked = nil
	running := item(77, queue.Running, 1)
	running.Item.Src = "/l/now-running"
	failed := item(78, queue.Failed, 1)
	failed.Item.Err = "550 Permission denied"
	retrying := item(79, queue.Queued, 1)
	retrying.Item.Err = "retrying in 2s: connection reset"
	m.Apply([]queue.Event{running, failed, retrying, item(80, queue.Paused, 1), item(81, queue.Cancelled, 1)})
	for _, tt := range []struct {
		id    uint64
		state queue.State
		src   string
		err   string
	}{
		{77, queue.Running, "/l/now-running", ""},
		{78, queue.Failed, "/l/f", "550 Permission denied"},
		{79, queue.Queued, "/l/f", "retrying in 2s: connection reset"},
	} {
		if it, ok := m.Item(tt.id); !ok || it.State != tt.state || it.Src != tt.src || it.Err != tt.err {
			t.Errorf("item %d = %+v, want %v %q %q", tt.id, it, tt.state, tt.src, tt.err)
		}
	}
	if len(*looked) != 0 {
		t.Errorf("held items were looked up: %v", *looked)
	}
	for id, want := range map[uint64]queue.State{80: queue.Paused, 81: queue.Cancelled} {
		if it, ok := m.Item(id); !ok || it.State != want || it.Src != src(id) {
			t.Errorf("item %d = %+v, want %v read back", id, it, want)
		}
	}
	if len(*looked) != 2 {
		t.Errorf("paused and cancelled: %d looked up, want 2", len(*looked))
	}
	runtime.KeepAlive(m)
}

// batchSrc is item id's source in the Lookup tests.
func batchSrc(id uint64) string { return fmt.Sprintf("/l/batch/part_%06d.dat", id) }

// journalOf is a Lookup that reads items 1 to n back in state s, as the
// queue's journal would (nothing of an item it does not have), and the
// IDs it was asked for.
func journalOf(n uint64, s queue.State) (func([]uint64) []queue.Item, *[]uint64) {
	looked := new([]uint64)
	return func(ids []uint64) []queue.Item {
		*looked = append(*looked, ids...)
		out := make([]queue.Item, 0, len(ids))
		for _, id := range ids {
			if id <= n {
				out = append(out, queue.Item{ID: id, State: s, Dir: queue.Upload, Src: batchSrc(id), Dst: "/r/part", Size: 5})
			}
		}
		return out
	}, looked
}

// applyAll applies items 1 to n in state s at revision rev, 10,000 a batch.
func applyAll(m *ui.QueueModel, n uint64, s queue.State, rev uint64) {
	for first := uint64(1); first <= n; first += 10_000 {
		events := make([]queue.Event, 10_000)
		for i := range events {
			id := first + uint64(i)
			events[i] = item(id, s, rev)
			events[i].Item.Src = batchSrc(id)
		}
		m.Apply(events)
	}
}

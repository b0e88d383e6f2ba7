package ui

import (
	"testing"
	"time"

	"portside/transfer/queue"
)

// An update that took in a storm of item events makes the next wait
// stormEvery; a quiet one brings queueEvery back.
func TestQueueModelSlowsDownInAStorm(t *testing.T) {
	m := NewQueueModel()
	m.Do = func(f func()) { f() }
	var waits []time.Duration
	var due func()
	m.after = func(d time.Duration, f func()) { waits, due = append(waits, d), f }
	event := func(id uint64) queue.Event {
		return queue.Event{Item: queue.Item{ID: id, State: queue.Queued, Dir: queue.Upload, Src: "/l/f", Dst: "/r/f"}}
	}
	// feed gives n events, the first of a quiet spell at once and the
	// rest in the update after, and returns the wait before that update.
	feed := func(n int, e func(i int) queue.Event) time.Duration {
		t.Helper()
		waits, due = nil, nil
		for i := range n {
			m.Feed(e(i))
		}
		if len(waits) != 1 || due == nil {
			t.Fatalf("%d events scheduled %d updates, want 1", n, len(waits))
		}
		due()
		return waits[0]
	}
	id := uint64(0)
	items := func(int) queue.Event { id++; return event(id) }

	m.Feed(items(0)) // the first after a quiet spell: at once
	if len(waits) != 0 {
		t.Fatalf("the first event waited %v", waits)
	}
	if w := feed(stormEvents+1, items); w > queueEvery {
		t.Errorf("after a quiet update the next waited %v, want at most %v", w, queueEvery)
	}
	// That update took in a storm (all but the first of those events).
	if w := feed(10, items); w <= queueEvery || w > stormEvery {
		t.Errorf("after a storm the next waited %v, want about %v", w, stormEvery)
	}
	if w := feed(1, items); w > queueEvery {
		t.Errorf("after a quiet update the next waited %v, want at most %v", w, queueEvery)
	}
	if got := len(m.IDs(TabQueued)); got != int(id) {
		t.Errorf("%d items listed, want %d", got, id)
	}
}

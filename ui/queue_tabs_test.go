package ui_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"portside/transfer/queue"
	"portside/ui"
)

// The tabs are kept up to date batch by batch (queue_tabs.go); after any
// mix of batches they must list exactly what sorting every item into its
// tab from scratch lists: small batches (each move noted), big ones (all
// sorted again), an item changing state several times in one batch,
// older revisions arriving late, and items forgotten.
func TestQueueTabsFollowBatches(t *testing.T) {
	states := []queue.State{queue.Queued, queue.Running, queue.Paused, queue.Done, queue.Skipped, queue.Failed, queue.Cancelled}
	for _, tc := range []struct {
		name    string
		items   int // items ever added
		batches int
		size    int // events per batch, at most
		forget  int // a Forget of up to this many after each batch
	}{
		{"small batches", 300, 200, 20, 0},
		{"small batches and forgets", 300, 200, 20, 5},
		{"big batches (sorted again)", 3000, 20, 3000, 0},
		{"big batches and big forgets", 3000, 20, 3000, 1500},
		{"mixed", 5000, 60, 4000, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(tc.items)))
			m := ui.NewQueueModel()
			truth := map[uint64]queue.Item{} // what the model must hold
			next := uint64(1)
			for b := 0; b < tc.batches; b++ {
				var ev []queue.Event
				for range 1 + rng.IntN(tc.size) {
					var id uint64
					if next <= uint64(tc.items) && (len(truth) == 0 || rng.IntN(3) == 0) {
						id, next = next, next+1 // a new item, the highest ID
					} else if len(truth) > 0 {
						id = uint64(1 + rng.IntN(int(next-1)))
					} else {
						continue
					}
					it, known := truth[id]
					if !known && id < next-1 {
						continue // forgotten: the queue never names it again
					}
					it.ID, it.Rev, it.State = id, it.Rev+1, states[rng.IntN(len(states))]
					truth[id] = it
					ev = append(ev, queue.Event{Item: it})
					if rng.IntN(10) == 0 { // an older state arriving late is ignored
						old := it
						old.Rev, old.State = it.Rev-1, states[rng.IntN(len(states))]
						ev = append(ev, queue.Event{Item: old})
					}
				}
				m.Apply(ev)
				if tc.forget > 0 {
					var gone []uint64
					for range rng.IntN(tc.forget + 1) {
						id := uint64(1 + rng.IntN(int(next)))
						gone = append(gone, id) // some unknown, some twice
						delete(truth, id)
					}
					m.Forget(gone)
				}
				want := [3][]uint64{}
				for id, it := range truth {
					want[ui.TabOf(it.State)] = append(want[ui.TabOf(it.State)], id)
				}
				for tab := range want {
					slices.Sort(want[tab])
					if got := m.IDs(ui.QueueTab(tab)); !slices.Equal(got, want[tab]) && len(got)+len(want[tab]) > 0 {
						t.Fatalf("batch %d: tab %d lists %d items %v…, want %d %v…", b, tab, len(got), head(got), len(want[tab]), head(want[tab]))
					}
				}
				for _, s := range states {
					n := 0
					for _, it := range truth {
						if it.State == s {
							n++
						}
					}
					if got := m.Count(s); got != n {
						t.Fatalf("batch %d: Count(%v) = %d, want %d", b, s, got, n)
					}
				}
			}
		})
	}
}

func head(ids []uint64) []uint64 { return ids[:min(len(ids), 8)] }

package ui

import (
	"sync"
	"testing"
	"time"

	"portside/transfer/queue"
)

// After a big run the window must draw at each of the sweep's moments and
// release after each: Fyne frees the GL textures of texts not drawn for a
// minute only while it draws, and an idle window never draws, so without
// these frames the textures of a 20,000-file upload's last minute stayed
// (issue #12). A small run sweeps nothing, and a closed window neither.
func TestBigRunSweepsAfterwards(t *testing.T) {
	for _, tc := range []struct {
		name          string
		items         int
		close         bool // the window closes right after the run
		frames, frees int
		moment        time.Duration // the first sweep's; the second is twice it
	}{
		{"big run", bigRun, false, 2, 3, time.Millisecond},
		{"small run", bigRun - 1, false, 0, 0, time.Millisecond},
		// Moments well after the close: at 1 ms, a loaded machine let the
		// first sweep run before the test closed the window.
		{"big run, window closed", bigRun, true, 0, 1, 300 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			frames, frees := 0, 0
			count := func(n *int) func() { return func() { mu.Lock(); *n++; mu.Unlock() } }
			s := &sweeper{
				after:   []time.Duration{tc.moment, 2 * tc.moment},
				settle:  time.Millisecond,
				do:      func(f func()) { f() },
				repaint: count(&frames),
				release: count(&frees),
			}
			m := NewQueueModel()
			m.OnBigRunEnded = s.runEnded
			var start, end []queue.Event
			for i := range tc.items {
				it := queue.Item{ID: uint64(i + 1), State: queue.Queued, Rev: 1}
				start = append(start, queue.Event{Item: it})
				it.State, it.Rev = queue.Done, 2
				end = append(end, queue.Event{Item: it})
			}
			m.Apply(start)
			m.Apply(end)
			if tc.close {
				s.stop()
			}
			// Wait well past the moments (the machine may be loaded), then
			// count: nothing may come later either.
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) {
				mu.Lock()
				done := frames == tc.frames && frees == tc.frees
				mu.Unlock()
				if done && tc.frames > 0 {
					break
				}
				time.Sleep(20 * time.Millisecond)
				if tc.frames == 0 && time.Until(deadline) < 8*time.Second {
					break // two seconds: over three times the last moment
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if frames != tc.frames || frees != tc.frees {
				t.Errorf("%d frames and %d releases, want %d and %d", frames, frees, tc.frames, tc.frees)
			}
		})
	}
}

// While the queue runs the collector aims at runGCPercent, and the target
// from before comes back when it stops; a user's lower target, or the
// collector turned off, stays as it was.
func TestRunHeapLowersTheTargetWhileRunning(t *testing.T) {
	for _, tt := range []struct {
		name    string
		before  int
		running int // the target while running
	}{
		{"Go's default", 100, runGCPercent},
		{"a higher target", 400, runGCPercent},
		{"a lower target is kept", 20, 20},
		{"the collector turned off stays off", -1, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			percent := tt.before
			h := &runHeap{set: func(p int) int { old := percent; percent = p; return old }}
			h.busy(false)
			if percent != tt.before {
				t.Fatalf("idle at start: target %d, want %d", percent, tt.before)
			}
			h.busy(true)
			h.busy(true)
			if percent != tt.running {
				t.Errorf("running: target %d, want %d", percent, tt.running)
			}
			h.busy(false)
			if percent != tt.before {
				t.Errorf("stopped: target %d, want %d back", percent, tt.before)
			}
		})
	}
}

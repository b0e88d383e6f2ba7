package queue

import "time"

// Speeds are measured over a window of time, never from one tick to the
// next: a 100 ms tick sees a buffer or two land, or none, and a rate
// from it jumps between 43 KiB/s and 5.2 MiB/s while the link carries a
// steady 1 MiB/s. A window of the last few seconds reads steady, and
// follows a real change within its span.
const (
	rateSpan    = 5 * time.Second // the window
	rateMinSpan = time.Second     // less than this says nothing yet
	rateSamples = 128             // bound: ticks come every 100 ms, so 50 fill the span
)

type rateSample struct {
	t time.Time
	n int64
}

// rateWindow is the rate of a growing count (bytes, files) over the last
// rateSpan. Not safe for concurrent use; its owner locks.
type rateWindow struct {
	samples []rateSample // oldest first; the first may be older than the span, as the base
}

// add records count n at t and returns the rate per second over the
// window, or 0 while the window is shorter than rateMinSpan.
func (w *rateWindow) add(t time.Time, n int64) float64 {
	if k := len(w.samples); k > 1 && t.Sub(w.samples[k-1].t) < 50*time.Millisecond {
		w.samples[k-1] = rateSample{t, n} // two callers within one tick: one sample (never the base)
	} else {
		w.samples = append(w.samples, rateSample{t, n})
	}
	// Drop samples older than the span, keeping the newest of them as the
	// window's start, and stay within the bound.
	for len(w.samples) > 2 && (t.Sub(w.samples[1].t) >= rateSpan || len(w.samples) > rateSamples) {
		w.samples = w.samples[1:]
	}
	first := w.samples[0]
	dt := t.Sub(first.t)
	if dt < rateMinSpan {
		return 0
	}
	return float64(n-first.n) / dt.Seconds()
}

// reset forgets the samples: a new run starts a new window, so an idle
// gap does not count as slow.
func (w *rateWindow) reset() { w.samples = w.samples[:0] }

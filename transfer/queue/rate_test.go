package queue

import (
	"testing"
	"time"
)

// A link carrying a steady rate delivers it in bursts: most 100 ms ticks
// see nothing land, some see a whole burst. The speed shown must read the
// steady rate, not the bursts (the old per-tick estimate swung between
// 43 KiB/s and 5.2 MiB/s on a 1 MiB/s link).
func TestRateWindowSteadyUnderBursts(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		name  string
		every int   // a burst lands every this many ticks
		burst int64 // bytes per burst
		want  float64
	}{
		{"1 MiB/s in 512 KiB bursts", 5, 512 << 10, mib},
		{"1 MiB/s in 100 KiB bursts", 1, 100 << 10, 1000 << 10},
		{"64 KiB/s in 64 KiB bursts", 10, 64 << 10, 64 << 10},
		{"files of 1 a tick", 1, 1, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w rateWindow
			t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			var n int64
			lo, hi := tt.want, tt.want
			for tick := 0; tick <= 300; tick++ { // 30 s
				if tick > 0 && tick%tt.every == 0 {
					n += tt.burst
				}
				got := w.add(t0.Add(time.Duration(tick)*100*time.Millisecond), n)
				if tick*100 < int(rateMinSpan/time.Millisecond) {
					if got != 0 {
						t.Fatalf("tick %d: a rate (%.0f) before the window says anything", tick, got)
					}
					continue
				}
				if tick*100 >= int(rateSpan/time.Millisecond) {
					lo, hi = min(lo, got), max(hi, got)
				}
			}
			// Over a full window the reading stays within a tenth of the rate.
			if lo < 0.9*tt.want || hi > 1.1*tt.want {
				t.Errorf("reading swings %.0f…%.0f, want %.0f ± 10%%", lo, hi, tt.want)
			}
			if len(w.samples) > rateSamples {
				t.Errorf("%d samples kept, bound %d", len(w.samples), rateSamples)
			}
		})
	}
}

// A change of rate shows within the window, and a reset forgets an idle
// gap.
func TestRateWindowFollowsAndResets(t *testing.T) {
	var w rateWindow
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	var n int64
	for s := 0.0; s <= 10; s += 0.1 {
		n += 1000 // 10 kB/s
		w.add(at(s), n)
	}
	for s := 10.1; s <= 16; s += 0.1 {
		n += 10000 // 100 kB/s
		w.add(at(s), n)
	}
	if got := w.add(at(16.05), n); got < 90_000 || got > 110_000 {
		t.Errorf("6 s after the rate rose to 100 kB/s the window reads %.0f", got)
	}
	w.reset()
	w.add(at(100), n)
	if got := w.add(at(101.5), n+15000); got < 9000 || got > 11000 {
		t.Errorf("after an idle gap and a reset: %.0f, want 10000", got)
	}
}

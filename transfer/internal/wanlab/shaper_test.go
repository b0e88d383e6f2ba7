//go:build linux

package wanlab

import (
	"testing"
	"time"
)

// TestShaper feeds packets at chosen times and checks when each arrives or
// that it is dropped: the delay, serialisation at the rate, tail drop when
// the queue is full, and random loss near its fraction.
func TestShaper(t *testing.T) {
	t0 := time.Unix(1000, 0)
	ms := time.Millisecond
	type pkt struct {
		at   time.Duration // arrival, after t0
		size int
		want time.Duration // delivery after t0; -1: dropped
	}
	cases := []struct {
		name string
		dir  Dir
		pkts []pkt
	}{
		{"delay only", Dir{Delay: 50 * ms}, []pkt{
			{0, 1500, 50 * ms}, {0, 1500, 50 * ms}, {10 * ms, 40, 60 * ms},
		}},
		// 8 Mbit/s: 1000 bytes take 1 ms on the wire; back-to-back packets
		// queue behind each other, a later one finds the link idle.
		{"rate serialises", Dir{Delay: 10 * ms, Rate: 8_000_000}, []pkt{
			{0, 1000, 11 * ms}, {0, 1000, 12 * ms}, {0, 1000, 13 * ms}, {20 * ms, 1000, 31 * ms},
		}},
		// A 2000-byte queue: the third packet would wait behind 2000 bytes
		// plus its own 1000, so it is dropped; once the queue drains it fits.
		{"tail drop", Dir{Rate: 8_000_000, QueueBytes: 2000}, []pkt{
			{0, 1000, 1 * ms}, {0, 1000, 2 * ms}, {0, 1000, -1}, {1 * ms, 1000, 3 * ms},
		}},
		{"loss all", Dir{Delay: ms, Loss: 1}, []pkt{{0, 100, -1}, {0, 100, -1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newShaper(c.dir, 1)
			for i, p := range c.pkts {
				at, ok := s.admit(t0.Add(p.at), p.size)
				got := at.Sub(t0)
				if !ok {
					got = -1
				}
				if got != p.want {
					t.Errorf("packet %d: delivered at %v, want %v (-1: dropped)", i, got, p.want)
				}
			}
		})
	}
}

// TestShaperLossFraction checks that random loss drops about the fraction
// asked for, and that the default queue holds a bandwidth-delay product.
func TestShaperLossFraction(t *testing.T) {
	for _, loss := range []float64{0, 0.01, 0.2} {
		s := newShaper(Dir{Loss: loss}, 7)
		dropped := 0
		const n = 100000
		for i := 0; i < n; i++ {
			if _, ok := s.admit(time.Unix(0, 0), 100); !ok {
				dropped++
			}
		}
		if got := float64(dropped) / n; got < loss*0.8 || got > loss*1.2 {
			t.Errorf("loss %v: dropped %.4f of packets", loss, got)
		}
	}
	if q := newShaper(Dir{Delay: 50 * time.Millisecond, Rate: 100_000_000}, 1).queue; q != 1_250_000 {
		t.Errorf("default queue at 100 Mbit/s and 100 ms RTT: %d bytes, want 1250000", q)
	}
}

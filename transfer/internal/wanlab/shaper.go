//go:build linux

package wanlab

import (
	"math/rand/v2"
	"time"
)

// Dir is how one direction of the emulated link treats packets.
type Dir struct {
	// Delay is added to every packet (one way: RTT = the two Delays).
	Delay time.Duration
	// Rate limits the direction to this many bits per second, as a
	// bottleneck link would: packets leave one after the other, each taking
	// its size's time on the wire. 0: no limit.
	Rate int64
	// Loss drops this fraction of packets at random (0 to 1).
	Loss float64
	// QueueBytes is the bottleneck's queue in front of the rate limit; a
	// packet that does not fit is dropped (tail drop), which is how TCP
	// learns the rate. 0: one bandwidth-delay product of this direction's
	// rate over a round trip of twice Delay, at least 64 KiB, so one TCP
	// stream can fill the link.
	QueueBytes int
}

// shaper decides for one direction when each packet arrives at the far
// end, or that it is lost. It is a pure function of the packets it is
// given and their arrival times: the emulator feeds it and then holds each
// packet until its time.
type shaper struct {
	d         Dir
	queue     int       // bytes the bottleneck queue holds
	busyUntil time.Time // when the last admitted packet is off the wire
	rnd       *rand.Rand
}

func newShaper(d Dir, seed uint64) *shaper {
	q := d.QueueBytes
	if q <= 0 && d.Rate > 0 {
		q = int(d.Rate / 8 * int64(2*d.Delay) / int64(time.Second))
		q = max(q, 64<<10)
	}
	return &shaper{d: d, queue: q, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// admit returns when a packet of n bytes that reaches the link at now
// arrives at the other end, or ok false when it is dropped: at random
// (Loss) or because the bottleneck queue is full.
func (s *shaper) admit(now time.Time, n int) (at time.Time, ok bool) {
	if s.d.Loss > 0 && s.rnd.Float64() < s.d.Loss {
		return time.Time{}, false
	}
	leave := now
	if s.d.Rate > 0 {
		start := now
		if s.busyUntil.After(now) {
			// Bytes still waiting in front of this packet.
			backlog := int64(s.busyUntil.Sub(now)) * s.d.Rate / 8 / int64(time.Second)
			if backlog+int64(n) > int64(s.queue) {
				return time.Time{}, false
			}
			start = s.busyUntil
		}
		leave = start.Add(time.Duration(int64(n) * 8 * int64(time.Second) / s.d.Rate))
		s.busyUntil = leave
	}
	return leave.Add(s.d.Delay), true
}

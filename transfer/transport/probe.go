package transport

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// What auto mode's probe (package ftp) needs from a control connection:
// its measured round trip, a data timeout it can shorten while probing and
// restore once a method works, the data connection it was still waiting
// for when it lost the race, and a Close that ends that wait at once.

// ErrMethodRefused marks a data connection the server would not set up: it
// answered every method's command (EPSV, PASV, EPRT, PORT) with a refusal,
// as opposed to a data connection that was tried and failed.
var ErrMethodRefused = errors.New("the server refused every method")

// probeState is embedded in Conn.
type probeState struct {
	rtt      time.Duration // the control connection's TCP connect: one round trip
	dataTO   atomic.Int64  // nanoseconds; 0: the configured data timeout
	inflight atomic.Pointer[StepError]
	ctx      context.Context // ended by Close: stops a data connect under way
	stop     context.CancelFunc
}

func (p *probeState) init() { p.ctx, p.stop = context.WithCancel(context.Background()) }

// RTT is the round trip measured when the control connection was opened
// (the time its TCP connect took).
func (c *Conn) RTT() time.Duration { return c.rtt }

// SetDataTimeout bounds the data connections opened from now on (connect
// or accept); 0 restores the configured timeout.
func (c *Conn) SetDataTimeout(d time.Duration) { c.dataTO.Store(int64(d)) }

func (c *Conn) dataTimeout() time.Duration {
	if d := time.Duration(c.dataTO.Load()); d > 0 {
		return d
	}
	return c.cfg.dataTimeout()
}

// InFlight is the last data connection this control connection opened or
// announced (method and address), for saying what a probe that lost the
// race was still waiting for; nil when it never got that far.
func (c *Conn) InFlight() *StepError { return c.inflight.Load() }

func (c *Conn) setInFlight(m Method, addr string) {
	c.inflight.Store(&StepError{Step: StepData, Method: m, Addr: addr})
}

// closeActive closes the active data connections the library holds or
// waits on, so that Close ends their accept at once; c.mu is held.
func (c *Conn) closeActive() {
	for _, d := range []*dataConn{c.handed, c.waiting} {
		if d != nil {
			d.Close()
		}
	}
	c.handed, c.waiting = nil, nil
}

// Bounds of auto mode's timing, derived from the control connection's
// round trip (RTT). The measurements behind them are in
// docs/ARCHITECTURE.md ("Auto mode").
const (
	// minStagger: a data connect is one command and one TCP handshake, two
	// round trips; on a LAN that is well under a millisecond, but a loaded
	// machine schedules goroutines in tens of milliseconds, and starting a
	// second control connection for a method that was about to work costs
	// the server a login. RFC 8305 recommends 250 ms.
	minStagger = 300 * time.Millisecond
	maxStagger = 1 * time.Second
	// minProbeTimeout: Linux retransmits an unanswered SYN after 1 s, so a
	// path that lost one SYN still connects before 1.5 s.
	minProbeTimeout = 1500 * time.Millisecond
)

// Stagger is how long auto mode lets a method try to carry a listing
// before it starts the next method beside it (Happy Eyeballs, RFC 8305):
// four round trips (the command, the TCP handshake, twice over), at least
// minStagger, at most maxStagger.
func Stagger(rtt time.Duration) (time.Duration, string) {
	d := 4 * rtt
	switch {
	case d < minStagger:
		return minStagger, fmt.Sprintf("4 × round trip %s is under the %s floor", rtt.Round(time.Microsecond), minStagger)
	case d > maxStagger:
		return maxStagger, fmt.Sprintf("4 × round trip %s is over the %s cap", rtt.Round(time.Millisecond), maxStagger)
	}
	return d, fmt.Sprintf("4 × round trip %s", rtt.Round(time.Millisecond))
}

// ProbeTimeout bounds a probe's data connection: ten round trips, at
// least minProbeTimeout (one lost SYN), never more than full, the data
// timeout that applies once a method is known to work.
func ProbeTimeout(rtt, full time.Duration) (time.Duration, string) {
	d := 10 * rtt
	if d < minProbeTimeout {
		d = minProbeTimeout
	}
	if d >= full {
		return full, fmt.Sprintf("the data timeout %s (10 × round trip %s is not shorter)", full, rtt.Round(time.Millisecond))
	}
	if d == minProbeTimeout {
		return d, fmt.Sprintf("the %s floor (10 × round trip %s is less)", minProbeTimeout, rtt.Round(time.Microsecond))
	}
	return d, fmt.Sprintf("10 × round trip %s", rtt.Round(time.Millisecond))
}

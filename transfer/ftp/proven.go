package ftp

import (
	"context"
	"fmt"
	"sync"
	"time"

	"portside/transfer/transport"
)

// Auto mode proves a method by carrying a listing on it (probe.go): four
// round trips (EPSV, the data connection, LIST and its 226), 0.4 s at
// 100 ms, on every connection. A session pool opens several connections
// to one site within seconds (a segmented download's ranges, a folder's
// parallel files), and each would prove again what the first just proved.
// Sessions that share a Proven (Config.Proven: the caller gives the
// connections of one site the same) trust a method another of them proved
// within provenFor: they dial with it alone, no listing. If its data
// connection then fails, the session's next connect probes again avoiding
// it (ensure), and the Proven is forgotten.

// provenFor: long enough for one batch's connections, short enough that a
// changed network (a laptop that moved) is probed again soon.
const provenFor = 10 * time.Minute

// Proven is what one site's connections share about auto mode: the
// method one of them proved last, and when. The zero value is ready.
type Proven struct {
	mu   sync.Mutex
	m    transport.Method
	when time.Time
	// pipe is what a probe found about pipelining (transport/pipeline.go):
	// 0 unknown, 1 answered, -1 did not.
	pipe int
	// probing is closed when the connection probing now is done: the
	// others log in meanwhile and wait for its finding.
	probing chan struct{}
}

// claim gives the method proven lately (ok); else, while another
// connection probes, a channel closed when it is done (wait); else it
// makes the caller the prober, which calls finish when done.
func (p *Proven) claim() (m transport.Method, age time.Duration, ok bool, wait <-chan struct{}, finish func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if age = time.Since(p.when); !p.when.IsZero() && age <= provenFor {
		return p.m, age, true, nil, nil
	}
	if p.probing != nil {
		return 0, 0, false, p.probing, nil
	}
	ch := make(chan struct{})
	p.probing = ch
	return 0, 0, false, nil, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		close(ch)
		p.probing = nil
	}
}

// pipelined records a probe's finding; it reports whether that is news
// (a nil Proven: always), so that connections probing at once tell the
// profile once.
func (p *Proven) pipelined(ok bool) bool {
	if p == nil {
		return true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	was := p.pipe
	p.pipe = -1
	if ok {
		p.pipe = 1
	}
	return p.pipe != was
}

// pipelines says what a connection of the site found about pipelining.
func (p *Proven) pipelines() (ok, known bool) {
	if p == nil {
		return false, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pipe > 0, p.pipe != 0
}

func (p *Proven) remember(m transport.Method) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m, p.when = m, time.Now()
}

func (p *Proven) forget() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.when = time.Time{}
}

func (p *Proven) get() (transport.Method, time.Duration, bool) {
	if p == nil {
		return 0, 0, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	age := time.Since(p.when)
	return p.m, age, !p.when.IsZero() && age <= provenFor
}

// dialProven connects with the method another connection proved lately,
// without a listing: at once, or after the connection probing now is done
// (logged in meanwhile). ok is false when there is no proof (the caller
// probes, and calls finish when done: the others wait for it) or the
// connection failed.
func (s *Session) dialProven(ctx context.Context) (ok bool, finish func()) {
	noop := func() {}
	p := s.cfg.Proven
	if p == nil {
		return false, noop
	}
	m, age, found, wait, finish := p.claim()
	if finish != nil {
		return false, finish
	}
	if !found {
		m = transport.EPSV // set again below, once the prober has found one
	}
	sc, ctl, err := s.dial(ctx, []transport.Method{m})
	if err != nil {
		return false, noop
	}
	if wait != nil {
		select {
		case <-wait:
		case <-ctx.Done():
		}
		if m, age, found = p.get(); !found || ctx.Err() != nil {
			ctl.Close()
			return false, noop // it found nothing: this one probes itself
		}
		ctl.SetMethods([]transport.Method{m})
	}
	s.setConn(sc, ctl)
	s.probe = &Probe{Method: m, When: time.Now(), Reason: fmt.Sprintf("%s carried a listing on another connection %s ago", m, age.Round(time.Second))}
	s.method, s.broken = m, nil
	known := m
	s.cfg.Known = &known
	s.note("using_proven", map[string]string{"Method": m.String(), "Age": age.Round(time.Second).String()}, "Using %s: %s", m, s.probe.Reason)
	return true, noop
}

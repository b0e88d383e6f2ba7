package ftp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	jftp "github.com/jlaffaye/ftp"

	"portside/transfer"
	"portside/transfer/transport"
)

// Auto mode races the data connection methods the way Happy Eyeballs races
// addresses (RFC 8305). Each method gets its own control connection and
// must carry a real listing to win. The first starts at once; when it has
// not carried its listing within the stagger (derived from the control
// connection's round trip) the next starts beside it, and a method that
// fails starts the next at once. The first listing wins; the others are
// closed, and the probe records why each lost.
//
// What a stalled method shows is used: EPSV and PASV (without "use the
// address as sent") go to the same host and passive port range, and EPRT
// and PORT ask the server to reach the same address of ours, so while one
// of a pair stalls or has timed out, the other family goes next.
//
// A server that allows one connection (a 421, or a site limit of 1) gets
// the methods one at a time, each with the short probe timeout.

// maxRacers bounds the control connections a probe holds at once: servers
// count connections per address (vsftpd max_per_ip, pure-ftpd -C), and a
// session pool may be probing from several workers.
const maxRacers = 2

// racer is one method's try.
type racer struct {
	m       transport.Method
	start   time.Duration
	cancel  context.CancelFunc
	sc      *jftp.ServerConn
	ctl     *transport.Conn
	ready   bool // logged in; its listing is under way
	done    bool
	patient bool // probing one at a time: a 421 is waited out, not final
}

// raceEvent is what a racer's goroutine reports: logged in (ready), or
// finished (err nil: it carried the listing).
type raceEvent struct {
	r       *racer
	ready   bool
	sc      *jftp.ServerConn
	ctl     *transport.Conn
	err     error
	dialErr bool // failed before its data connection: connect, TLS or login
	at      time.Duration
	grant   chan<- time.Duration // with ready: the data timeout to list with (0: the full one)
}

// family groups methods that share a path: evidence about one is evidence
// about the other.
func (s *Session) family(m transport.Method) string {
	switch {
	case !m.Passive():
		return "active"
	case s.cfg.UseSentPassiveAddress:
		return m.String() // PASV may go elsewhere than EPSV
	}
	return "passive"
}

// autoProbe finds the method that carries a listing; see the comment at
// the top of this file.
func (s *Session) autoProbe(ctx context.Context, avoid *transport.Method) (*Probe, *jftp.ServerConn, *transport.Conn, error) {
	began := time.Now()
	since := func() time.Duration { return time.Since(began) }
	p := &Probe{When: began}
	queue := s.candidates(avoid)
	limit := maxRacers
	if s.cfg.MaxConns == 1 {
		limit = 1
	}
	events := make(chan raceEvent, 2*len(queue)+2)
	var racers []*racer
	stalled := map[string]bool{} // families whose method stalled or timed out
	running := func() (n int) {
		for _, r := range racers {
			if !r.done {
				n++
			}
		}
		return n
	}
	// launch starts the next method; key and args say why now (the
	// window words them: auto_trying, auto_trying_stalled, …).
	launch := func(key string, args map[string]string, why string) {
		i := 0
		for j, m := range queue {
			if !stalled[s.family(m)] {
				i = j
				break
			}
		}
		m := queue[i]
		queue = append(queue[:i:i], queue[i+1:]...)
		rctx, cancel := context.WithCancel(ctx)
		r := &racer{m: m, start: since(), cancel: cancel, patient: limit == 1 && len(racers) > 0}
		racers = append(racers, r)
		if args == nil {
			args = map[string]string{}
		}
		args["Method"], args["At"] = m.String(), ms(r.start)
		s.note(key, args, "Auto mode: trying %s at %s%s", m, ms(r.start), why)
		go s.race(rctx, r, began, events)
	}
	var timer <-chan time.Time
	var failed []*Attempt
	var settings *transport.ActiveSettings // for the advice, from the first login
	requeued := map[transport.Method]bool{}
	launch("auto_trying", nil, "")
	for running() > 0 {
		select {
		case <-timer:
			timer = nil
			for _, r := range racers {
				if r.ready && !r.done {
					stalled[s.family(r.m)] = true
				}
			}
			if len(queue) > 0 && running() < limit {
				prev, after := racers[len(racers)-1].m, ms(since()-racers[len(racers)-1].start)
				launch("auto_trying_stalled", map[string]string{"Prev": prev.String(), "After": after},
					fmt.Sprintf(" (%s has carried no listing after %s)", prev, after))
			}
		case ev := <-events:
			r := ev.r
			if ev.ready {
				r.ready, r.sc, r.ctl = true, ev.sc, ev.ctl
				if settings == nil {
					as := r.ctl.ActiveSettings()
					settings = &as
				}
				ev.grant <- s.probeTimeout(r, queue, running(), stalled[s.family(r.m)])
				if r == racers[len(racers)-1] && len(queue) > 0 {
					st, why := transport.Stagger(r.ctl.RTT())
					s.note("auto_next_"+staggerCode(st, r.ctl.RTT()), map[string]string{"Wait": ms(st), "Method": r.m.String(), "RTT": r.ctl.RTT().Round(time.Microsecond).String()},
						"Auto mode: next method in %s unless %s carries a listing first (%s)", ms(st), r.m, why)
					timer = time.After(st)
				}
				continue
			}
			r.done = true
			if ev.err == nil {
				return s.raceWon(p, r, ev, racers, failed, events, since)
			}
			if ev.dialErr && running() > 0 && !requeued[r.m] {
				// The server allows fewer connections than we raced with
				// (a 421, or a reset): probe one at a time from here, this
				// method again later.
				limit, requeued[r.m] = 1, true
				queue = append([]transport.Method{r.m}, queue...)
				s.note("auto_one_at_a_time", errArgs(ev.err, nil),
					"Auto mode: the server refused a second connection (%v); probing one method at a time", ev.err)
				continue
			}
			if ev.dialErr && running() == 0 {
				return nil, nil, nil, ev.err // not a data-connection matter: probing cannot help
			}
			if !errors.Is(ev.err, transport.ErrMethodRefused) {
				stalled[s.family(r.m)] = true
			}
			a := &Attempt{Method: r.m, Err: ev.err, Start: r.start, Took: ev.at - r.start}
			failed = append(failed, a)
			p.Attempts = append(p.Attempts, *a)
			s.note("auto_failed", errArgs(ev.err, map[string]string{"Method": r.m.String(), "Took": ms(a.Took)}),
				"Auto mode: %s failed after %s: %v", r.m, ms(a.Took), ev.err)
			if err := ctx.Err(); err != nil {
				s.stopRacers(racers, events)
				return nil, nil, nil, err
			}
		}
		for len(queue) > 0 && running() < limit && (running() == 0 || timer == nil && allReadyStalled(racers)) {
			launch("auto_trying_after_failures", nil, " (the methods before it failed)")
		}
	}
	err := &NoMethodError{Addr: s.cfg.Addr(), Attempts: p.Attempts}
	if s.cfg.Proxied() {
		err.Proxy = s.cfg.Proxy.String()
	}
	if settings != nil {
		err.Settings = *settings
	}
	s.logf(transport.Failure, "%v", err)
	return nil, nil, nil, err
}

// probeTimeout is the data timeout for racer r as its listing starts:
// short while another way is left (another family in the queue, or
// another racer running), the full data timeout when r is the last hope.
// EPRT after EPSV and PASV were refused is such a case: PORT behind it
// takes the same path, and cutting EPRT short on a slow machine would
// fail a server that works (proftpd without passive mode did, in the
// interop suite on a loaded machine).
func (s *Session) probeTimeout(r *racer, queue []transport.Method, running int, familyFailed bool) time.Duration {
	full := s.cfg.Config.DataTimeout
	if full <= 0 {
		full = 10 * time.Second
	}
	// Once the full wait was spent on a family (EPRT silent), its other
	// member (PORT) is tried only briefly: it takes the same path.
	last := running == 1 && !familyFailed
	for _, m := range queue {
		last = last && s.family(m) == s.family(r.m)
	}
	rtt := r.ctl.RTT()
	if last {
		s.note("auto_wait_last", map[string]string{"Method": r.m.String(), "RTT": rtt.Round(time.Microsecond).String(), "Wait": ms(full)},
			"Auto mode: %s logged in (round trip %s); the last way left, so its data connection may take the full %s",
			r.m, rtt.Round(time.Microsecond), ms(full))
		return 0
	}
	pt, why := transport.ProbeTimeout(rtt, full)
	s.note("auto_wait_"+probeTimeoutCode(pt, rtt, full), map[string]string{"Method": r.m.String(), "RTT": rtt.Round(time.Microsecond).String(), "Wait": ms(pt)},
		"Auto mode: %s logged in (round trip %s); its data connection may take %s: %s", r.m, rtt.Round(time.Microsecond), ms(pt), why)
	return pt
}

// allReadyStalled: every running racer is past its stagger, so a freed
// slot may start the next method at once.
func allReadyStalled(racers []*racer) bool {
	for _, r := range racers {
		if !r.done && !r.ready {
			return false
		}
	}
	return true
}

// race runs one racer: log in, then list; it reports both.
func (s *Session) race(ctx context.Context, r *racer, began time.Time, events chan<- raceEvent) {
	sc, ctl, err := s.dial(ctx, []transport.Method{r.m})
	for try := 0; r.patient && try < 4 && errors.Is(err, transfer.ErrTooMany); try++ {
		// One at a time: the server may not have seen the last probe's
		// connection close yet.
		select {
		case <-ctx.Done():
		case <-time.After(250 * time.Millisecond << try):
			sc, ctl, err = s.dial(ctx, []transport.Method{r.m})
		}
	}
	if err != nil {
		events <- raceEvent{r: r, err: err, dialErr: true, at: time.Since(began)}
		return
	}
	// The scheduler says how long the data connection may take: short
	// while something else is left to try, the full timeout when not.
	grant := make(chan time.Duration, 1)
	events <- raceEvent{r: r, ready: true, sc: sc, ctl: ctl, at: time.Since(began), grant: grant}
	stop := context.AfterFunc(ctx, func() { ctl.Close() })
	select {
	case d := <-grant:
		ctl.SetDataTimeout(d)
	case <-ctx.Done(): // the List below fails at once on the closed connection
	}
	// Only that a listing arrives matters, not what it holds: the login
	// folder may hold a million entries (the library would build them all).
	ctl.StreamListing(func([]byte) error { return nil })
	_, err = sc.List("")
	ctl.StreamListing(nil)
	stop()
	if err != nil {
		if de := ctl.DataError(); de != nil {
			err = de
		}
		sc.Quit()
		ctl.Close()
	}
	events <- raceEvent{r: r, err: err, at: time.Since(began)}
}

// raceWon keeps the winner, stops the others and records why each lost.
func (s *Session) raceWon(p *Probe, w *racer, ev raceEvent, racers []*racer, failed []*Attempt, events chan raceEvent, since func() time.Duration) (*Probe, *jftp.ServerConn, *transport.Conn, error) {
	w.ctl.SetDataTimeout(0) // the method works: the full timeout from now on
	won := ev.at
	var lost, lostM, failedM []string // the methods, for a front end to word (Event.Args)
	for _, r := range racers {
		if r.done {
			continue
		}
		r.cancel()
		took := won - r.start
		var err error
		if in := r.ctlInFlight(); in != nil {
			in.Err = fmt.Errorf("no data connection after %s; stopped when %s won", ms(took), w.m)
			err = in
		} else {
			err = fmt.Errorf("still connecting after %s; stopped when %s won", ms(took), w.m)
		}
		p.Attempts = append(p.Attempts, Attempt{Method: r.m, Err: err, Start: r.start, Took: took, Lost: true})
		lost = append(lost, fmt.Sprintf("%s lost: %v", r.m, err))
		lostM = append(lostM, r.m.String())
	}
	s.stopRacers(racers, events)
	for _, a := range failed {
		lost = append(lost, fmt.Sprintf("%s failed after %s: %v", a.Method, ms(a.Took), a.Err))
		failedM = append(failedM, a.Method.String())
	}
	p.Attempts = append(p.Attempts, Attempt{Method: w.m, Start: w.start, Took: won - w.start})
	p.Method = w.m
	p.Reason = fmt.Sprintf("%s carried a listing %s after the probe began", w.m, ms(won))
	if len(lost) > 0 {
		p.Reason += "; " + strings.Join(lost, "; ")
	}
	s.note("auto_chose", map[string]string{"Method": w.m.String(), "Reason": p.Reason, "Won": ms(won), "Others": strings.Join(lost, "; "),
		"Lost": strings.Join(lostM, ","), "Failed": strings.Join(failedM, ",")},
		"Auto mode chose %s: %s", w.m, p.Reason)
	return p, w.sc, w.ctl, nil
}

// ctlInFlight is what a racer's control connection was waiting for, as a
// copy the caller may fill in.
func (r *racer) ctlInFlight() *transport.StepError {
	if r.ctl == nil {
		return nil
	}
	in := r.ctl.InFlight()
	if in == nil {
		return nil
	}
	c := *in
	return &c
}

// stopRacers cancels every racer still running and waits for each to
// report, so that no connection of the probe outlives it. Cancelling
// closes the connection, which ends any wait at once; the bound is only
// against a bug.
func (s *Session) stopRacers(racers []*racer, events chan raceEvent) {
	n := 0
	for _, r := range racers {
		if !r.done {
			r.cancel()
			n++
		}
	}
	deadline := time.After(10 * time.Second)
	for n > 0 {
		select {
		case ev := <-events:
			if ev.ready {
				continue
			}
			ev.r.done = true
			n--
		case <-deadline:
			s.noteKind(transport.Failure, "auto_unclosed", map[string]string{"Count": strconv.Itoa(n)},
				"Auto mode: %d probe connections did not close within 10 s", n)
			return
		}
	}
	for _, r := range racers {
		r.cancel() // release each context
	}
}

func ms(d time.Duration) string { return d.Round(time.Millisecond).String() }

// staggerCode says which bound transport.Stagger's wait st came from for
// the round trip rtt, for the window's wording: the floor, the cap, or
// four round trips.
func staggerCode(st, rtt time.Duration) string {
	switch {
	case st > 4*rtt:
		return "floor"
	case st < 4*rtt:
		return "cap"
	}
	return "rtt"
}

// probeTimeoutCode is the same for transport.ProbeTimeout: the whole data
// timeout, its floor, or ten round trips.
func probeTimeoutCode(pt, rtt, full time.Duration) string {
	switch {
	case pt == full:
		return "full"
	case pt > 10*rtt:
		return "floor"
	}
	return "rtt"
}

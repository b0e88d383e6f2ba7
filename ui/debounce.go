package ui

import (
	"sync"
	"time"
)

// debounce runs f once, wait after the last of a burst of Triggers: a
// queue of 500 small files finishing must not list a folder 500 times.
// A steady stream still runs f every maxWait, so the pane keeps up with a
// long queue rather than waiting for its end.
type debounce struct {
	wait, maxWait time.Duration
	do            func(func()) // runs f on the UI goroutine
	f             func()

	mu    sync.Mutex
	timer *time.Timer
	gen   int       // the pending timer's; an older one that fires late does nothing
	first time.Time // of the burst not yet run
}

// Trigger asks for f to run soon.
func (d *debounce) Trigger() {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	if d.timer == nil {
		d.first = now
	} else if now.Sub(d.first) < d.maxWait {
		d.timer.Stop()
	} else {
		return // due soon anyway
	}
	d.gen++
	gen := d.gen
	d.timer = time.AfterFunc(d.wait, func() { d.fire(gen) })
}

func (d *debounce) fire(gen int) {
	d.mu.Lock()
	if gen != d.gen {
		d.mu.Unlock()
		return
	}
	d.timer = nil
	d.mu.Unlock()
	d.do(d.f)
}

// Stop cancels a pending run.
func (d *debounce) Stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	d.gen++
}

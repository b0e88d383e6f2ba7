package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
)

// The frame-time probe (--frame-probe, for scripts/bench-ui.sh; issue #12
// asks that no frame take longer than 100 ms). Fyne draws on the same
// goroutine that runs fyne.Do's functions and every callback, so how late
// a function handed to fyne.Do runs is how long the window could not
// draw. Every probeEvery the probe hands one over and notes the delay;
// every probeReport it prints the longest:
//
//	portside: frame probe max 12 ms
//
// It ticks, so it runs only when asked for: an idle window must not. Its
// 100 hand-overs a second wake the window's goroutine and were most of
// what the bench once counted as Portside's idle CPU above the bare
// window's (1.3 % against 1.05 %). So the bench pauses it while it
// measures idle CPU: a line "probe off" on standard input stops both
// tickers, "probe on" starts them again (probeCommands).
const (
	probeEvery  = 10 * time.Millisecond
	probeReport = time.Second
	probeStall  = 250 * time.Millisecond // a frame this late prints where it is
)

// uiStack is the stack of the goroutine Fyne draws and runs callbacks on:
// the main goroutine, which Fyne's GL driver keeps.
func uiStack() string {
	buf := make([]byte, 1<<20)
	all := string(buf[:runtime.Stack(buf, true)])
	for _, g := range strings.Split(all, "\n\n") {
		if strings.HasPrefix(g, "goroutine 1 ") {
			return g
		}
	}
	return all
}

// probeOn: --frame-probe; run starts the probe once the app exists.
var probeOn bool

// ticker is what the probe needs of a time.Ticker; tests give it their own.
type ticker interface {
	C() <-chan time.Time
	Stop()
}

type realTicker struct{ *time.Ticker }

func (t realTicker) C() <-chan time.Time { return t.Ticker.C }

func newRealTicker(d time.Duration) ticker { return realTicker{time.NewTicker(d)} }

// probe is the loop behind --frame-probe.
type probe struct {
	do        func(func()) // fyne.Do: runs on the window's goroutine
	out       io.Writer    // the reports (standard error)
	newTicker func(time.Duration) ticker
	stack     func() string // the window goroutine's stack, for a stall
}

func frameProbe() {
	p := &probe{do: fyne.Do, out: os.Stderr, newTicker: newRealTicker, stack: uiStack}
	ctl := make(chan bool)
	// A terminal is left alone: a read from it would stop a window
	// started in the background of a shell (SIGTTIN). The bench's standard
	// input is a pipe.
	if fi, err := os.Stdin.Stat(); err == nil && fi.Mode()&os.ModeCharDevice == 0 {
		go probeCommands(os.Stdin, ctl)
	}
	go p.run(ctl)
}

// probeCommands reads "probe off" and "probe on" lines from r until it
// ends, and sends false or true for each; other lines are ignored. A line
// is read at most 4 KiB long (a longer one ends the reading), so whatever
// is on standard input cannot grow the buffer without bound.
func probeCommands(r io.Reader, ctl chan<- bool) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 256), 4096)
	for sc.Scan() {
		switch strings.TrimSpace(sc.Text()) {
		case "probe off":
			ctl <- false
		case "probe on":
			ctl <- true
		}
	}
}

// run hands a function to the window's goroutine each tick and reports
// the longest delay each second, until ctl says off; then it holds no
// ticker (nothing wakes the window) until ctl says on. It returns when
// ctl is closed.
func (p *probe) run(ctl <-chan bool) {
	var worst atomic.Int64 // nanoseconds, this report's longest
	var pending atomic.Bool
	var asked atomic.Value // time.Time: when the pending one was handed over
	shown := false         // this stall's stack was printed
	var tick, report ticker
	start := func() {
		tick, report = p.newTicker(probeEvery), p.newTicker(probeReport)
	}
	stop := func() {
		tick.Stop()
		report.Stop()
		tick, report = nil, nil
	}
	start()
	for {
		var tc, rc <-chan time.Time // nil while off: those cases never fire
		if tick != nil {
			tc, rc = tick.C(), report.C()
		}
		select {
		case on, ok := <-ctl:
			switch {
			case !ok:
				if tick != nil {
					stop()
				}
				return
			case on && tick == nil:
				worst.Store(0)
				start()
			case !on && tick != nil:
				stop()
			}
		case <-tc:
			if !pending.CompareAndSwap(false, true) {
				// The last one has not run yet: it is counted when it
				// does. Caught in a long frame, show where the window is.
				if late := time.Since(asked.Load().(time.Time)); late > probeStall && !shown {
					shown = true
					fmt.Fprintf(p.out, "portside: frame probe: no frame for %d ms; the window's goroutine:\n%s\n", late.Milliseconds(), p.stack())
				}
				continue
			}
			shown = false
			now := time.Now()
			asked.Store(now)
			p.do(func() {
				d := time.Since(now).Nanoseconds()
				for w := worst.Load(); d > w && !worst.CompareAndSwap(w, d); w = worst.Load() {
				}
				pending.Store(false)
			})
		case <-rc:
			fmt.Fprintf(p.out, "portside: frame probe max %d ms\n", worst.Swap(0)/int64(time.Millisecond))
		}
	}
}
